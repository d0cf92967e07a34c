// Transposed 2-D convolution entry point (see conv_transpose.h): picks, per shape, libtorch's own
// kernel or the exact re-expression as an ordinary convolution (conv_transpose_reexpressed.h),
// whichever measured faster, and caches rearranged weights for inference.
#include "conv_transpose.h"
#include "conv_transpose_reexpressed.h"
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <mutex>

namespace {

using mg::convt::Args;

/// Policy codes shared with .NET (ConvTranspose2dPolicy): how mg::conv_transpose2d picks its form.
enum Policy : int32_t { kAuto = 0, kLibTorch = 1, kReexpressed = 2 };
/// The form a call ran with (also the codes of mg_convt_last_choice; 0 = none yet).
enum Form : int32_t { kNone = 0, kFormLibTorch = 1, kFormReexpressed = 2 };

std::atomic<int32_t> g_policy{kAuto};
thread_local int32_t t_last_form = kNone;

// ---- per-shape choice ----

std::mutex g_choice_mutex;
std::map<std::vector<int64_t>, int32_t> g_choices;

std::vector<int64_t> choice_key(const at::Tensor& x4, const at::Tensor& w, bool has_bias, const Args& a,
                                bool with_grad) {
    std::vector<int64_t> key(x4.sizes().begin(), x4.sizes().end());
    key.insert(key.end(), w.sizes().begin(), w.sizes().end());
    for (size_t i = 0; i < 2; ++i) {
        key.insert(key.end(), {a.stride[i], a.padding[i], a.output_padding[i], a.dilation[i]});
    }
    key.insert(key.end(), {a.groups, static_cast<int64_t>(x4.scalar_type()), has_bias ? 1 : 0, with_grad ? 1 : 0});
    return key;
}

// ---- rearranged weights kept while the weight does not change ----

struct WeightEntry {
    c10::weak_intrusive_ptr<c10::TensorImpl, c10::UndefinedTensorImpl> impl;
    int64_t version;
    std::array<int64_t, 5> geometry;  // sH, sW, dH, dW, groups: what the rearrangement depends on
    at::Tensor rearranged;
};

constexpr size_t kWeightCacheCapacity = 64;
std::mutex g_weight_mutex;
std::vector<WeightEntry> g_weights;

std::array<int64_t, 5> geometry(const Args& a) {
    return {a.stride[0], a.stride[1], a.dilation[0], a.dilation[1], a.groups};
}

/// The rearranged weight, from the cache when this weight (same TensorImpl, same version) was
/// rearranged before. Only for calls that record no graph through the weight.
at::Tensor cached_rearranged(const at::Tensor& weight, const Args& a) {
    const auto geo = geometry(a);
    const int64_t version = weight._version();
    {
        std::lock_guard<std::mutex> lock(g_weight_mutex);
        // Entries of freed weights go first, so that a disposed model's rearranged weights are released.
        g_weights.erase(std::remove_if(g_weights.begin(), g_weights.end(), [](const WeightEntry& e) { return e.impl.expired(); }),
                        g_weights.end());
        for (const auto& e : g_weights) {
            auto alive = e.impl.lock();
            if (alive.get() == weight.unsafeGetTensorImpl() && e.version == version && e.geometry == geo &&
                e.rearranged.scalar_type() == weight.scalar_type() && e.rearranged.device() == weight.device()) {
                return e.rearranged;
            }
        }
    }
    at::Tensor rearranged;
    {
        at::NoGradGuard no_grad;
        rearranged = mg::convt::rearrange_weight(weight.detach(), a).contiguous();
    }
    std::lock_guard<std::mutex> lock(g_weight_mutex);
    // Drop entries of freed weights, older versions of this weight, and the oldest beyond capacity.
    auto stale = [&](const WeightEntry& e) {
        auto alive = e.impl.lock();
        return !alive || (alive.get() == weight.unsafeGetTensorImpl() && e.geometry == geo);
    };
    g_weights.erase(std::remove_if(g_weights.begin(), g_weights.end(), stale), g_weights.end());
    if (g_weights.size() >= kWeightCacheCapacity) g_weights.erase(g_weights.begin());
    g_weights.push_back({c10::weak_intrusive_ptr<c10::TensorImpl, c10::UndefinedTensorImpl>(weight.getIntrusivePtr()),
                         version, geo, rearranged});
    return rearranged;
}

// ---- the two forms ----

at::Tensor run_libtorch(const at::Tensor& x4, const at::Tensor& w, const c10::optional<at::Tensor>& b, const Args& a) {
    return at::conv_transpose2d(x4, w, b, {a.stride[0], a.stride[1]}, {a.padding[0], a.padding[1]},
                                {a.output_padding[0], a.output_padding[1]}, a.groups,
                                {a.dilation[0], a.dilation[1]});
}

at::Tensor run_reexpressed(const at::Tensor& x4, const at::Tensor& w, const c10::optional<at::Tensor>& b,
                           const Args& a) {
    bool graph_through_weight = at::GradMode::is_enabled() && w.requires_grad();
    at::Tensor rearranged = graph_through_weight || w.is_inference() ? mg::convt::rearrange_weight(w, a)
                                                                     : cached_rearranged(w, a);
    return mg::convt::forward(x4, w, rearranged, b, a);
}

// ---- timing both forms once per shape ----

/// One forward, plus backward to every operand that requires grad when with_grad, on detached
/// copies so the caller's graph is untouched.
std::function<void()> make_step(int32_t form, const at::Tensor& x4, const at::Tensor& w,
                                const c10::optional<at::Tensor>& b, const Args& a, bool with_grad) {
    auto leaf = [&](const at::Tensor& t) { return t.detach().requires_grad_(with_grad && t.requires_grad()); };
    at::Tensor xl = leaf(x4), wl = leaf(w);
    c10::optional<at::Tensor> bl;
    if (b.has_value() && b->defined()) bl = leaf(*b);
    std::vector<at::Tensor> leaves;
    for (const at::Tensor& t : {xl, wl}) {
        if (t.requires_grad()) leaves.push_back(t);
    }
    if (bl.has_value() && bl->requires_grad()) leaves.push_back(*bl);
    at::Tensor prepared;  // inference reuses the rearranged weight, as the weight cache does
    if (form == kFormReexpressed && leaves.empty()) {
        at::NoGradGuard no_grad;
        prepared = mg::convt::rearrange_weight(wl, a).contiguous();
    }
    return [=]() {
        at::AutoGradMode mode(with_grad);
        at::Tensor y;
        if (form == kFormLibTorch) {
            y = run_libtorch(xl, wl, bl, a);
        } else {
            y = mg::convt::forward(xl, wl, prepared.defined() ? prepared : mg::convt::rearrange_weight(wl, a), bl, a);
        }
        if (!leaves.empty()) torch::autograd::grad({y}, leaves, {at::ones_like(y)});
    };
}

/// Milliseconds one step took; infinity when it throws (that form then never wins).
double time_ms(const std::function<void()>& step) {
    try {
        auto start = std::chrono::steady_clock::now();
        step();
        std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - start;
        return took.count();
    } catch (const std::exception&) {
        return std::numeric_limits<double>::infinity();
    }
}

/// Times both forms (one warm-up each, then one run each, and one more each unless one form is
/// clearly faster) and remembers the faster for this key.
int32_t choose_form(const at::Tensor& x4, const at::Tensor& w, const c10::optional<at::Tensor>& b, const Args& a) {
    bool has_bias = b.has_value() && b->defined();
    bool with_grad = at::GradMode::is_enabled() &&
                     (x4.requires_grad() || w.requires_grad() || (has_bias && b->requires_grad()));
    auto key = choice_key(x4, w, has_bias, a, with_grad);
    {
        std::lock_guard<std::mutex> lock(g_choice_mutex);
        auto found = g_choices.find(key);
        if (found != g_choices.end()) return found->second;
    }
    // Timed outside the lock; should two threads time one shape at once, the first answer stays.
    auto libtorch = make_step(kFormLibTorch, x4, w, b, a, with_grad);
    auto reexpressed = make_step(kFormReexpressed, x4, w, b, a, with_grad);
    double lib_ms = time_ms(libtorch), re_ms = time_ms(reexpressed);  // warm-up (allocations, primitives)
    if (std::isfinite(lib_ms)) lib_ms = time_ms(libtorch);
    if (std::isfinite(re_ms)) re_ms = time_ms(reexpressed);
    bool clear = std::max(lib_ms, re_ms) > 1.5 * std::min(lib_ms, re_ms);
    if (!clear && std::isfinite(lib_ms) && std::isfinite(re_ms)) {
        lib_ms = std::min(lib_ms, time_ms(libtorch));
        re_ms = std::min(re_ms, time_ms(reexpressed));
    }
    int32_t form = re_ms < lib_ms ? kFormReexpressed : kFormLibTorch;
    std::lock_guard<std::mutex> lock(g_choice_mutex);
    return g_choices.emplace(std::move(key), form).first->second;
}

void check_pairs(const int64_t* stride, const int64_t* padding, const int64_t* output_padding,
                 const int64_t* dilation, mg_tensor* out) {
    TORCH_CHECK(stride && padding && output_padding && dilation,
                "conv_transpose2d: stride, padding, output_padding and dilation must each be 2 values");
    TORCH_CHECK(out != nullptr, "null output pointer");
}

}  // namespace

namespace mg {

at::Tensor conv_transpose2d(const at::Tensor& input, const at::Tensor& weight, const c10::optional<at::Tensor>& bias,
                            at::IntArrayRef stride, at::IntArrayRef padding, at::IntArrayRef output_padding,
                            int64_t groups, at::IntArrayRef dilation) {
    Args a = convt::validate(input, weight, bias, stride, padding, output_padding, groups, dilation);
    const bool batched = input.dim() == 4;
    at::Tensor x4 = batched ? input : input.unsqueeze(0);  // (C, H, W) -> (1, C, H, W)
    c10::optional<at::Tensor> b = bias.has_value() && bias->defined() ? bias : c10::nullopt;
    int32_t form;
    switch (g_policy.load()) {
        case kLibTorch: form = kFormLibTorch; break;
        case kReexpressed: form = kFormReexpressed; break;
        default:  // auto: cuDNN and other device kernels are fast already; on the CPU, measure
            form = x4.is_cpu() ? choose_form(x4, weight, b, a) : kFormLibTorch;
            break;
    }
    t_last_form = form;
    at::Tensor y = form == kFormLibTorch ? run_libtorch(x4, weight, b, a) : run_reexpressed(x4, weight, b, a);
    return batched ? y : y.squeeze(0);
}

}  // namespace mg

/// Sets how conv_transpose2d picks its form: 0 = auto (measure per shape on the CPU, libtorch's
/// kernel elsewhere), 1 = always libtorch's kernel, 2 = always the re-expressed form (any device).
MG_EXPORT int32_t mg_convt_set_policy(int32_t policy) {
    MG_BEGIN
    TORCH_CHECK(policy >= kAuto && policy <= kReexpressed,
                "conv_transpose2d policy must be 0 (auto), 1 (libtorch) or 2 (re-expressed), got ", policy);
    g_policy.store(policy);
    MG_END
}

MG_EXPORT int32_t mg_convt_get_policy(int32_t* policy) {
    MG_BEGIN
    TORCH_CHECK(policy != nullptr, "null output pointer");
    *policy = g_policy.load();
    MG_END
}

/// mg::conv_transpose2d under the current policy; each array holds (height, width); bias may be null.
MG_EXPORT int32_t mg_convt_forward(mg_tensor input, mg_tensor weight, mg_tensor bias, const int64_t* stride,
                                   const int64_t* padding, const int64_t* output_padding, int64_t groups,
                                   const int64_t* dilation, mg_tensor* out) {
    MG_BEGIN
    check_pairs(stride, padding, output_padding, dilation, out);
    *out = mg::wrap(mg::conv_transpose2d(mg::get(input), mg::get(weight), mg::opt(bias), mg::dims(stride, 2),
                                         mg::dims(padding, 2), mg::dims(output_padding, 2), groups,
                                         mg::dims(dilation, 2)));
    MG_END
}

/// libtorch's own at::conv_transpose2d, untouched: the reference the re-expressed form must match.
MG_EXPORT int32_t mg_convt_reference(mg_tensor input, mg_tensor weight, mg_tensor bias, const int64_t* stride,
                                     const int64_t* padding, const int64_t* output_padding, int64_t groups,
                                     const int64_t* dilation, mg_tensor* out) {
    MG_BEGIN
    check_pairs(stride, padding, output_padding, dilation, out);
    *out = mg::wrap(at::conv_transpose2d(mg::get(input), mg::get(weight), mg::opt(bias), mg::dims(stride, 2),
                                         mg::dims(padding, 2), mg::dims(output_padding, 2), groups,
                                         mg::dims(dilation, 2)));
    MG_END
}

/// Entries in the per-shape choice cache and in the rearranged-weight cache.
MG_EXPORT int32_t mg_convt_cache_size(int64_t* choices, int64_t* weights) {
    MG_BEGIN
    TORCH_CHECK(choices != nullptr && weights != nullptr, "null output pointer");
    {
        std::lock_guard<std::mutex> lock(g_choice_mutex);
        *choices = static_cast<int64_t>(g_choices.size());
    }
    std::lock_guard<std::mutex> lock(g_weight_mutex);
    *weights = static_cast<int64_t>(g_weights.size());
    MG_END
}

/// Forgets every per-shape choice and every rearranged weight.
MG_EXPORT int32_t mg_convt_cache_clear() {
    MG_BEGIN
    {
        std::lock_guard<std::mutex> lock(g_choice_mutex);
        g_choices.clear();
    }
    std::lock_guard<std::mutex> lock(g_weight_mutex);
    g_weights.clear();
    MG_END
}

/// The form the last conv_transpose2d call on this thread ran: 0 none yet, 1 libtorch, 2 re-expressed.
MG_EXPORT int32_t mg_convt_last_choice(int32_t* form) {
    MG_BEGIN
    TORCH_CHECK(form != nullptr, "null output pointer");
    *form = t_last_form;
    MG_END
}
