#pragma once

#include <cstdint>
#include <functional>

namespace whyrec {

// Calls body(r) for every r in [begin, end) on `threads` threads (0: one per core), handing out
// rows in blocks of `block` so that uneven rows balance (1 when each row is much work, such as a
// history's explanation). on_row_done runs after each row, one call at a time. An exception
// thrown by body stops the rows after it; the one of the lowest failing row is rethrown here
// (the same error whatever the number of threads).
void ParallelRows(int64_t begin, int64_t end, int threads, const std::function<void(int64_t)>& body,
                  const std::function<void()>& on_row_done, int64_t block = 16);

// ParallelRows for bodies that take a block at a time: body(first, last) does rows [first, last)
// (at most `block` of them, in order, stopping at the first that fails) and on_rows_done(count)
// runs after each block, one call at a time. The error rethrown is the lowest failing block's.
void ParallelBlocks(int64_t begin, int64_t end, int threads,
                    const std::function<void(int64_t, int64_t)>& body,
                    const std::function<void(int64_t)>& on_rows_done, int64_t block);

// The number of threads `requested` means: itself when positive, else the number of cores.
int ThreadCount(int requested);

}  // namespace whyrec
