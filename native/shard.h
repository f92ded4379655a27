#pragma once

#include <cstdint>
#include <string>

#include "native/row_range.h"

namespace whyrec {

// --shard i/n: the i-th (from 0) of n contiguous parts of a job's rows, whose sizes differ by at
// most one row; the parts in order are the job, so their outputs concatenated are its output.
struct Shard {
  int64_t index = 0;
  int64_t count = 1;
};

// Parses "i/n" with 0 <= i < n; anything else is an error saying what is expected.
Shard ParseShard(const std::string& text);

// The shard's part of `rows`: rows.begin + size*i/n .. rows.begin + size*(i+1)/n (possibly empty
// when there are fewer rows than shards).
RowRange ShardRows(const RowRange& rows, const Shard& shard);

}  // namespace whyrec
