// A transposed 2-D convolution re-expressed exactly as one ordinary convolution (plus a pixel
// shuffle and a crop when a stride exceeds 1), built from differentiable ATen ops only.
#pragma once
#include "mg_common.h"

namespace mg::convt {

/// The arguments of one call, checked and expanded to two values per spatial dimension (H, W).
struct Args {
    int64_t stride[2];
    int64_t padding[2];
    int64_t output_padding[2];
    int64_t dilation[2];
    int64_t groups;
};

/// Checks shapes and arguments the way libtorch would, but with messages that name the offending
/// tensor, its shape and what was expected. Accepts 1- or 2-element lists. Input is (N, C, H, W)
/// or (C, H, W); weight is (C_in, C_out / groups, kH, kW).
Args validate(const at::Tensor& input, const at::Tensor& weight, const c10::optional<at::Tensor>& bias,
              at::IntArrayRef stride, at::IntArrayRef padding, at::IntArrayRef output_padding, int64_t groups,
              at::IntArrayRef dilation);

/// Output height and width of the transposed convolution: (H - 1) * s - 2p + d * (K - 1) + op + 1.
std::array<int64_t, 2> output_size(const at::Tensor& input4d, const at::Tensor& weight, const Args& a);

/// The ordinary-convolution weight for these arguments:
/// (C_in, C_out/g, kH, kW) -> (C_out * sH * sW, C_in/g, ceil(kH'/sH), ceil(kW'/sW)), where kH' is the
/// dilated kernel extent along a strided dimension and kH along a stride-1 dimension.
at::Tensor rearrange_weight(const at::Tensor& weight, const Args& a);

/// Runs the re-expressed form on a 4-D input with a weight from rearrange_weight.
/// (N, C_in, H, W) -> (N, C_out, H_out, W_out)
at::Tensor forward(const at::Tensor& input4d, const at::Tensor& original_weight, const at::Tensor& rearranged,
                   const c10::optional<at::Tensor>& bias, const Args& a);

}  // namespace mg::convt
