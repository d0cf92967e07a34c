// Autograd: requires_grad, accumulated gradients, backward, grad mode and torch::autograd::grad
// (with create_graph for double backward, as a WGAN-GP gradient penalty needs).
#include "autograd.h"

// ---- per-tensor state ----

MG_EXPORT int32_t mg_tensor_set_requires_grad(mg_tensor x, int32_t value) {
    MG_BEGIN
    mg::get(x).set_requires_grad(value != 0);
    MG_END
}

/// 1 when the tensor was made by the user (not by a recorded operation).
MG_EXPORT int32_t mg_autograd_is_leaf(mg_tensor x, int32_t* out) {
    MG_BEGIN
    *out = mg::get(x).is_leaf() ? 1 : 0;
    MG_END
}

/// Asks a non-leaf tensor to keep its gradient after backward.
MG_EXPORT int32_t mg_autograd_retain_grad(mg_tensor x) {
    MG_BEGIN
    const auto& t = mg::get(x);
    TORCH_CHECK(t.requires_grad(), "retain_grad() on a tensor that does not require grad");
    t.retain_grad();
    MG_END
}

/// The accumulated gradient, or a null handle when there is none.
MG_EXPORT int32_t mg_tensor_grad(mg_tensor x, mg_tensor* out) {
    MG_BEGIN
    const auto& g = mg::get(x).grad();
    *out = g.defined() ? mg::wrap(g) : nullptr;
    MG_END
}

/// Drops the accumulated gradient (like PyTorch's zero_grad(set_to_none=True)).
MG_EXPORT int32_t mg_tensor_zero_grad(mg_tensor x) {
    MG_BEGIN
    mg::get(x).mutable_grad().reset();
    MG_END
}

// ---- running the graph ----

MG_EXPORT int32_t mg_tensor_backward(mg_tensor x, mg_tensor grad, int32_t retain_graph) {
    MG_BEGIN
    mg::get(x).backward(mg::opt(grad).value_or(at::Tensor()), retain_graph != 0);
    MG_END
}

/// Gradients of `outputs` (weighted by `grad_outputs`, or ones for scalars when count is 0)
/// with respect to `inputs`, written to `results` (n_inputs handles). An input that the outputs
/// do not depend on gets a null handle when allow_unused is set (libtorch raises otherwise).
MG_EXPORT int32_t mg_autograd_grad(const mg_tensor* outputs, int32_t n_outputs, const mg_tensor* inputs,
                                   int32_t n_inputs, const mg_tensor* grad_outputs, int32_t n_grad_outputs,
                                   int32_t retain_graph, int32_t create_graph, int32_t allow_unused,
                                   mg_tensor* results) {
    MG_BEGIN
    auto outs = mg::gather(outputs, n_outputs);
    auto ins = mg::gather(inputs, n_inputs);
    auto gouts = mg::gather(grad_outputs, n_grad_outputs);
    TORCH_CHECK(!outs.empty(), "autograd.grad needs at least one output");
    TORCH_CHECK(!ins.empty(), "autograd.grad needs at least one input");
    TORCH_CHECK(gouts.empty() || gouts.size() == outs.size(), "got ", gouts.size(), " grad_outputs for ",
                outs.size(), " outputs");
    for (size_t i = 0; i < ins.size(); ++i) {
        TORCH_CHECK(ins[i].requires_grad(), "input ", i, " does not require grad");
    }
    for (size_t i = 0; i < outs.size(); ++i) {
        TORCH_CHECK(outs[i].requires_grad(), "output ", i,
                    " does not require grad (was it computed under no_grad, or from detached tensors?)");
    }
    auto grads = torch::autograd::grad(outs, ins, gouts, c10::optional<bool>(retain_graph != 0),
                                       create_graph != 0, allow_unused != 0);
    TORCH_CHECK(grads.size() == ins.size(), "autograd.grad returned ", grads.size(), " gradients for ",
                ins.size(), " inputs");
    // Handles are made only after every step that can throw, so a failure leaks nothing.
    for (size_t i = 0; i < grads.size(); ++i) {
        results[i] = grads[i].defined() ? mg::wrap(std::move(grads[i])) : nullptr;
    }
    MG_END
}

// ---- grad mode ----

MG_EXPORT int32_t mg_grad_mode_get(int32_t* enabled) {
    MG_BEGIN
    *enabled = at::GradMode::is_enabled() ? 1 : 0;
    MG_END
}

MG_EXPORT int32_t mg_grad_mode_set(int32_t enabled) {
    MG_BEGIN
    at::GradMode::set_enabled(enabled != 0);
    MG_END
}
