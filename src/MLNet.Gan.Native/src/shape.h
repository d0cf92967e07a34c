// Shape views and conversions: reshape/view, permute/transpose, unsqueeze/squeeze, flatten, expand,
// contiguous, clone, detach and dtype/device moves.
#pragma once
#include "mg_common.h"
