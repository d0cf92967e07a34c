// Autograd: requires_grad, accumulated gradients, backward, grad mode and torch::autograd::grad.
#pragma once
#include "mg_common.h"
