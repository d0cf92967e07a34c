// Adam and SGD steps (see optim.h). Each export walks the parameter list natively, so a step
// costs one interop call however many parameters there are. Parameters without a gradient are
// skipped and their step count stays, as in torch.optim.
#include "optim.h"
#include <cmath>

namespace {

/// State tensors follow their parameter when it was moved (Module.To) after the optimizer was made.
void follow_device(at::Tensor& state, const at::Tensor& param) {
    if (state.defined() && state.device() != param.device()) state.set_data(state.to(param.device()));
}

}  // namespace

/// Adam (Kingma & Ba) exactly as torch.optim.Adam 1.13 with amsgrad=False, maximize=False.
/// steps[i] counts the updates of parameter i and is incremented here.
MG_EXPORT int32_t mg_optim_adam_step(const mg_tensor* params, const mg_tensor* exp_avgs, const mg_tensor* exp_avg_sqs,
                                     int64_t* steps, int32_t count, double lr, double beta1, double beta2, double eps,
                                     double weight_decay) {
    MG_BEGIN
    at::NoGradGuard no_grad;
    for (int32_t i = 0; i < count; ++i) {
        auto param = mg::get(params[i]);
        const auto& grad0 = param.grad();
        if (!grad0.defined()) continue;
        auto exp_avg = mg::get(exp_avgs[i]);
        auto exp_avg_sq = mg::get(exp_avg_sqs[i]);
        follow_device(exp_avg, param);
        follow_device(exp_avg_sq, param);
        TORCH_CHECK(exp_avg.sizes() == param.sizes(), "Adam state of parameter ", i, " has shape ", exp_avg.sizes(),
                    " but the parameter has shape ", param.sizes());
        steps[i] += 1;
        auto grad = weight_decay != 0 ? grad0.add(param, weight_decay) : grad0;
        exp_avg.mul_(beta1).add_(grad, 1 - beta1);
        exp_avg_sq.mul_(beta2).addcmul_(grad, grad, 1 - beta2);
        const double step = static_cast<double>(steps[i]);
        const double bias_correction1 = 1 - std::pow(beta1, step);
        const double bias_correction2 = 1 - std::pow(beta2, step);
        const double step_size = lr / bias_correction1;
        auto denom = (exp_avg_sq.sqrt() / std::sqrt(bias_correction2)).add_(eps);
        param.addcdiv_(exp_avg, denom, -step_size);
    }
    MG_END
}

/// SGD with momentum, dampening, Nesterov and weight decay as torch.optim.SGD 1.13.
/// The momentum buffer starts as a copy of the first gradient (steps[i] == 0 marks "no buffer yet").
MG_EXPORT int32_t mg_optim_sgd_step(const mg_tensor* params, const mg_tensor* momentum_buffers, int64_t* steps,
                                    int32_t count, double lr, double momentum, double weight_decay, double dampening,
                                    int32_t nesterov) {
    MG_BEGIN
    at::NoGradGuard no_grad;
    for (int32_t i = 0; i < count; ++i) {
        auto param = mg::get(params[i]);
        const auto& grad0 = param.grad();
        if (!grad0.defined()) continue;
        auto d_p = weight_decay != 0 ? grad0.add(param, weight_decay) : grad0;
        if (momentum != 0) {
            auto buf = mg::get(momentum_buffers[i]);
            follow_device(buf, param);
            if (steps[i] == 0) {
                buf.copy_(d_p);
            } else {
                buf.mul_(momentum).add_(d_p, 1 - dampening);
            }
            d_p = nesterov != 0 ? d_p.add(buf, momentum) : buf;
        }
        steps[i] += 1;
        param.add_(d_p, -lr);
    }
    MG_END
}
