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

void ParallelRows(int64_t begin, int64_t end, int threads, const std::function<void(int64_t)>& body,
                  const std::function<void()>& on_row_done, int64_t block) {
  std::atomic<int64_t> next{begin};
  // The lowest row that failed so far: rows after it are skipped, rows before it still run, so
  // the error rethrown is the first failing row's whatever the number of threads.
  std::atomic<int64_t> failed_row{std::numeric_limits<int64_t>::max()};
  std::exception_ptr error;
  std::mutex mutex;
  const auto work = [&] {
    for (;;) {
      const int64_t first = next.fetch_add(block);
      if (first >= std::min(end, failed_row.load())) return;
      for (int64_t r = first; r < std::min({end, first + block, failed_row.load()}); ++r) {
        try {
          body(r);
        } catch (...) {
          const std::lock_guard<std::mutex> lock(mutex);
          if (r < failed_row) {
            error = std::current_exception();
            failed_row = r;
          }
          return;
        }
        const std::lock_guard<std::mutex> lock(mutex);
        on_row_done();
      }
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

}  // namespace whyrec
