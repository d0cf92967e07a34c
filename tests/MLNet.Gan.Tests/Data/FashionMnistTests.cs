// Fashion-MNIST from Debian's dataset-fashion-mnist: row counts, class names, first labels, class balance, the
// first image's pixels through the data view, the raw-byte fast path and ML.NET transforms, and the install hint.
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;
using MLNet.Gan.Data;

namespace MLNet.Gan.Tests.Data;

[TestClass]
public sealed class FashionMnistTests
{
    // The first labels of each split, read from the .gz files with numpy.
    private static readonly uint[] s_firstTrainLabels = [9, 0, 0, 3, 0, 2, 7, 2, 5, 5, 0, 9];
    private static readonly uint[] s_firstTestLabels = [9, 2, 1, 1, 6, 1, 4, 6, 5, 7, 4, 5];

    [TestMethod]
    [DataRow(FashionMnistSplit.Train, 60000, 6000)]
    [DataRow(FashionMnistSplit.Test, 10000, 1000)]
    public void SplitLoadsEveryRowWithNamedBalancedClasses(FashionMnistSplit split, int rows, int perClass)
    {
        var data = new MLContext(seed: 1).Data.LoadFashionMnist(split);
        Assert.AreEqual((long)rows, data.GetRowCount());
        Assert.AreEqual(new ImageDataViewType(28, 28), data.Schema["Image"].Type);
        Assert.AreEqual(new KeyDataViewType(typeof(uint), 10), data.Schema["Label"].Type);
        CollectionAssert.AreEqual(
            new[] { "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot" },
            IdxDataViewTests.KeyNames(data.Schema["Label"]));

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
        var data = new MLContext().Data.LoadFashionMnist(FashionMnistSplit.Train);
        using var image = data.GetColumn<MLImage>("Image").First();
        Assert.AreEqual((28, 28), (image.Width, image.Height));
        var gray = Enumerable.Range(0, 28 * 28).Select(p => Pixels.Rgb(image, p % 28, p / 28)[0]).ToArray();
        Assert.AreEqual(76247, gray.Sum(b => b));
        CollectionAssert.AreEqual(new byte[] { 0, 0, 237, 226, 217, 223, 222, 219 }, gray[((14 * 28) + 10)..((14 * 28) + 18)]);
    }

    [TestMethod]
    public void LoadPixelsIsTheSameDataAsRawBytes()
    {
        var set = FashionMnist.LoadPixels(FashionMnistSplit.Test);
        Assert.AreEqual((10000, 28, 28), (set.Count, set.Height, set.Width));
        Assert.HasCount(10000 * 28 * 28, set.Pixels);
        CollectionAssert.AreEqual(s_firstTestLabels.Select(l => (byte)l).ToArray(), set.Labels![..12]);
        Assert.AreEqual(33456, set.GetPixels(0).ToArray().Sum(b => b), "the first test image sums to 33456");
    }

    [TestMethod]
    public void MLNetImageTransformsReadTheImageColumn()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.TakeRows(ml.Data.LoadFashionMnist(FashionMnistSplit.Test), 4);
        var pipeline = ml.Transforms.ConvertToGrayscale("Gray", "Image")
            .Append(ml.Transforms.ResizeImages("Small", imageWidth: 14, imageHeight: 14, inputColumnName: "Gray"))
            .Append(ml.Transforms.ExtractPixels("Pixels", "Small", colorsToExtract: ImagePixelExtractingEstimator.ColorBits.Red))
            .Append(ml.Transforms.ExtractPixels("Full", "Image", colorsToExtract: ImagePixelExtractingEstimator.ColorBits.Red));
        var output = pipeline.Fit(data).Transform(data);
        var small = output.GetColumn<float[]>("Pixels").ToArray();
        var full = output.GetColumn<float[]>("Full").ToArray();
        Assert.HasCount(4, small);
        Assert.HasCount(14 * 14, small[0]);
        CollectionAssert.AreEqual(FashionMnist.LoadPixels(FashionMnistSplit.Test).GetPixels(0).ToArray().Select(b => (float)b).ToArray(), full[0]);
        // Halving keeps the image's brightness roughly: mean of the 14x14 within 10 gray levels of the 28x28 mean.
        Assert.AreEqual(full[0].Average(), small[0].Average(), 10.0);
    }

    [TestMethod]
    public void MissingFolderSaysHowToInstall()
    {
        var previous = Environment.GetEnvironmentVariable(FashionMnist.FolderVariable);
        try
        {
            Environment.SetEnvironmentVariable(FashionMnist.FolderVariable, "/nonexistent/fashion");
            Assert.AreEqual("/nonexistent/fashion", FashionMnist.Folder);
            var e = Assert.ThrowsExactly<FileNotFoundException>(() => new MLContext().Data.LoadFashionMnist(FashionMnistSplit.Test));
            Assert.Contains("/nonexistent/fashion/t10k-images-idx3-ubyte.gz", e.Message);
            Assert.Contains("dataset-fashion-mnist", e.Message);
            Assert.Contains("eng/install-deps.sh", e.Message);
            Assert.Contains(FashionMnist.FolderVariable, e.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable(FashionMnist.FolderVariable, previous);
        }

        Assert.AreEqual(FashionMnist.DefaultFolder, FashionMnist.Folder);
    }

    [TestMethod]
    public void FolderArgumentWinsOverTheEnvironment()
    {
        using var idx = new IdxFixtures();
        File.Copy(idx.ImagesGz, Path.Combine(idx.Folder, "t10k-images-idx3-ubyte.gz"));
        File.Copy(idx.LabelsGz, Path.Combine(idx.Folder, "t10k-labels-idx1-ubyte.gz"));
        var data = new MLContext().Data.LoadFashionMnist(FashionMnistSplit.Test, idx.Folder);
        Assert.AreEqual(3L, data.GetRowCount());
        Assert.AreEqual(new ImageDataViewType(4, 5), data.Schema["Image"].Type);
        CollectionAssert.AreEqual(new uint[] { 8, 1, 4 }, data.GetColumn<uint>("Label").ToArray());
    }
}
