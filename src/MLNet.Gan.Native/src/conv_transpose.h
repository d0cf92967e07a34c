// Transposed 2-D convolution as the nn layer calls it. On CPU, libtorch 1.13's own kernel
// (slow_conv_transpose2d) is slow, so this entry point may re-express the operation as
// ordinary convolutions, choosing per shape whatever is faster.
#pragma once
#include "mg_common.h"

namespace mg {

at::Tensor conv_transpose2d(const at::Tensor& input, const at::Tensor& weight, const c10::optional<at::Tensor>& bias,
                            at::IntArrayRef stride, at::IntArrayRef padding, at::IntArrayRef output_padding,
                            int64_t groups, at::IntArrayRef dilation);

}  // namespace mg
