// Indexing and rearranging: narrow/slice/select, index_select/gather/scatter_add, masks and where,
// one_hot, cat/stack and chunk/split, flip and repeat.
#pragma once
#include "mg_common.h"
