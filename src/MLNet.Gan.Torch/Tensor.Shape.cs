// Shape changes, joins, conversions and the autograd surface of a tensor.
using MLNet.Gan.Torch.Native;

namespace MLNet.Gan.Torch;

public sealed partial class Tensor
{
    /// <summary>Same data in a new shape (copies only when needed); one dimension may be -1.</summary>
    public Tensor Reshape(params long[] shape)
    {
        var status = NativeMethods.mg_tensor_reshape(Handle, shape, shape.Length, out var h);
        return Wrap(status, h);
    }

    /// <summary>A view in a new shape; fails when the memory layout does not allow it.</summary>
    public Tensor View(params long[] shape)
    {
        var status = NativeMethods.mg_tensor_view(Handle, shape, shape.Length, out var h);
        return Wrap(status, h);
    }

    /// <summary>Reorders the dimensions.</summary>
    public Tensor Permute(params long[] order)
    {
        var status = NativeMethods.mg_tensor_permute(Handle, order, order.Length, out var h);
        return Wrap(status, h);
    }

    /// <summary>Swaps two dimensions.</summary>
    public Tensor Transpose(long dim0, long dim1)
    {
        var status = NativeMethods.mg_tensor_transpose(Handle, dim0, dim1, out var h);
        return Wrap(status, h);
    }

    /// <summary>Inserts a dimension of size 1 at <paramref name="dim"/>.</summary>
    public Tensor Unsqueeze(long dim)
    {
        var status = NativeMethods.mg_tensor_unsqueeze(Handle, dim, out var h);
        return Wrap(status, h);
    }

    /// <summary>Removes dimension <paramref name="dim"/> if its size is 1, or every size-1 dimension when null.</summary>
    public Tensor Squeeze(long? dim = null)
    {
        var status = NativeMethods.mg_tensor_squeeze(Handle, dim ?? long.MinValue, out var h);
        return Wrap(status, h);
    }

    /// <summary>Merges dimensions <paramref name="startDim"/>..<paramref name="endDim"/> into one.</summary>
    public Tensor Flatten(long startDim = 0, long endDim = -1)
    {
        var status = NativeMethods.mg_tensor_flatten(Handle, startDim, endDim, out var h);
        return Wrap(status, h);
    }

    /// <summary>Broadcasts size-1 dimensions to <paramref name="shape"/> without copying (-1 keeps a size).</summary>
    public Tensor Expand(params long[] shape)
    {
        var status = NativeMethods.mg_tensor_expand(Handle, shape, shape.Length, out var h);
        return Wrap(status, h);
    }

    /// <summary>A tensor with the same values in contiguous row-major memory.</summary>
    public Tensor Contiguous()
    {
        var status = NativeMethods.mg_tensor_contiguous(Handle, out var h);
        return Wrap(status, h);
    }

    /// <summary>A copy of the data (recorded by autograd).</summary>
    public Tensor Clone()
    {
        var status = NativeMethods.mg_tensor_clone(Handle, out var h);
        return Wrap(status, h);
    }

    /// <summary>The same data, cut from the autograd graph.</summary>
    public Tensor Detach()
    {
        var status = NativeMethods.mg_tensor_detach(Handle, out var h);
        return Wrap(status, h);
    }

    /// <summary>Converts to another element type.</summary>
    public Tensor To(ScalarType dtype)
    {
        var status = NativeMethods.mg_tensor_to(Handle, (int)dtype, -1, 0, out var h);
        return Wrap(status, h);
    }

    /// <summary>Copies to another device (or returns an alias when already there).</summary>
    public Tensor To(Device device)
    {
        var status = NativeMethods.mg_tensor_to(Handle, -1, (int)device.Type, device.Index, out var h);
        return Wrap(status, h);
    }

    /// <summary>Converts to float32.</summary>
    public Tensor Float() => To(ScalarType.Float32);

    /// <summary>Converts to int64.</summary>
    public Tensor Long() => To(ScalarType.Int64);

    /// <summary>The gradient accumulated by <see cref="Backward"/>, or null.</summary>
    public Tensor? Grad
    {
        get
        {
            NativeChecks.Check(NativeMethods.mg_tensor_grad(Handle, out var h));
            return h == IntPtr.Zero ? null : new Tensor(h);
        }
    }

    /// <summary>True for a tensor made by the user (not by a recorded operation): only leaves accumulate <see cref="Grad"/>.</summary>
    public bool IsLeaf
    {
        get
        {
            NativeChecks.Check(NativeMethods.mg_autograd_is_leaf(Handle, out var leaf));
            return leaf != 0;
        }
    }

    /// <summary>Makes a non-leaf tensor keep its <see cref="Grad"/> after <see cref="Backward"/>; returns this tensor.</summary>
    public Tensor RetainGrad()
    {
        NativeChecks.Check(NativeMethods.mg_autograd_retain_grad(Handle));
        return this;
    }

    /// <summary>Drops the accumulated gradient.</summary>
    public void ZeroGrad() => NativeChecks.Check(NativeMethods.mg_tensor_zero_grad(Handle));

    /// <summary>Back-propagates from this tensor (a scalar unless <paramref name="gradient"/> is given).</summary>
    public void Backward(Tensor? gradient = null, bool retainGraph = false)
    {
        NativeChecks.Check(NativeMethods.mg_tensor_backward(Handle, RawOrZero(gradient), retainGraph ? 1 : 0));
        GC.KeepAlive(gradient);
    }
}
