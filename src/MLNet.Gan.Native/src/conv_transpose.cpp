// Transposed 2-D convolution entry point (see conv_transpose.h).
#include "conv_transpose.h"

namespace mg {

at::Tensor conv_transpose2d(const at::Tensor& input, const at::Tensor& weight, const c10::optional<at::Tensor>& bias,
                            at::IntArrayRef stride, at::IntArrayRef padding, at::IntArrayRef output_padding,
                            int64_t groups, at::IntArrayRef dilation) {
    return at::conv_transpose2d(input, weight, bias, stride, padding, output_padding, groups, dilation);
}

}  // namespace mg
