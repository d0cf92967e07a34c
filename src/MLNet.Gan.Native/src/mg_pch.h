// Precompiled header: the libtorch headers every translation unit of the shim includes.
#pragma once
#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <torch/csrc/autograd/autograd.h>
#include <torch/csrc/autograd/grad_mode.h>
#include <torch/csrc/autograd/generated/variable_factories.h>
#include <cstdint>
#include <string>
#include <vector>
