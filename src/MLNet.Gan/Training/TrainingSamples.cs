// Sample grids written while training: one row per class (or an 8x8 grid), from fixed seeds so epochs compare.
using Microsoft.ML.Data;
using MLNet.Gan.Generation;
using MLNet.Gan.Imaging;
using TorchSharp;
using static TorchSharp.torch;

namespace MLNet.Gan.Training;

/// <summary>Writes samples_epoch_N.png during training, samples_final.png and loss_curve.png at the end.</summary>
internal sealed class TrainingSamples
{
    private const int Seed = 12345;
    private const int Columns = 10;

    /// <summary>File name of the loss curve written at the end.</summary>
    public const string LossCurveFileName = "loss_curve.png";
    private readonly string _folder;
    private readonly GanTrainingSession _session;
    private readonly GanModelInfo _info;

    public TrainingSamples(string folder, GanTrainingSession session, GanModelInfo info)
    {
        _folder = folder;
        _session = session;
        _info = info;
        Directory.CreateDirectory(folder);
    }

    public List<string> Files { get; } = new();

    public void WriteEpoch(int epoch) => Write(Path.Combine(_folder, $"samples_epoch_{epoch:000}.png"));

    /// <summary>Writes the final grid and loss_curve.png, and records both in <paramref name="history"/>.</summary>
    public void WriteFinal(TrainingHistory history)
    {
        Write(Path.Combine(_folder, "samples_final.png"));
        history.SampleFiles.AddRange(Files);
        var curve = Path.Combine(_folder, LossCurveFileName);
        LossCurvePlot.Write(curve, history);
        history.LossCurveFile = curve;
    }

    private void Write(string path)
    {
        var classes = _session.Data.NumClasses;
        var rows = classes > 0 ? classes : 8;
        var count = rows * (classes > 0 ? Columns : 8);
        var network = _session.GenerationNetwork;
        var wasTraining = network.training;
        network.eval();
        MLImage[] images;
        try
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            var z = LatentSampler.ToTensor(LatentSampler.Sample(Seed, count, _info.LatentSize), count, _info.LatentSize, _session.Device);
            Tensor? labels = null;
            if (classes > 0)
            {
                var y = Enumerable.Range(0, count).Select(i => (long)(i / Columns)).ToArray();
                labels = tensor(y).to(_session.Device);
            }

            images = ImageTensors.ToImages(MixedPrecision.ToFloat32(Networks.NetworkCalls.Run(network, z, labels))); // without EMA: the bf16 training G
        }
        finally
        {
            network.train(wasTraining);
        }

        var labelsText = classes > 0 ? _session.Data.ClassNames.ToList() : null;
        SampleGrid.Save(path, images, classes > 0 ? Columns : 8, labelsText, scale: _info.Height <= 32 ? 2 : 1);
        Files.Add(path);
    }
}
