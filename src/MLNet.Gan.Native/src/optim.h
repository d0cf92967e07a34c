// Optimizer steps over whole parameter lists in one call (torch.optim's single-tensor rules).
#pragma once
#include "mg_common.h"
