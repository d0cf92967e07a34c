// Opens a model.zip named by --model and checks it holds a GAN generator, with errors that name the file.
using MLNet.Gan.Data;

namespace MLNet.Gan.Cli;

/// <summary>Loads GAN models for the generate, info and evaluate commands.</summary>
internal static class ModelFiles
{
    public static GanTransformer Load(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            throw new CliUsageException("--model is required: the model.zip written by 'mlnet-gan train'");
        }

        if (!File.Exists(path))
        {
            throw new CliUsageException($"--model: file not found: {path}");
        }

        ITransformer loaded;
        try
        {
            loaded = new GanContext(0).Model.Load(path, out _);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or System.Text.Json.JsonException or KeyNotFoundException)
        {
            throw new CliUsageException($"--model: {path} is not a readable model file: {e.Message}");
        }

        if (loaded is GanTransformer gan)
        {
            return gan;
        }

        (loaded as IDisposable)?.Dispose();
        throw new CliUsageException($"--model: {path} holds a {loaded.GetType().Name}, not a GAN generator");
    }

    public static void RequireConditional(GanTransformer model, string path, string flag)
    {
        if (!model.IsConditional)
        {
            throw new CliUsageException($"{flag} needs a conditional model, but {path} is an unconditional GAN (it has no classes)");
        }
    }
}
