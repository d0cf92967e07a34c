// Tensor lifetime, metadata, data transfer, factories and the elementwise/reduction families.
#include "tensor.h"

namespace {

at::TensorOptions options(int32_t dtype, int32_t device_type, int32_t device_index) {
    return at::TensorOptions().dtype(mg::to_dtype(dtype)).device(mg::to_device(device_type, device_index));
}

at::Tensor unary(const at::Tensor& x, int32_t op) {
    switch (op) {
        case MG_NEG: return x.neg();
        case MG_EXP: return x.exp();
        case MG_LOG: return x.log();
        case MG_SQRT: return x.sqrt();
        case MG_RSQRT: return x.rsqrt();
        case MG_ABS: return x.abs();
        case MG_SIGN: return x.sign();
        case MG_FLOOR: return x.floor();
        case MG_CEIL: return x.ceil();
        case MG_ROUND: return x.round();
        case MG_RELU: return x.relu();
        case MG_SIGMOID: return x.sigmoid();
        case MG_TANH: return x.tanh();
        case MG_SOFTPLUS: return at::softplus(x);
        case MG_LOG_SIGMOID: return at::log_sigmoid(x);
        case MG_SIN: return x.sin();
        case MG_COS: return x.cos();
        case MG_SQUARE: return x.square();
        case MG_RECIPROCAL: return x.reciprocal();
        case MG_LOG1P: return x.log1p();
        case MG_EXPM1: return x.expm1();
        case MG_ISNAN: return x.isnan();
        case MG_ISFINITE: return x.isfinite();
        case MG_LOGICAL_NOT: return x.logical_not();
        case MG_GELU: return at::gelu(x);
        case MG_SILU: return at::silu(x);
        case MG_ERF: return x.erf();
        case MG_LOG2: return x.log2();
        case MG_TRUNC: return x.trunc();
        default: TORCH_CHECK(false, "unknown unary op code ", op);
    }
}

at::Tensor binary(const at::Tensor& a, const at::Tensor& b, int32_t op) {
    switch (op) {
        case MG_ADD: return a.add(b);
        case MG_SUB: return a.sub(b);
        case MG_MUL: return a.mul(b);
        case MG_DIV: return a.div(b);
        case MG_POW: return a.pow(b);
        case MG_MAXIMUM: return at::maximum(a, b);
        case MG_MINIMUM: return at::minimum(a, b);
        case MG_EQ: return a.eq(b);
        case MG_NE: return a.ne(b);
        case MG_LT: return a.lt(b);
        case MG_LE: return a.le(b);
        case MG_GT: return a.gt(b);
        case MG_GE: return a.ge(b);
        case MG_LOGICAL_AND: return a.logical_and(b);
        case MG_LOGICAL_OR: return a.logical_or(b);
        case MG_REMAINDER: return a.remainder(b);
        case MG_ATAN2: return a.atan2(b);
        case MG_RSUB: return b.sub(a);
        default: TORCH_CHECK(false, "unknown binary op code ", op);
    }
}

/// A whole-number scalar with an integer tensor acts as a Python int (labels + 1 stays int64).
at::Tensor binary_scalar(const at::Tensor& a, double s, int32_t op) {
    bool as_int = at::isIntegralType(a.scalar_type(), true) && std::trunc(s) == s && std::fabs(s) < 9e18;
    at::Scalar b = as_int ? at::Scalar(static_cast<int64_t>(s)) : at::Scalar(s);
    switch (op) {
        case MG_ADD: return a.add(b);
        case MG_SUB: return a.sub(b);
        case MG_MUL: return a.mul(b);
        case MG_DIV: return a.div(b);
        case MG_POW: return a.pow(b);
        case MG_MAXIMUM: return a.clamp_min(b);
        case MG_MINIMUM: return a.clamp_max(b);
        case MG_EQ: return a.eq(b);
        case MG_NE: return a.ne(b);
        case MG_LT: return a.lt(b);
        case MG_LE: return a.le(b);
        case MG_GT: return a.gt(b);
        case MG_GE: return a.ge(b);
        case MG_REMAINDER: return a.remainder(b);
        case MG_RSUB: return at::rsub(a, b);
        default: TORCH_CHECK(false, "binary op code ", op, " has no scalar form");
    }
}

at::Tensor reduce_all(const at::Tensor& x, int32_t op) {
    switch (op) {
        case MG_SUM: return x.sum();
        case MG_MEAN: return x.mean();
        case MG_AMAX: return x.max();
        case MG_AMIN: return x.min();
        case MG_PROD: return x.prod();
        case MG_STD: return x.std();
        case MG_VAR: return x.var();
        case MG_ARGMAX: return x.argmax();
        case MG_ARGMIN: return x.argmin();
        case MG_NORM: return x.norm();
        case MG_ANY: return x.any();
        case MG_ALL: return x.all();
        case MG_LOGSUMEXP: return x.flatten().logsumexp(0);
        default: TORCH_CHECK(false, "unknown reduce op code ", op);
    }
}

at::Tensor reduce_dims(const at::Tensor& x, int32_t op, at::IntArrayRef d, bool keep) {
    switch (op) {
        case MG_SUM: return x.sum(d, keep);
        case MG_MEAN: return x.mean(d, keep);
        case MG_AMAX: return x.amax(d, keep);
        case MG_AMIN: return x.amin(d, keep);
        case MG_STD: return x.std(d, /*unbiased=*/true, keep);
        case MG_VAR: return x.var(d, /*unbiased=*/true, keep);
        case MG_LOGSUMEXP: return x.logsumexp(d, keep);
        case MG_NORM: return at::norm(x, 2, d, keep);
        default: break;
    }
    TORCH_CHECK(d.size() == 1, "reduce op code ", op, " takes exactly one dimension, got ", d.size());
    switch (op) {
        case MG_PROD: return x.prod(d[0], keep);
        case MG_ARGMAX: return x.argmax(d[0], keep);
        case MG_ARGMIN: return x.argmin(d[0], keep);
        case MG_ANY: return x.any(d[0], keep);
        case MG_ALL: return x.all(d[0], keep);
        default: TORCH_CHECK(false, "unknown reduce op code ", op);
    }
}

}  // namespace

// ---- lifetime and metadata ----

MG_EXPORT int32_t mg_tensor_dispose(mg_tensor t) {
    MG_BEGIN
    delete t;
    MG_END
}

MG_EXPORT int32_t mg_tensor_info(mg_tensor t, int32_t* dtype, int32_t* ndim, int32_t* device_type,
                                 int32_t* device_index, int32_t* requires_grad) {
    MG_BEGIN
    const auto& x = mg::get(t);
    *dtype = static_cast<int32_t>(x.scalar_type());
    *ndim = static_cast<int32_t>(x.dim());
    *device_type = x.device().is_cuda() ? 1 : 0;
    *device_index = x.device().has_index() ? x.device().index() : 0;
    *requires_grad = x.requires_grad() ? 1 : 0;
    MG_END
}

MG_EXPORT int32_t mg_tensor_shape(mg_tensor t, int64_t* dims, int32_t capacity) {
    MG_BEGIN
    const auto& x = mg::get(t);
    TORCH_CHECK(capacity >= x.dim(), "shape buffer too small");
    for (int64_t i = 0; i < x.dim(); ++i) dims[i] = x.size(i);
    MG_END
}

// ---- data transfer ----

/// A new CPU tensor holding a copy of `nbytes` bytes at `data`.
MG_EXPORT int32_t mg_tensor_from_data(const void* data, int64_t nbytes, int32_t dtype, const int64_t* shape,
                                      int32_t ndim, mg_tensor* out) {
    MG_BEGIN
    auto t = at::empty(mg::dims(shape, ndim), at::TensorOptions().dtype(mg::to_dtype(dtype)));
    TORCH_CHECK(static_cast<int64_t>(t.nbytes()) == nbytes, "data holds ", nbytes, " bytes but shape ",
                t.sizes(), " of ", t.scalar_type(), " needs ", t.nbytes());
    if (nbytes > 0) std::memcpy(t.data_ptr(), data, static_cast<size_t>(nbytes));
    *out = mg::wrap(std::move(t));
    MG_END
}

/// Copies a tensor's elements (any device, any layout) into `dst` as a dense row-major block.
MG_EXPORT int32_t mg_tensor_copy_to(mg_tensor t, void* dst, int64_t nbytes) {
    MG_BEGIN
    auto x = mg::get(t).detach().to(at::kCPU).contiguous();
    TORCH_CHECK(static_cast<int64_t>(x.nbytes()) == nbytes, "destination holds ", nbytes,
                " bytes but the tensor has ", x.nbytes());
    if (nbytes > 0) std::memcpy(dst, x.data_ptr(), static_cast<size_t>(nbytes));
    MG_END
}

MG_EXPORT int32_t mg_tensor_item(mg_tensor t, double* out) {
    MG_BEGIN
    *out = mg::get(t).item<double>();
    MG_END
}

/// The value as int64 read without a detour through double (exact beyond 2^53); a float truncates.
MG_EXPORT int32_t mg_tensor_item_int64(mg_tensor t, int64_t* out) {
    MG_BEGIN
    *out = mg::get(t).item<int64_t>();
    MG_END
}

// ---- factories ----

/// kind: 0 zeros, 1 ones, 2 empty, 3 full(value), 4 randn, 5 rand (uniform [0,1)).
MG_EXPORT int32_t mg_tensor_factory(int32_t kind, const int64_t* shape, int32_t ndim, double value, int32_t dtype,
                                    int32_t device_type, int32_t device_index, mg_tensor* out) {
    MG_BEGIN
    auto o = options(dtype, device_type, device_index);
    auto s = mg::dims(shape, ndim);
    switch (kind) {
        case 0: *out = mg::wrap(at::zeros(s, o)); break;
        case 1: *out = mg::wrap(at::ones(s, o)); break;
        case 2: *out = mg::wrap(at::empty(s, o)); break;
        case 3: *out = mg::wrap(at::full(s, value, o)); break;
        case 4: *out = mg::wrap(at::randn(s, o)); break;
        case 5: *out = mg::wrap(at::rand(s, o)); break;
        default: TORCH_CHECK(false, "unknown factory kind ", kind);
    }
    MG_END
}

MG_EXPORT int32_t mg_tensor_randint(int64_t low, int64_t high, const int64_t* shape, int32_t ndim, int32_t dtype,
                                    int32_t device_type, int32_t device_index, mg_tensor* out) {
    MG_BEGIN
    *out = mg::wrap(at::randint(low, high, mg::dims(shape, ndim), options(dtype, device_type, device_index)));
    MG_END
}

MG_EXPORT int32_t mg_tensor_arange(double start, double end, double step, int32_t dtype, int32_t device_type,
                                   int32_t device_index, mg_tensor* out) {
    MG_BEGIN
    *out = mg::wrap(at::arange(start, end, step, options(dtype, device_type, device_index)));
    MG_END
}

MG_EXPORT int32_t mg_tensor_randperm(int64_t n, int32_t device_type, int32_t device_index, mg_tensor* out) {
    MG_BEGIN
    *out = mg::wrap(at::randperm(n, options(static_cast<int32_t>(at::kLong), device_type, device_index)));
    MG_END
}

/// kind as in mg_tensor_factory, shaped like x; dtype < 0 keeps x's dtype (device always x's).
MG_EXPORT int32_t mg_tensor_factory_like(int32_t kind, mg_tensor x, double value, int32_t dtype, mg_tensor* out) {
    MG_BEGIN
    const auto& t = mg::get(x);
    auto o = t.options().dtype(dtype < 0 ? t.scalar_type() : mg::to_dtype(dtype)).requires_grad(false);
    switch (kind) {
        case 0: *out = mg::wrap(at::zeros_like(t, o)); break;
        case 1: *out = mg::wrap(at::ones_like(t, o)); break;
        case 2: *out = mg::wrap(at::empty_like(t, o)); break;
        case 3: *out = mg::wrap(at::full_like(t, value, o)); break;
        case 4: *out = mg::wrap(at::randn_like(t, o)); break;
        case 5: *out = mg::wrap(at::rand_like(t, o)); break;
        default: TORCH_CHECK(false, "unknown factory kind ", kind);
    }
    MG_END
}

/// `steps` evenly spaced values from start to end, both included.
MG_EXPORT int32_t mg_tensor_linspace(double start, double end, int64_t steps, int32_t dtype, int32_t device_type,
                                     int32_t device_index, mg_tensor* out) {
    MG_BEGIN
    TORCH_CHECK(steps >= 0, "linspace needs a non-negative number of steps, got ", steps);
    *out = mg::wrap(at::linspace(start, end, steps, options(dtype, device_type, device_index)));
    MG_END
}

// ---- elementwise and reductions ----

/// Limits values to [min, max]; has_min/has_max = 0 leaves that side open.
MG_EXPORT int32_t mg_tensor_clamp(mg_tensor x, int32_t has_min, double min, int32_t has_max, double max,
                                  mg_tensor* out) {
    MG_BEGIN
    TORCH_CHECK(has_min != 0 || has_max != 0, "clamp needs a min, a max or both");
    using opt_scalar = c10::optional<at::Scalar>;
    *out = mg::wrap(at::clamp(mg::get(x), has_min ? opt_scalar(min) : c10::nullopt, has_max ? opt_scalar(max) : c10::nullopt));
    MG_END
}

/// softmax (log_softmax when log != 0) along dim.
MG_EXPORT int32_t mg_tensor_softmax(mg_tensor x, int64_t dim, int32_t log, mg_tensor* out) {
    MG_BEGIN
    *out = mg::wrap(log != 0 ? at::log_softmax(mg::get(x), dim) : at::softmax(mg::get(x), dim));
    MG_END
}

/// 1 when a and b have the same shape and equal elements (after type promotion), else 0.
MG_EXPORT int32_t mg_tensor_equal(mg_tensor a, mg_tensor b, int32_t* out) {
    MG_BEGIN
    const auto& x = mg::get(a);
    const auto& y = mg::get(b);
    bool same = x.sizes().equals(y.sizes()) &&
                (x.scalar_type() == y.scalar_type() ? at::equal(x, y) : x.eq(y).all().item<bool>());
    *out = same ? 1 : 0;
    MG_END
}

/// 1 when |a - b| <= atol + rtol * |b| for every (broadcast) element, else 0.
MG_EXPORT int32_t mg_tensor_allclose(mg_tensor a, mg_tensor b, double rtol, double atol, int32_t equal_nan,
                                     int32_t* out) {
    MG_BEGIN
    const auto& x = mg::get(a);
    const auto& y = mg::get(b);
    TORCH_CHECK(x.scalar_type() == y.scalar_type(), "allclose needs tensors of one dtype, got ", x.scalar_type(),
                " and ", y.scalar_type());
    *out = at::allclose(x, y, rtol, atol, equal_nan != 0) ? 1 : 0;
    MG_END
}

MG_EXPORT int32_t mg_tensor_unary(mg_tensor x, int32_t op, mg_tensor* out) {
    MG_BEGIN
    *out = mg::wrap(unary(mg::get(x), op));
    MG_END
}

MG_EXPORT int32_t mg_tensor_binary(mg_tensor a, mg_tensor b, int32_t op, mg_tensor* out) {
    MG_BEGIN
    *out = mg::wrap(binary(mg::get(a), mg::get(b), op));
    MG_END
}

MG_EXPORT int32_t mg_tensor_binary_scalar(mg_tensor a, double b, int32_t op, mg_tensor* out) {
    MG_BEGIN
    *out = mg::wrap(binary_scalar(mg::get(a), b, op));
    MG_END
}

/// ndim < 0 reduces over all elements; otherwise over `dims`.
MG_EXPORT int32_t mg_tensor_reduce(mg_tensor x, int32_t op, const int64_t* dims, int32_t ndim, int32_t keepdim,
                                   mg_tensor* out) {
    MG_BEGIN
    const auto& t = mg::get(x);
    *out = mg::wrap(ndim < 0 ? reduce_all(t, op) : reduce_dims(t, op, mg::dims(dims, ndim), keepdim != 0));
    MG_END
}

/// In place: a += alpha * b (the update step of optimizers and EMA).
MG_EXPORT int32_t mg_tensor_add_(mg_tensor a, mg_tensor b, double alpha) {
    MG_BEGIN
    at::NoGradGuard no_grad;
    mg::get(a).add_(mg::get(b), alpha);
    MG_END
}

MG_EXPORT int32_t mg_tensor_mul_scalar_(mg_tensor a, double s) {
    MG_BEGIN
    at::NoGradGuard no_grad;
    mg::get(a).mul_(s);
    MG_END
}

MG_EXPORT int32_t mg_tensor_copy_(mg_tensor dst, mg_tensor src) {
    MG_BEGIN
    at::NoGradGuard no_grad;
    mg::get(dst).copy_(mg::get(src));
    MG_END
}

MG_EXPORT int32_t mg_tensor_fill_(mg_tensor t, double value) {
    MG_BEGIN
    at::NoGradGuard no_grad;
    mg::get(t).fill_(value);
    MG_END
}

MG_EXPORT int32_t mg_tensor_matmul(mg_tensor a, mg_tensor b, mg_tensor* out) {
    MG_BEGIN
    *out = mg::wrap(at::matmul(mg::get(a), mg::get(b)));
    MG_END
}
