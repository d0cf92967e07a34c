// Fashion-MNIST from Debian's dataset-fashion-mnist: row counts, labels, class balance and the fast tensor path.
using MLNet.Gan.Torch;

namespace MLNet.Gan.Data.Tests;

[TestClass]
public sealed class FashionMnistTests
{
    // First labels and pixel sums read from the .gz files with numpy (tests/reference, by hand).
    private static readonly uint[] s_firstTrainLabels = { 9, 0, 0, 3, 0, 2, 7, 2, 5, 5, 0, 9 };
    private static readonly uint[] s_firstTestLabels = { 9, 2, 1, 1, 6, 1, 4, 6, 5, 7, 4, 5 };

    [TestMethod]
    [DataRow(FashionMnistSplit.Train, 60000, 6000)]
    [DataRow(FashionMnistSplit.Test, 10000, 1000)]
    public void SplitLoadsEveryRowWithBalancedClasses(FashionMnistSplit split, int rows, int perClass)
    {
        var ctx = new GanContext(seed: 1);
        var data = ctx.Data.LoadFashionMnist(split);
        Assert.AreEqual(rows, data.GetRowCount());
        Assert.AreEqual(new ImageDataViewType(28, 28), data.Schema["Image"].Type);
        Assert.AreEqual(new KeyDataViewType(10), data.Schema["Label"].Type);
        CollectionAssert.AreEqual(FashionMnist.ClassNames.ToArray(), data.Schema["Label"].GetKeyValueNames());

        var counts = new int[10];
        var first = new List<uint>();
        foreach (var key in data.GetColumn<uint>("Label"))
        {
            counts[key - 1]++;
            if (first.Count < 12)
            {
                first.Add(key - 1);
            }
        }

        Assert.AreEqual(rows, counts.Sum());
        Assert.IsTrue(counts.All(c => c == perClass), string.Join(", ", counts));
        CollectionAssert.AreEqual(split == FashionMnistSplit.Train ? s_firstTrainLabels : s_firstTestLabels, first);
    }

    [TestMethod]
    public void FirstImageHasTheFilesPixels()
    {
        var data = new GanContext().Data.LoadFashionMnist(FashionMnistSplit.Train);
        var image = data.GetColumn<MLImage>("Image").First();
        Assert.AreEqual((28, 28, 1), (image.Width, image.Height, image.Channels));
        Assert.AreEqual(76247, image.Pixels.Sum(b => b));
        CollectionAssert.AreEqual(new byte[] { 0, 0, 237, 226, 217, 223, 222, 219 }, image.Pixels[((14 * 28) + 10)..((14 * 28) + 18)]);
    }

    [TestMethod]
    public void TestSplitMaterialisesIntoOneTensorInMinusOneToOne()
    {
        using var scope = Torch.Torch.NewScope();
        var data = new GanContext().Data.LoadFashionMnist(FashionMnistSplit.Test);
        var (images, labels) = ImageTensors.Materialize(data);
        CollectionAssert.AreEqual(new long[] { 10000, 1, 28, 28 }, images.Shape);
        Assert.AreEqual(ScalarType.Float32, images.Dtype);
        Assert.AreEqual(-1.0, images.Min().ToDouble(), 1e-6);
        Assert.AreEqual(1.0, images.Max().ToDouble(), 1e-6);
        // Image 0 sums to 33456 over 784 pixels: sum(v/127.5 - 1) = 33456/127.5 - 784.
        using var first = images.Reshape(10000, 784).Sum([1], false);
        Assert.AreEqual((33456 / 127.5) - 784, first.ToArray<float>()[0], 1e-3);

        Assert.IsNotNull(labels);
        Assert.AreEqual(ScalarType.Int64, labels.Dtype);
        CollectionAssert.AreEqual(s_firstTestLabels.Select(l => (long)l).ToArray(), labels.ToArray<long>()[..12]);
    }

    [TestMethod]
    public void MissingFolderSaysHowToInstall()
    {
        var previous = Environment.GetEnvironmentVariable(FashionMnist.FolderVariable);
        try
        {
            Environment.SetEnvironmentVariable(FashionMnist.FolderVariable, "/nonexistent/fashion");
            var e = Assert.ThrowsExactly<FileNotFoundException>(() => FashionMnist.Files(FashionMnistSplit.Test));
            StringAssert.Contains(e.Message, "/nonexistent/fashion/t10k-images-idx3-ubyte.gz");
            StringAssert.Contains(e.Message, "dataset-fashion-mnist");
        }
        finally
        {
            Environment.SetEnvironmentVariable(FashionMnist.FolderVariable, previous);
        }
    }
}
