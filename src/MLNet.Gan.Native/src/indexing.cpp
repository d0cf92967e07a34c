// Indexing and rearranging: narrow/slice/select, index_select/gather/scatter_add, masks and where,
// one_hot, cat/stack and chunk/split, flip and repeat.
#include "indexing.h"

namespace {

/// Hands a list of tensors to .NET: fails (leaking nothing) when they do not fit in `capacity`.
void wrap_list(std::vector<at::Tensor>&& parts, mg_tensor* outs, int32_t capacity, int32_t* count) {
    TORCH_CHECK(static_cast<int64_t>(parts.size()) <= capacity, "the result has ", parts.size(),
                " parts but room was made for ", capacity);
    *count = static_cast<int32_t>(parts.size());
    for (size_t i = 0; i < parts.size(); ++i) outs[i] = mg::wrap(std::move(parts[i]));
}

/// A scalar operand of where(): a wrapped number, so it promotes like a Python scalar; a whole
/// number beside an integer tensor acts as a Python int (as in mg_tensor_binary_scalar).
at::Tensor scalar_operand(double value, mg_tensor other) {
    bool as_int = other != nullptr && at::isIntegralType(other->scalar_type(), true) && std::trunc(value) == value &&
                  std::fabs(value) < 9e18;
    auto t = c10::scalar_to_tensor(as_int ? at::Scalar(static_cast<int64_t>(value)) : at::Scalar(value));
    t.unsafeGetTensorImpl()->set_wrapped_number(true);
    return t;
}

}  // namespace

// ---- views along one dimension ----

MG_EXPORT int32_t mg_indexing_narrow(mg_tensor x, int64_t dim, int64_t start, int64_t length, mg_tensor* out) {
    MG_BEGIN
    *out = mg::wrap(mg::get(x).narrow(dim, start, length));
    MG_END
}

/// Elements start, start+step, ... before end (Python slicing rules: negative counts from the end).
MG_EXPORT int32_t mg_indexing_slice(mg_tensor x, int64_t dim, int64_t start, int64_t end, int64_t step,
                                    mg_tensor* out) {
    MG_BEGIN
    TORCH_CHECK(step > 0, "slice step must be positive, got ", step);
    *out = mg::wrap(mg::get(x).slice(dim, start, end, step));
    MG_END
}

/// Removes dimension `dim` by taking entry `index` of it.
MG_EXPORT int32_t mg_indexing_select(mg_tensor x, int64_t dim, int64_t index, mg_tensor* out) {
    MG_BEGIN
    *out = mg::wrap(mg::get(x).select(dim, index));
    MG_END
}

// ---- gathering by index tensors ----

MG_EXPORT int32_t mg_indexing_index_select(mg_tensor x, int64_t dim, mg_tensor index, mg_tensor* out) {
    MG_BEGIN
    const auto& t = mg::get(x);
    const auto& i = mg::get(index);
    TORCH_CHECK(i.scalar_type() == at::kLong || i.scalar_type() == at::kInt,
                "index_select needs an int64 or int32 index tensor, got ", i.scalar_type());
    TORCH_CHECK(i.dim() <= 1, "index_select needs a 1-D index tensor, got ", i.dim(), " dimensions");
    if (i.numel() > 0) {
        auto d = at::maybe_wrap_dim(dim, t.dim());
        auto size = t.dim() == 0 ? 1 : t.size(d);
        auto lo = i.min().item<int64_t>();
        auto hi = i.max().item<int64_t>();
        TORCH_CHECK(lo >= 0 && hi < size, "index_select: index ", lo < 0 ? lo : hi,
                    " is out of range for dimension ", dim, " of size ", size);
    }
    *out = mg::wrap(t.index_select(dim, i));
    MG_END
}

MG_EXPORT int32_t mg_indexing_gather(mg_tensor x, int64_t dim, mg_tensor index, mg_tensor* out) {
    MG_BEGIN
    *out = mg::wrap(at::gather(mg::get(x), dim, mg::get(index)));
    MG_END
}

/// Out of place: a copy of x with src added at the positions index names along dim.
MG_EXPORT int32_t mg_indexing_scatter_add(mg_tensor x, int64_t dim, mg_tensor index, mg_tensor src,
                                          mg_tensor* out) {
    MG_BEGIN
    *out = mg::wrap(at::scatter_add(mg::get(x), dim, mg::get(index), mg::get(src)));
    MG_END
}

// ---- masks ----

MG_EXPORT int32_t mg_indexing_masked_fill(mg_tensor x, mg_tensor mask, double value, mg_tensor* out) {
    MG_BEGIN
    const auto& m = mg::get(mask);
    TORCH_CHECK(m.scalar_type() == at::kBool, "masked_fill needs a Bool mask, got ", m.scalar_type());
    *out = mg::wrap(mg::get(x).masked_fill(m, value));
    MG_END
}

/// cond ? a : b elementwise; a null `a` or `b` handle stands for the scalar a_value or b_value.
MG_EXPORT int32_t mg_indexing_where(mg_tensor cond, mg_tensor a, double a_value, mg_tensor b, double b_value,
                                    mg_tensor* out) {
    MG_BEGIN
    const auto& c = mg::get(cond);
    TORCH_CHECK(c.scalar_type() == at::kBool, "where needs a Bool condition, got ", c.scalar_type());
    auto ta = a != nullptr ? *a : scalar_operand(a_value, b);
    auto tb = b != nullptr ? *b : scalar_operand(b_value, a);
    if (a == nullptr && b == nullptr) {
        ta = ta.to(at::get_default_dtype_as_scalartype());
        tb = tb.to(at::get_default_dtype_as_scalartype());
    }
    *out = mg::wrap(at::where(c, ta, tb));
    MG_END
}

/// (...) int64 class indices -> (..., num_classes) int64; num_classes < 0 infers max + 1.
MG_EXPORT int32_t mg_indexing_one_hot(mg_tensor x, int64_t num_classes, mg_tensor* out) {
    MG_BEGIN
    const auto& t = mg::get(x);
    TORCH_CHECK(t.scalar_type() == at::kLong, "one_hot needs int64 class indices, got ", t.scalar_type());
    if (num_classes >= 0 && t.numel() > 0) {
        auto lo = t.min().item<int64_t>();
        auto hi = t.max().item<int64_t>();
        TORCH_CHECK(lo >= 0 && hi < num_classes, "one_hot: class index ", lo < 0 ? lo : hi,
                    " is outside [0, ", num_classes, ")");
    }
    *out = mg::wrap(at::one_hot(t, num_classes));
    MG_END
}

// ---- joining and splitting ----

MG_EXPORT int32_t mg_tensor_cat(const mg_tensor* xs, int32_t count, int64_t dim, mg_tensor* out) {
    MG_BEGIN
    *out = mg::wrap(at::cat(mg::gather(xs, count), dim));
    MG_END
}

MG_EXPORT int32_t mg_tensor_stack(const mg_tensor* xs, int32_t count, int64_t dim, mg_tensor* out) {
    MG_BEGIN
    *out = mg::wrap(at::stack(mg::gather(xs, count), dim));
    MG_END
}

/// Up to n nearly equal parts along dim (views).
MG_EXPORT int32_t mg_indexing_chunk(mg_tensor x, int64_t chunks, int64_t dim, mg_tensor* outs, int32_t capacity,
                                    int32_t* count) {
    MG_BEGIN
    TORCH_CHECK(chunks > 0, "chunk count must be positive, got ", chunks);
    wrap_list(mg::get(x).chunk(chunks, dim), outs, capacity, count);
    MG_END
}

/// Parts of `size` along dim (the last may be smaller).
MG_EXPORT int32_t mg_indexing_split(mg_tensor x, int64_t size, int64_t dim, mg_tensor* outs, int32_t capacity,
                                    int32_t* count) {
    MG_BEGIN
    TORCH_CHECK(size > 0, "split size must be positive, got ", size);
    wrap_list(mg::get(x).split(size, dim), outs, capacity, count);
    MG_END
}

/// Parts of the given sizes along dim (they must add up to the dimension's size).
MG_EXPORT int32_t mg_indexing_split_sizes(mg_tensor x, const int64_t* sizes, int32_t n, int64_t dim,
                                          mg_tensor* outs, int32_t capacity, int32_t* count) {
    MG_BEGIN
    wrap_list(mg::get(x).split_with_sizes(mg::dims(sizes, n), dim), outs, capacity, count);
    MG_END
}

// ---- rearranging ----

MG_EXPORT int32_t mg_indexing_flip(mg_tensor x, const int64_t* dims, int32_t n, mg_tensor* out) {
    MG_BEGIN
    *out = mg::wrap(mg::get(x).flip(mg::dims(dims, n)));
    MG_END
}

/// Tiles the tensor `reps[i]` times along each dimension (like torch.Tensor.repeat).
MG_EXPORT int32_t mg_indexing_repeat(mg_tensor x, const int64_t* reps, int32_t n, mg_tensor* out) {
    MG_BEGIN
    *out = mg::wrap(mg::get(x).repeat(mg::dims(reps, n)));
    MG_END
}
