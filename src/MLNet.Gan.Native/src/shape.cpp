// Shape views and conversions: reshape/view, permute/transpose, unsqueeze/squeeze, flatten, expand,
// contiguous, clone, detach and dtype/device moves.
#include "shape.h"

// ---- views ----

MG_EXPORT int32_t mg_tensor_reshape(mg_tensor x, const int64_t* shape, int32_t ndim, mg_tensor* out) {
    MG_BEGIN
    *out = mg::wrap(mg::get(x).reshape(mg::dims(shape, ndim)));
    MG_END
}

MG_EXPORT int32_t mg_tensor_view(mg_tensor x, const int64_t* shape, int32_t ndim, mg_tensor* out) {
    MG_BEGIN
    *out = mg::wrap(mg::get(x).view(mg::dims(shape, ndim)));
    MG_END
}

MG_EXPORT int32_t mg_tensor_permute(mg_tensor x, const int64_t* order, int32_t ndim, mg_tensor* out) {
    MG_BEGIN
    *out = mg::wrap(mg::get(x).permute(mg::dims(order, ndim)));
    MG_END
}

MG_EXPORT int32_t mg_tensor_transpose(mg_tensor x, int64_t d0, int64_t d1, mg_tensor* out) {
    MG_BEGIN
    *out = mg::wrap(mg::get(x).transpose(d0, d1));
    MG_END
}

MG_EXPORT int32_t mg_tensor_unsqueeze(mg_tensor x, int64_t dim, mg_tensor* out) {
    MG_BEGIN
    *out = mg::wrap(mg::get(x).unsqueeze(dim));
    MG_END
}

/// dim == INT64_MIN squeezes every size-1 dimension.
MG_EXPORT int32_t mg_tensor_squeeze(mg_tensor x, int64_t dim, mg_tensor* out) {
    MG_BEGIN
    const auto& t = mg::get(x);
    *out = mg::wrap(dim == INT64_MIN ? t.squeeze() : t.squeeze(dim));
    MG_END
}

MG_EXPORT int32_t mg_tensor_flatten(mg_tensor x, int64_t start, int64_t end, mg_tensor* out) {
    MG_BEGIN
    *out = mg::wrap(mg::get(x).flatten(start, end));
    MG_END
}

MG_EXPORT int32_t mg_tensor_expand(mg_tensor x, const int64_t* shape, int32_t ndim, mg_tensor* out) {
    MG_BEGIN
    *out = mg::wrap(mg::get(x).expand(mg::dims(shape, ndim)));
    MG_END
}

// ---- conversion ----

MG_EXPORT int32_t mg_tensor_contiguous(mg_tensor x, mg_tensor* out) {
    MG_BEGIN
    *out = mg::wrap(mg::get(x).contiguous());
    MG_END
}

MG_EXPORT int32_t mg_tensor_clone(mg_tensor x, mg_tensor* out) {
    MG_BEGIN
    *out = mg::wrap(mg::get(x).clone());
    MG_END
}

MG_EXPORT int32_t mg_tensor_detach(mg_tensor x, mg_tensor* out) {
    MG_BEGIN
    *out = mg::wrap(mg::get(x).detach());
    MG_END
}

/// dtype < 0 keeps the dtype; device_type < 0 keeps the device.
MG_EXPORT int32_t mg_tensor_to(mg_tensor x, int32_t dtype, int32_t device_type, int32_t device_index,
                               mg_tensor* out) {
    MG_BEGIN
    const auto& t = mg::get(x);
    auto dt = dtype < 0 ? t.scalar_type() : mg::to_dtype(dtype);
    auto dev = device_type < 0 ? t.device() : mg::to_device(device_type, device_index);
    *out = mg::wrap(t.to(dev, dt));
    MG_END
}
