// The re-expressed transposed convolution: argument checks, weight rearrangement, and the
// ordinary convolution + pixel shuffle + crop that reproduce at::conv_transpose2d exactly.
//
// Along one spatial axis (stride s, padding p, dilation d, kernel K) the transposed convolution
// writes input row i into output rows q - p with q = i*s + k*d. Groups and dilation are supported
// exactly, no fallback:
//  - stride 1: q = i + k*d is a correlation with the flipped kernel, dilation d, and
//    d*(K-1) - p zeros before the input (one more after per output_padding row);
//  - stride s > 1: the kernel is first dilated explicitly (zeros between taps, extent
//    K' = d*(K-1)+1); writing q = s*m + r, the phase r sees taps k = r + s*j, j = 0..T-1
//    (T = ceil(K'/s), zero past K'), at input rows m - j: one correlation per phase with the
//    reversed sub-kernel. All s*s phases run as one convolution whose output channels are
//    (C_out, r_h, r_w); a pixel shuffle interleaves them and a crop drops p rows at the start.
#include "conv_transpose_reexpressed.h"

namespace mg::convt {
namespace {

int64_t pick(at::IntArrayRef values, size_t i, const char* name) {
    TORCH_CHECK(values.size() == 1 || values.size() == 2, "conv_transpose2d: ", name,
                " must have 1 or 2 values (height, width), got ", values.size(), " values ", values);
    return values.size() == 1 ? values[0] : values[i];
}

int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }

/// Where the ordinary convolution's window sits along one axis.
struct AxisPlan {
    int64_t conv_dilation;  // dilation of the ordinary convolution (d when s == 1, else 1)
    int64_t pad_before;     // zeros before the input (negative: rows cropped from it)
    int64_t pad_after;      // zeros after the input (negative: rows cropped from it)
    int64_t crop;           // rows dropped at the start after the pixel shuffle
    int64_t out;            // output rows of the transposed convolution
};

AxisPlan plan_axis(int64_t in, int64_t k, int64_t s, int64_t p, int64_t op, int64_t d) {
    AxisPlan plan{};
    int64_t extent = d * (k - 1) + 1;
    plan.out = (in - 1) * s - 2 * p + extent + op;
    int64_t span;  // (taps of the ordinary kernel - 1) * its dilation
    if (s == 1) {
        plan.conv_dilation = d;
        span = extent - 1;
    } else {
        plan.conv_dilation = 1;
        span = ceil_div(extent, s) - 1;
    }
    int64_t skipped = p / s;  // whole phase rows that the crop of p would drop: never computed
    plan.crop = p % s;
    int64_t rows = ceil_div(plan.crop + plan.out, s);  // phase rows the convolution must produce
    plan.pad_before = span - skipped;
    plan.pad_after = rows - in - plan.pad_before + span;  // so that in + before + after - span == rows
    return plan;
}

}  // namespace

Args validate(const at::Tensor& input, const at::Tensor& weight, const c10::optional<at::Tensor>& bias,
              at::IntArrayRef stride, at::IntArrayRef padding, at::IntArrayRef output_padding, int64_t groups,
              at::IntArrayRef dilation) {
    TORCH_CHECK(input.defined() && weight.defined(), "conv_transpose2d: input and weight must be given");
    TORCH_CHECK(input.dim() == 3 || input.dim() == 4,
                "conv_transpose2d: input must be (N, C_in, H, W) or (C_in, H, W), got shape ", input.sizes());
    TORCH_CHECK(weight.dim() == 4, "conv_transpose2d: weight must be (C_in, C_out / groups, kH, kW), got shape ",
                weight.sizes());
    TORCH_CHECK(groups >= 1, "conv_transpose2d: groups must be at least 1, got ", groups);
    Args a{};
    a.groups = groups;
    for (size_t i = 0; i < 2; ++i) {
        a.stride[i] = pick(stride, i, "stride");
        a.padding[i] = pick(padding, i, "padding");
        a.output_padding[i] = pick(output_padding, i, "output_padding");
        a.dilation[i] = pick(dilation, i, "dilation");
    }
    const char* axis[2] = {"height", "width"};
    for (size_t i = 0; i < 2; ++i) {
        TORCH_CHECK(a.stride[i] >= 1, "conv_transpose2d: stride must be at least 1, got ", stride);
        TORCH_CHECK(a.dilation[i] >= 1, "conv_transpose2d: dilation must be at least 1, got ", dilation);
        TORCH_CHECK(a.padding[i] >= 0, "conv_transpose2d: padding must not be negative, got ", padding);
        TORCH_CHECK(a.output_padding[i] >= 0 &&
                        (a.output_padding[i] < a.stride[i] || a.output_padding[i] < a.dilation[i]),
                    "conv_transpose2d: output_padding along ", axis[i], " (", a.output_padding[i],
                    ") must be smaller than the stride (", a.stride[i], ") or the dilation (", a.dilation[i], ")");
    }
    int64_t c_in = input.size(input.dim() - 3);
    TORCH_CHECK(weight.size(0) == c_in, "conv_transpose2d: input has ", c_in, " channels (shape ", input.sizes(),
                ") but weight expects ", weight.size(0), " (weight shape ", weight.sizes(),
                " is (C_in, C_out / groups, kH, kW))");
    TORCH_CHECK(c_in % groups == 0, "conv_transpose2d: input channels (", c_in, ") must be divisible by groups (",
                groups, ")");
    TORCH_CHECK(weight.size(1) >= 1 && weight.size(2) >= 1 && weight.size(3) >= 1,
                "conv_transpose2d: weight has an empty dimension, shape ", weight.sizes());
    TORCH_CHECK(input.scalar_type() == weight.scalar_type(), "conv_transpose2d: input dtype ", input.scalar_type(),
                " differs from weight dtype ", weight.scalar_type());
    TORCH_CHECK(input.device() == weight.device(), "conv_transpose2d: input is on ", input.device(),
                " but weight is on ", weight.device());
    int64_t c_out = weight.size(1) * groups;
    if (bias.has_value() && bias->defined()) {
        TORCH_CHECK(bias->dim() == 1 && bias->size(0) == c_out, "conv_transpose2d: bias must have shape [", c_out,
                    "] (output channels), got ", bias->sizes());
        TORCH_CHECK(bias->scalar_type() == weight.scalar_type() && bias->device() == weight.device(),
                    "conv_transpose2d: bias must have the weight's dtype and device, got ", bias->scalar_type(),
                    " on ", bias->device());
    }
    for (size_t i = 0; i < 2; ++i) {
        int64_t in = input.size(input.dim() - 2 + i);
        int64_t k = weight.size(2 + i);
        int64_t out = (in - 1) * a.stride[i] - 2 * a.padding[i] + a.dilation[i] * (k - 1) + a.output_padding[i] + 1;
        TORCH_CHECK(in >= 1, "conv_transpose2d: input ", axis[i], " must be at least 1, input shape ", input.sizes());
        TORCH_CHECK(out >= 1, "conv_transpose2d: output ", axis[i], " would be ", out, " (input ", in, ", kernel ", k,
                    ", stride ", a.stride[i], ", padding ", a.padding[i], ", dilation ", a.dilation[i],
                    ", output_padding ", a.output_padding[i], "): padding is too large");
    }
    return a;
}

std::array<int64_t, 2> output_size(const at::Tensor& input4d, const at::Tensor& weight, const Args& a) {
    std::array<int64_t, 2> out{};
    for (size_t i = 0; i < 2; ++i) {
        out[i] = (input4d.size(2 + i) - 1) * a.stride[i] - 2 * a.padding[i] + a.dilation[i] * (weight.size(2 + i) - 1) +
                 a.output_padding[i] + 1;
    }
    return out;
}

at::Tensor rearrange_weight(const at::Tensor& weight, const Args& a) {
    const int64_t g = a.groups;
    const int64_t c_in = weight.size(0), c_out_g = weight.size(1), kh = weight.size(2), kw = weight.size(3);
    const int64_t sh = a.stride[0], sw = a.stride[1];
    // Along a strided axis the dilation is written into the kernel; along a stride-1 axis the
    // ordinary convolution dilates instead.
    const int64_t dh = sh > 1 ? a.dilation[0] : 1, dw = sw > 1 ? a.dilation[1] : 1;
    const int64_t th = ceil_div(dh * (kh - 1) + 1, sh), tw = ceil_div(dw * (kw - 1) + 1, sw);
    at::Tensor w = weight;
    if (dh > 1 || dw > 1) {
        // (C_in, C_out/g, kH, kW) -> (C_in, C_out/g, kH*dH, kW*dW): each tap followed by d-1 zeros
        w = at::constant_pad_nd(w.reshape({c_in, c_out_g, kh, 1, kw, 1}), {0, dw - 1, 0, 0, 0, dh - 1})
                .reshape({c_in, c_out_g, kh * dh, kw * dw});
    }
    // -> (C_in, C_out/g, T_h*sH, T_w*sW): zeros past the kernel (negative amounts crop trailing zeros)
    w = at::constant_pad_nd(w, {0, tw * sw - w.size(3), 0, th * sh - w.size(2)});
    // tap k = j*s + r -> (g, C_in/g, C_out/g, T_h, sH, T_w, sW); reverse j so that t = T-1-j
    w = w.reshape({g, c_in / g, c_out_g, th, sh, tw, sw}).flip({3, 5});
    // -> (g, C_out/g, sH, sW, C_in/g, T_h, T_w) -> (C_out*sH*sW, C_in/g, T_h, T_w)
    return w.permute({0, 2, 4, 6, 1, 3, 5}).reshape({g * c_out_g * sh * sw, c_in / g, th, tw});
}

at::Tensor forward(const at::Tensor& input4d, const at::Tensor& original_weight, const at::Tensor& rearranged,
                   const c10::optional<at::Tensor>& bias, const Args& a) {
    const int64_t sh = a.stride[0], sw = a.stride[1];
    AxisPlan ph = plan_axis(input4d.size(2), original_weight.size(2), sh, a.padding[0], a.output_padding[0],
                            a.dilation[0]);
    AxisPlan pw = plan_axis(input4d.size(3), original_weight.size(3), sw, a.padding[1], a.output_padding[1],
                            a.dilation[1]);
    // The convolution pads symmetrically by what both sides share; the rest is padded (or cropped) explicitly.
    int64_t sym_h = std::max<int64_t>(0, std::min(ph.pad_before, ph.pad_after));
    int64_t sym_w = std::max<int64_t>(0, std::min(pw.pad_before, pw.pad_after));
    at::Tensor x = input4d;
    if (ph.pad_before != sym_h || ph.pad_after != sym_h || pw.pad_before != sym_w || pw.pad_after != sym_w) {
        x = at::constant_pad_nd(x, {pw.pad_before - sym_w, pw.pad_after - sym_w, ph.pad_before - sym_h,
                                    ph.pad_after - sym_h});
    }
    c10::optional<at::Tensor> phase_bias;
    if (bias.has_value() && bias->defined()) {
        phase_bias = sh * sw == 1 ? *bias : bias->repeat_interleave(sh * sw);  // (C_out) -> (C_out*sH*sW)
    }
    // (N, C_in, H', W') -> (N, C_out*sH*sW, M_h, M_w)
    at::Tensor z = at::conv2d(x, rearranged, phase_bias, {1, 1}, {sym_h, sym_w}, {ph.conv_dilation, pw.conv_dilation},
                              a.groups);
    if (sh == 1 && sw == 1) {
        return z;  // plan: crop 0 and rows == out
    }
    const int64_t n = z.size(0), c_out = z.size(1) / (sh * sw), mh = z.size(2), mw = z.size(3);
    // pixel shuffle: (N, C_out, sH, sW, M_h, M_w) -> (N, C_out, M_h, sH, M_w, sW) -> (N, C_out, M_h*sH, M_w*sW)
    at::Tensor y = z.reshape({n, c_out, sh, sw, mh, mw}).permute({0, 1, 4, 2, 5, 3}).reshape({n, c_out, mh * sh, mw * sw});
    if (ph.crop == 0 && pw.crop == 0 && y.size(2) == ph.out && y.size(3) == pw.out) {
        return y;
    }
    // crop: -> (N, C_out, H_out, W_out)
    return y.narrow(2, ph.crop, ph.out).narrow(3, pw.crop, pw.out).contiguous();
}

}  // namespace mg::convt
