// Neural-network operations (see nn_ops.h): each export is one libtorch call with autograd intact.
#include "nn_ops.h"
#include "conv_transpose.h"

namespace {

at::IntArrayRef pair(const int64_t* v) { return at::IntArrayRef(v, 2); }

/// PyTorch's F.normalize for a vector: x / max(||x||, eps).
at::Tensor normalize(const at::Tensor& x, double eps) { return x / x.norm().clamp_min(eps); }

}  // namespace

// ---- linear and convolutions ----

// (N, *, in) -> (N, *, out)
MG_EXPORT int32_t mg_nn_linear(mg_tensor x, mg_tensor weight, mg_tensor bias, mg_tensor* out) {
    MG_BEGIN
    *out = mg::wrap(at::linear(mg::get(x), mg::get(weight), mg::opt(bias)));
    MG_END
}

/// stride, padding, dilation: two values each (height, width).
MG_EXPORT int32_t mg_nn_conv2d(mg_tensor x, mg_tensor weight, mg_tensor bias, const int64_t* stride,
                               const int64_t* padding, const int64_t* dilation, int64_t groups, mg_tensor* out) {
    MG_BEGIN
    *out = mg::wrap(at::conv2d(mg::get(x), mg::get(weight), mg::opt(bias), pair(stride), pair(padding),
                               pair(dilation), groups));
    MG_END
}

/// Goes through mg::conv_transpose2d, which picks the fastest exact form per shape.
MG_EXPORT int32_t mg_nn_conv_transpose2d(mg_tensor x, mg_tensor weight, mg_tensor bias, const int64_t* stride,
                                         const int64_t* padding, const int64_t* output_padding,
                                         const int64_t* dilation, int64_t groups, mg_tensor* out) {
    MG_BEGIN
    *out = mg::wrap(mg::conv_transpose2d(mg::get(x), mg::get(weight), mg::opt(bias), pair(stride), pair(padding),
                                         pair(output_padding), groups, pair(dilation)));
    MG_END
}

// ---- normalisation ----

/// Batch norm over dim 1. In training, updates running stats in place and adds one to
/// num_batches_tracked (optional) like torch.nn.BatchNorm*d with a fixed momentum.
MG_EXPORT int32_t mg_nn_batch_norm(mg_tensor x, mg_tensor weight, mg_tensor bias, mg_tensor running_mean,
                                   mg_tensor running_var, mg_tensor num_batches_tracked, int32_t training,
                                   double momentum, double eps, mg_tensor* out) {
    MG_BEGIN
    auto y = at::batch_norm(mg::get(x), mg::opt(weight), mg::opt(bias), mg::opt(running_mean), mg::opt(running_var),
                            training != 0, momentum, eps, /*cudnn_enabled=*/true);
    if (training != 0 && num_batches_tracked != nullptr) {
        at::NoGradGuard no_grad;
        mg::get(num_batches_tracked).add_(1);
    }
    *out = mg::wrap(std::move(y));
    MG_END
}

/// Instance norm: statistics per sample and channel over the spatial dims.
MG_EXPORT int32_t mg_nn_instance_norm(mg_tensor x, mg_tensor weight, mg_tensor bias, mg_tensor running_mean,
                                      mg_tensor running_var, int32_t use_input_stats, double momentum, double eps,
                                      mg_tensor* out) {
    MG_BEGIN
    *out = mg::wrap(at::instance_norm(mg::get(x), mg::opt(weight), mg::opt(bias), mg::opt(running_mean),
                                      mg::opt(running_var), use_input_stats != 0, momentum, eps,
                                      /*cudnn_enabled=*/true));
    MG_END
}

// ---- lookup, dropout, activations ----

// weight (V, D), indices (*) int64 -> (*, D)
MG_EXPORT int32_t mg_nn_embedding(mg_tensor weight, mg_tensor indices, mg_tensor* out) {
    MG_BEGIN
    const auto& idx = mg::get(indices);
    TORCH_CHECK(idx.scalar_type() == at::kLong || idx.scalar_type() == at::kInt,
                "embedding indices must be int64 (or int32), got ", idx.scalar_type());
    *out = mg::wrap(at::embedding(mg::get(weight), idx));
    MG_END
}

MG_EXPORT int32_t mg_nn_dropout(mg_tensor x, double p, int32_t training, mg_tensor* out) {
    MG_BEGIN
    TORCH_CHECK(p >= 0 && p <= 1, "dropout probability must be in [0, 1], got ", p);
    *out = mg::wrap(at::dropout(mg::get(x), p, training != 0));
    MG_END
}

MG_EXPORT int32_t mg_nn_leaky_relu(mg_tensor x, double negative_slope, mg_tensor* out) {
    MG_BEGIN
    *out = mg::wrap(at::leaky_relu(mg::get(x), negative_slope));
    MG_END
}

// ---- resampling and padding ----

// (B, C*r*r, H, W) -> (B, C, H*r, W*r); unshuffle (inverse) when inverse != 0
MG_EXPORT int32_t mg_nn_pixel_shuffle(mg_tensor x, int64_t factor, int32_t inverse, mg_tensor* out) {
    MG_BEGIN
    *out = mg::wrap(inverse != 0 ? at::pixel_unshuffle(mg::get(x), factor) : at::pixel_shuffle(mg::get(x), factor));
    MG_END
}

/// mode 0 nearest, 1 bilinear. Either `size` (2 values) or `scales` (2 values) is non-null;
/// like F.interpolate without recompute_scale_factor, scales go to the kernel as given.
MG_EXPORT int32_t mg_nn_upsample2d(mg_tensor x, int32_t mode, const int64_t* size, const double* scales,
                                   int32_t align_corners, mg_tensor* out) {
    MG_BEGIN
    const auto& t = mg::get(x);
    TORCH_CHECK(t.dim() == 4, "upsample expects a (B, C, H, W) tensor, got ", t.dim(), " dimensions");
    at::OptionalIntArrayRef osize = size ? at::OptionalIntArrayRef(pair(size)) : c10::nullopt;
    c10::optional<at::ArrayRef<double>> sc =
        scales ? c10::optional<at::ArrayRef<double>>(at::ArrayRef<double>(scales, 2)) : c10::nullopt;
    switch (mode) {
        case 0:
            TORCH_CHECK(align_corners == 0, "align_corners applies to bilinear mode only");
            *out = mg::wrap(at::upsample_nearest2d(t, osize, sc));
            break;
        case 1: *out = mg::wrap(at::upsample_bilinear2d(t, osize, align_corners != 0, sc)); break;
        default: TORCH_CHECK(false, "unknown upsample mode ", mode);
    }
    MG_END
}

/// pads: (left, right[, top, bottom[, front, back]]) from the last dim backwards, like F.pad.
MG_EXPORT int32_t mg_nn_pad(mg_tensor x, const int64_t* pads, int32_t count, int32_t mode, double value,
                            mg_tensor* out) {
    MG_BEGIN
    const auto& t = mg::get(x);
    auto p = mg::dims(pads, count);
    TORCH_CHECK(count % 2 == 0 && count / 2 <= t.dim(), "pad needs pairs of values, at most two per dimension; got ",
                count, " values for a ", t.dim(), "-d tensor");
    if (mode == MG_PAD_CONSTANT) {
        *out = mg::wrap(at::constant_pad_nd(t, p, value));
        return MG_OK;
    }
    const bool reflect = mode == MG_PAD_REFLECT;
    TORCH_CHECK(reflect || mode == MG_PAD_REPLICATE, "unknown pad mode ", mode);
    switch (count) {
        case 2: *out = mg::wrap(reflect ? at::reflection_pad1d(t, p) : at::replication_pad1d(t, p)); break;
        case 4: *out = mg::wrap(reflect ? at::reflection_pad2d(t, p) : at::replication_pad2d(t, p)); break;
        case 6: *out = mg::wrap(reflect ? at::reflection_pad3d(t, p) : at::replication_pad3d(t, p)); break;
        default: TORCH_CHECK(false, "reflect/replicate padding takes 2, 4 or 6 values, got ", count);
    }
    MG_END
}

// ---- losses ----

/// reduction: 0 none, 1 mean, 2 sum (at::Reduction's codes). `weight` optional (per-element or per-class).
MG_EXPORT int32_t mg_nn_loss(int32_t kind, mg_tensor input, mg_tensor target, mg_tensor weight, int32_t reduction,
                             mg_tensor* out) {
    MG_BEGIN
    TORCH_CHECK(reduction >= 0 && reduction <= 2, "unknown reduction code ", reduction);
    const auto& x = mg::get(input);
    const auto& y = mg::get(target);
    auto w = mg::opt(weight);
    if (kind != MG_LOSS_CROSS_ENTROPY) {
        TORCH_CHECK(x.sizes() == y.sizes(), "loss input has shape ", x.sizes(), " but target has shape ", y.sizes());
    }
    switch (kind) {
        case MG_LOSS_BCE_WITH_LOGITS:
            *out = mg::wrap(at::binary_cross_entropy_with_logits(x, y, w, c10::nullopt, reduction));
            break;
        case MG_LOSS_BCE: *out = mg::wrap(at::binary_cross_entropy(x, y, w, reduction)); break;
        case MG_LOSS_MSE: *out = mg::wrap(at::mse_loss(x, y, reduction)); break;
        case MG_LOSS_L1: *out = mg::wrap(at::l1_loss(x, y, reduction)); break;
        case MG_LOSS_CROSS_ENTROPY:
            TORCH_CHECK(y.scalar_type() == at::kLong, "cross entropy targets must be int64 class indices, got ",
                        y.scalar_type());
            *out = mg::wrap(at::cross_entropy_loss(x, y, w, reduction, /*ignore_index=*/-100, /*label_smoothing=*/0.0));
            break;
        default: TORCH_CHECK(false, "unknown loss kind ", kind);
    }
    MG_END
}

/// Binary cross entropy with logits against one label value for every element (GAN real/fake labels).
MG_EXPORT int32_t mg_nn_bce_with_logits_scalar(mg_tensor input, double target, int32_t reduction, mg_tensor* out) {
    MG_BEGIN
    const auto& x = mg::get(input);
    auto y = at::full_like(x, target, at::MemoryFormat::Contiguous);
    *out = mg::wrap(at::binary_cross_entropy_with_logits(x, y, c10::nullopt, c10::nullopt, reduction));
    MG_END
}

// ---- init and parameter plumbing (in place, no autograd) ----

/// normal(a = mean, b = std), uniform(a, b), constant(a).
MG_EXPORT int32_t mg_nn_init(mg_tensor t, int32_t kind, double a, double b) {
    MG_BEGIN
    at::NoGradGuard no_grad;
    auto x = mg::get(t);
    switch (kind) {
        case MG_INIT_NORMAL: x.normal_(a, b); break;
        case MG_INIT_UNIFORM: x.uniform_(a, b); break;
        case MG_INIT_CONSTANT: x.fill_(a); break;
        default: TORCH_CHECK(false, "unknown init kind ", kind);
    }
    MG_END
}

/// Moves a tensor's data (and its gradient) to another device or dtype in place, so every handle
/// to it stays valid (torch.nn.Module.to's `param.data = ...`). dtype < 0 keeps the dtype.
MG_EXPORT int32_t mg_nn_set_data_to(mg_tensor t, int32_t dtype, int32_t device_type, int32_t device_index) {
    MG_BEGIN
    at::NoGradGuard no_grad;
    auto x = mg::get(t);
    auto dt = dtype < 0 ? x.scalar_type() : mg::to_dtype(dtype);
    auto dev = mg::to_device(device_type, device_index);
    if (x.device() == dev && x.scalar_type() == dt) return MG_OK;
    auto g = x.grad();
    x.set_data(x.detach().to(dev, dt));
    if (g.defined()) x.mutable_grad() = g.to(dev, dt);
    MG_END
}

// ---- spectral norm ----

/// weight = weight_orig / sigma, sigma estimated by power iteration with persistent u, v
/// (torch.nn.utils.spectral_norm). `dim` is the output dim of the weight (1 for transposed conv).
/// In training, runs `iterations` steps updating u and v in place; in eval it reuses them.
/// sigma_out (optional) receives sigma as a detached scalar.
MG_EXPORT int32_t mg_nn_spectral_norm(mg_tensor weight_orig, mg_tensor u, mg_tensor v, int64_t dim,
                                      int32_t iterations, int32_t training, double eps, mg_tensor* out) {
    MG_BEGIN
    const auto& w = mg::get(weight_orig);
    auto mat = w;
    if (dim != 0) {
        std::vector<int64_t> order{dim};
        for (int64_t d = 0; d < w.dim(); ++d)
            if (d != dim) order.push_back(d);
        mat = w.permute(order);
    }
    // (out, in, kh, kw) -> (out, in*kh*kw)
    mat = mat.reshape({mat.size(0), -1});
    auto uu = mg::get(u);
    auto vv = mg::get(v);
    if (training != 0 && iterations > 0) {
        at::NoGradGuard no_grad;
        for (int32_t i = 0; i < iterations; ++i) {
            vv.copy_(normalize(at::mv(mat.t(), uu), eps));
            uu.copy_(normalize(at::mv(mat, vv), eps));
        }
        uu = uu.clone();
        vv = vv.clone();
    }
    auto sigma = at::dot(uu, at::mv(mat, vv));
    *out = mg::wrap(w / sigma);
    MG_END
}
