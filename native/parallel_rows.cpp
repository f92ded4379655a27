#include "native/parallel_rows.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <limits>
#include <mutex>
#include <thread>
#include <vector>

namespace whyrec {

int ThreadCount(int requested) {
  if (requested > 0) return requested;
  return std::max(1u, std::thread::hardware_concurrency());
}

void ParallelBlocks(int64_t begin, int64_t end, int threads,
                    const std::function<void(int64_t, int64_t)>& body,
                    const std::function<void(int64_t)>& on_rows_done, int64_t block) {
  std::atomic<int64_t> next{begin};
  // The first row of the lowest block that failed so far: blocks after it are skipped, blocks
  // before it still run, so the error rethrown is the first failing row's whatever the number of
  // threads.
  std::atomic<int64_t> failed_row{std::numeric_limits<int64_t>::max()};
  std::exception_ptr error;
  std::mutex mutex;
  const auto work = [&] {
    for (;;) {
      const int64_t first = next.fetch_add(block);
      if (first >= std::min(end, failed_row.load())) return;
      const int64_t last = std::min(end, first + block);
      try {
        body(first, last);
      } catch (...) {
        const std::lock_guard<std::mutex> lock(mutex);
        if (first < failed_row) {
          error = std::current_exception();
          failed_row = first;
        }
        return;
      }
      const std::lock_guard<std::mutex> lock(mutex);
      on_rows_done(last - first);
    }
  };
  const int64_t blocks = (end - begin + block - 1) / block;
  const int count =
      static_cast<int>(std::min<int64_t>(ThreadCount(threads), std::max<int64_t>(blocks, 1)));
  std::vector<std::thread> pool;
  for (int t = 1; t < count; ++t) pool.emplace_back(work);
  work();
  for (auto& thread : pool) thread.join();
  if (error) std::rethrow_exception(error);
}

void ParallelRows(int64_t begin, int64_t end, int threads, const std::function<void(int64_t)>& body,
                  const std::function<void()>& on_row_done, int64_t block) {
  ParallelBlocks(
      begin, end, threads,
      [&](int64_t first, int64_t last) {
        for (int64_t r = first; r < last; ++r) body(r);
      },
      [&](int64_t count) {
        for (int64_t r = 0; r < count; ++r) on_row_done();
      },
      block);
}

}  // namespace whyrec
