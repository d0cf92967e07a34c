// Tensor lifetime, metadata, data transfer, factories and the elementwise/reduction families.
#pragma once
#include "mg_common.h"

/// Codes of mg_tensor_unary (keep in step with UnaryOp in NativeMethods.Tensor.cs).
enum mg_unary_op : int32_t {
    MG_NEG = 0, MG_EXP, MG_LOG, MG_SQRT, MG_RSQRT, MG_ABS, MG_SIGN, MG_FLOOR, MG_CEIL, MG_ROUND,
    MG_RELU, MG_SIGMOID, MG_TANH, MG_SOFTPLUS, MG_LOG_SIGMOID, MG_SIN, MG_COS, MG_SQUARE,
    MG_RECIPROCAL, MG_LOG1P, MG_EXPM1, MG_ISNAN, MG_ISFINITE, MG_LOGICAL_NOT, MG_GELU, MG_SILU, MG_ERF,
    MG_LOG2, MG_TRUNC,
};

/// Codes of mg_tensor_binary and mg_tensor_binary_scalar.
enum mg_binary_op : int32_t {
    MG_ADD = 0, MG_SUB, MG_MUL, MG_DIV, MG_POW, MG_MAXIMUM, MG_MINIMUM, MG_EQ, MG_NE, MG_LT,
    MG_LE, MG_GT, MG_GE, MG_LOGICAL_AND, MG_LOGICAL_OR, MG_REMAINDER, MG_ATAN2, MG_RSUB,
};

/// Codes of mg_tensor_reduce.
enum mg_reduce_op : int32_t {
    MG_SUM = 0, MG_MEAN, MG_AMAX, MG_AMIN, MG_PROD, MG_STD, MG_VAR, MG_ARGMAX, MG_ARGMIN,
    MG_LOGSUMEXP, MG_NORM, MG_ANY, MG_ALL,
};
