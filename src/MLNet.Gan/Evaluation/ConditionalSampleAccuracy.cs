// Scores a conditional generator: draws N images per class and asks a real-data classifier whether it sees
// the requested class — per class and overall. A generator that ignores its label scores near chance.
using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace MLNet.Gan.Evaluation;

/// <summary>The accuracy of one class of generated samples.</summary>
/// <param name="ClassIndex">The requested class.</param>
/// <param name="ClassName">Its name.</param>
/// <param name="Samples">Images generated for it.</param>
/// <param name="Correct">Images the classifier assigned to it.</param>
public sealed record ClassAccuracy(int ClassIndex, string ClassName, int Samples, int Correct)
{
    /// <summary>Correct / Samples.</summary>
    public double Accuracy => Samples == 0 ? 0 : Correct / (double)Samples;
}

/// <summary>Per-class and overall accuracy of generated samples for the class they were generated for.</summary>
/// <param name="PerClass">One entry per class.</param>
/// <param name="SamplesPerClass">Images generated per class.</param>
/// <param name="Seed">The generation seed.</param>
public sealed record ConditionalSampleAccuracyResult(IReadOnlyList<ClassAccuracy> PerClass, int SamplesPerClass, int Seed)
{
    /// <summary>All correct / all samples.</summary>
    public double Overall => PerClass.Sum(c => c.Samples) == 0 ? 0 : PerClass.Sum(c => c.Correct) / (double)PerClass.Sum(c => c.Samples);

    /// <summary>A plain-text table: one line per class and a total line.</summary>
    public string ToTable()
    {
        var width = Math.Max(5, PerClass.Count == 0 ? 5 : PerClass.Max(c => c.ClassName.Length));
        var lines = PerClass.Select(c => string.Create(CultureInfo.InvariantCulture,
            $"{c.ClassIndex,3}  {c.ClassName.PadRight(width)}  {c.Correct,5}/{c.Samples,-5}  {c.Accuracy,7:P1}"));
        return string.Join(Environment.NewLine, lines.Append(string.Create(CultureInfo.InvariantCulture,
            $"     {"total".PadRight(width)}  {PerClass.Sum(c => c.Correct),5}/{PerClass.Sum(c => c.Samples),-5}  {Overall,7:P1}")));
    }
}

/// <summary>Computes how often a classifier recognises the class a conditional generator was asked for.</summary>
public static class ConditionalSampleAccuracy
{
    /// <summary>
    /// Generates <paramref name="perClass"/> images of every class with <paramref name="model"/> and classifies them.
    /// </summary>
    /// <exception cref="ArgumentException">The model is not conditional, or its classes or image shape differ from the classifier's.</exception>
    public static ConditionalSampleAccuracyResult Evaluate(GanTransformer model, ImageClassifier classifier, int perClass, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(classifier);
        if (!model.IsConditional)
        {
            throw new ArgumentException("the model is not conditional: it takes no class label, so per-class accuracy has no meaning", nameof(model));
        }

        if (model.ImageShape != classifier.Shape)
        {
            throw new ArgumentException($"the model generates {model.ImageShape} images but the classifier takes {classifier.Shape}", nameof(model));
        }

        if (model.ClassNames.Count != classifier.ClassNames.Count)
        {
            throw new ArgumentException(
                $"the model has {model.ClassNames.Count} classes ({string.Join(", ", model.ClassNames)}) but the classifier has {classifier.ClassNames.Count}", nameof(model));
        }

        return Evaluate((count, label, s) => model.GenerateTensor(count, Enumerable.Repeat(label, count).ToArray(), s),
            classifier, model.ClassNames, perClass, seed);
    }

    /// <summary>
    /// The same with any generator: <paramref name="generate"/>(count, label, seed) returns images (count, C, H, W) in [-1, 1]
    /// meant to show class <c>label</c>.
    /// </summary>
    public static ConditionalSampleAccuracyResult Evaluate(Func<int, int, int, Tensor> generate, ImageClassifier classifier,
        IReadOnlyList<string> classNames, int perClass, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(generate);
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(classNames);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perClass);
        var results = new List<ClassAccuracy>();
        for (var label = 0; label < classNames.Count; label++)
        {
            using var scope = NewDisposeScope();
            var images = generate(perClass, label, seed + label);
            if (images.Dimensions != 4 || images.shape[0] != perClass)
            {
                throw new InvalidOperationException(
                    $"the generator returned [{string.Join(", ", images.shape)}] for class {label}, expected ({perClass}, C, H, W)");
            }

            var predicted = classifier.Predict(images).data<long>().ToArray();
            results.Add(new ClassAccuracy(label, classNames[label], perClass, predicted.Count(p => p == label)));
        }

        return new ConditionalSampleAccuracyResult(results, perClass, seed);
    }
}
