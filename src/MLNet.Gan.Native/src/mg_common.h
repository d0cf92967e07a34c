// Shared conventions of the native shim: the error boundary, handle kinds and small helpers.
//
// Every export returns an int status (MG_OK or MG_ERR) and passes results through out-pointers.
// Its body sits between MG_BEGIN and MG_END: no C++ exception ever crosses into .NET, and the
// message of the last failure on this thread is kept for mg_last_error().
#pragma once
#include "mg_pch.h"

#define MG_EXPORT extern "C" __attribute__((visibility("default")))
#define MG_OK 0
#define MG_ERR 1

#define MG_BEGIN try {
#define MG_END                                                   \
    }                                                            \
    catch (const std::exception& mg_e) {                         \
        mg::set_last_error(mg_e);                                \
        return MG_ERR;                                           \
    }                                                            \
    catch (...) {                                                \
        mg::set_last_error("unknown native exception");          \
        return MG_ERR;                                           \
    }                                                            \
    return MG_OK;

/// A tensor handle owned by .NET: a heap-allocated at::Tensor released by mg_tensor_dispose.
typedef at::Tensor* mg_tensor;

namespace mg {

void set_last_error(const std::exception& e);
void set_last_error(const char* message);

/// Moves a tensor to the heap and hands its pointer to .NET.
inline mg_tensor wrap(at::Tensor&& t) { return new at::Tensor(std::move(t)); }
inline mg_tensor wrap(const at::Tensor& t) { return new at::Tensor(t); }

/// Checks a handle that .NET passed in.
inline const at::Tensor& get(mg_tensor t) {
    TORCH_CHECK(t != nullptr, "null tensor handle");
    return *t;
}

/// An optional tensor: a null handle means "none".
inline c10::optional<at::Tensor> opt(mg_tensor t) {
    if (t == nullptr) return c10::nullopt;
    return *t;
}

inline at::IntArrayRef dims(const int64_t* values, int32_t count) {
    return at::IntArrayRef(values, static_cast<size_t>(count));
}

/// Dtype codes shared with .NET (they equal c10::ScalarType's numbering).
at::ScalarType to_dtype(int32_t code);

/// Device from (type, index): type 0 = CPU, 1 = CUDA.
at::Device to_device(int32_t type, int32_t index);

/// Gathers an array of handles into a vector of tensors.
std::vector<at::Tensor> gather(const mg_tensor* handles, int32_t count);

}  // namespace mg
