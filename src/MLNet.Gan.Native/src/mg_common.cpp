// Error state, library information, threads and seeds.
#include "mg_common.h"
#include <ATen/Context.h>
#include <c10/util/Logging.h>
#include <torch/version.h>
#include <cstring>
#include <mutex>

namespace mg {

static thread_local std::string g_last_error;

// libtorch 1.13 captures and symbolises a C++ backtrace in every c10::Error (about 1.5 ms each),
// which set_last_error then drops: .NET users get the message alone. Skip the capture, so a failing
// call costs what the check costs.
static const bool g_no_error_backtraces = [] {
    c10::SetStackTraceFetcher([] { return std::string(); });
    return true;
}();

void set_last_error(const std::exception& e) {
    // libtorch's own errors carry a C++ backtrace after the message; .NET users need the message.
    if (auto* c10e = dynamic_cast<const c10::Error*>(&e)) {
        g_last_error = c10e->what_without_backtrace();
    } else {
        g_last_error = e.what();
    }
}

void set_last_error(const char* message) { g_last_error = message; }

at::ScalarType to_dtype(int32_t code) {
    switch (code) {
        case static_cast<int32_t>(at::kByte):
        case static_cast<int32_t>(at::kInt):
        case static_cast<int32_t>(at::kLong):
        case static_cast<int32_t>(at::kFloat):
        case static_cast<int32_t>(at::kDouble):
        case static_cast<int32_t>(at::kBool):
        case static_cast<int32_t>(at::kHalf):
        case static_cast<int32_t>(at::kBFloat16):
            return static_cast<at::ScalarType>(code);
        default:
            TORCH_CHECK(false, "unsupported dtype code ", code);
    }
}

at::Device to_device(int32_t type, int32_t index) {
    switch (type) {
        case 0: return at::Device(at::kCPU);
        case 1: return at::Device(at::kCUDA, static_cast<c10::DeviceIndex>(index));
        default: TORCH_CHECK(false, "unsupported device type ", type);
    }
}

std::vector<at::Tensor> gather(const mg_tensor* handles, int32_t count) {
    TORCH_CHECK(count >= 0, "negative tensor count");
    TORCH_CHECK(count == 0 || handles != nullptr, "null tensor array");
    std::vector<at::Tensor> out;
    out.reserve(count);
    for (int32_t i = 0; i < count; ++i) out.push_back(get(handles[i]));
    return out;
}

}  // namespace mg

/// The message of the last failed call on this thread (valid until the next failure).
MG_EXPORT const char* mg_last_error() { return mg::g_last_error.c_str(); }

MG_EXPORT int32_t mg_version(char* buffer, int32_t capacity, int32_t* length) {
    MG_BEGIN
    std::string v = std::string("torch ") + TORCH_VERSION;
    *length = static_cast<int32_t>(v.size());
    if (buffer != nullptr && capacity > 0) {
        auto n = std::min<size_t>(v.size(), static_cast<size_t>(capacity - 1));
        std::memcpy(buffer, v.data(), n);
        buffer[n] = 0;
    }
    MG_END
}

MG_EXPORT int32_t mg_threads_get(int32_t* out) {
    MG_BEGIN
    *out = at::get_num_threads();
    MG_END
}

MG_EXPORT int32_t mg_threads_set(int32_t n) {
    MG_BEGIN
    TORCH_CHECK(n >= 1, "thread count must be at least 1, got ", n);
    at::set_num_threads(n);
    MG_END
}

MG_EXPORT int32_t mg_manual_seed(uint64_t seed) {
    MG_BEGIN
    at::manual_seed(seed);
    MG_END
}

MG_EXPORT int32_t mg_cuda_device_count(int32_t* out) {
    MG_BEGIN
    *out = at::hasCUDA() ? static_cast<int32_t>(at::getNumGPUs()) : 0;
    MG_END
}

/// The CPU generator's full state (for exact resume), as a uint8 tensor.
MG_EXPORT int32_t mg_rng_get_state(mg_tensor* out) {
    MG_BEGIN
    auto gen = at::detail::getDefaultCPUGenerator();
    std::lock_guard<std::mutex> lock(gen.mutex());
    *out = mg::wrap(gen.get_state());
    MG_END
}

MG_EXPORT int32_t mg_rng_set_state(mg_tensor state) {
    MG_BEGIN
    auto gen = at::detail::getDefaultCPUGenerator();
    std::lock_guard<std::mutex> lock(gen.mutex());
    gen.set_state(mg::get(state));
    MG_END
}
