// Neural-network operations behind MLNet.Gan.Torch's Functional, layers and losses:
// linear, convolutions, normalisation, resampling, padding, losses, init and spectral norm.
#pragma once
#include "mg_common.h"

/// Codes of mg_nn_loss (keep in step with LossKind in NativeMethods.NN.cs).
enum mg_loss_kind : int32_t {
    MG_LOSS_BCE_WITH_LOGITS = 0, MG_LOSS_BCE, MG_LOSS_MSE, MG_LOSS_L1, MG_LOSS_CROSS_ENTROPY,
};

/// Codes of mg_nn_pad.
enum mg_pad_mode : int32_t { MG_PAD_CONSTANT = 0, MG_PAD_REFLECT, MG_PAD_REPLICATE };

/// Codes of mg_nn_init.
enum mg_init_kind : int32_t { MG_INIT_NORMAL = 0, MG_INIT_UNIFORM, MG_INIT_CONSTANT };
