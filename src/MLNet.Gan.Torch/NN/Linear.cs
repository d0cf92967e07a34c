// Fully connected layer and embedding lookup table: the two layers whose weight is a plain matrix.
namespace MLNet.Gan.Torch.NN;

/// <summary>y = x Wᵀ + b: (*, in) -> (*, out). Weight (out, in) and bias (out) start as PyTorch's (U(±1/√in)).</summary>
public sealed class Linear : Module, IReparametrizedWeight
{
    /// <summary>Creates the layer with PyTorch's default initialisation.</summary>
    public Linear(long inFeatures, long outFeatures, bool bias = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inFeatures, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outFeatures, 1);
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Weight = RegisterParameter("weight", Torch.Empty(new[] { outFeatures, inFeatures }));
        Init.KaimingUniform(Weight, Math.Sqrt(5));
        if (bias)
        {
            var bound = 1 / Math.Sqrt(inFeatures);
            Bias = RegisterParameter("bias", Init.Uniform(Torch.Empty(new[] { outFeatures }), -bound, bound));
        }
    }

    /// <summary>Input features.</summary>
    public long InFeatures { get; }

    /// <summary>Output features.</summary>
    public long OutFeatures { get; }

    /// <summary>The weight (out, in).</summary>
    public Tensor Weight { get; }

    /// <summary>The bias (out), or null.</summary>
    public Tensor? Bias { get; }

    Tensor? IReparametrizedWeight.WeightOverride { get; set; }

    int IReparametrizedWeight.OutputDim => 0;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) =>
        Functional.Linear(input, ((IReparametrizedWeight)this).WeightOverride ?? Weight, Bias);
}

/// <summary>A lookup table: int64 indices (*) -> rows of the weight (*, dim). Weight starts as N(0, 1) like PyTorch's.</summary>
public sealed class Embedding : Module, IReparametrizedWeight
{
    /// <summary>Creates a table of <paramref name="numEmbeddings"/> vectors of size <paramref name="embeddingDim"/>.</summary>
    public Embedding(long numEmbeddings, long embeddingDim)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numEmbeddings, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(embeddingDim, 1);
        NumEmbeddings = numEmbeddings;
        EmbeddingDim = embeddingDim;
        Weight = RegisterParameter("weight", Init.Normal(Torch.Empty(new[] { numEmbeddings, embeddingDim })));
    }

    /// <summary>Number of rows (e.g. classes).</summary>
    public long NumEmbeddings { get; }

    /// <summary>Size of each vector.</summary>
    public long EmbeddingDim { get; }

    /// <summary>The table (numEmbeddings, embeddingDim).</summary>
    public Tensor Weight { get; }

    Tensor? IReparametrizedWeight.WeightOverride { get; set; }

    int IReparametrizedWeight.OutputDim => 0;

    /// <summary>Looks up int64 <paramref name="input"/> indices (*) -> (*, embeddingDim).</summary>
    public override Tensor Forward(Tensor input) =>
        Functional.Embedding(input, ((IReparametrizedWeight)this).WeightOverride ?? Weight);
}
