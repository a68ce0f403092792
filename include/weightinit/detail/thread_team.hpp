// SPDX-License-Identifier: Apache-2.0
// weightinit/detail/thread_team.hpp: the threads of one computation (a parallel fill, an
// Orthogonal QR), taking numbered tasks until none is left.
#ifndef WEIGHTINIT_DETAIL_THREAD_TEAM_HPP_
#define WEIGHTINIT_DETAIL_THREAD_TEAM_HPP_

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace weightinit {
namespace detail {

/// A few threads that run the tasks of one computation: run(count, task) calls task(0), ...,
/// task(count - 1), each once, on this thread and the helpers, and returns when all are done.
/// Which thread runs which task changes nothing in the results. The helpers are started once
/// (fewer if the system refuses threads) and only take tasks that are not taken yet, so a
/// helper that the system does not schedule promptly only leaves more work to the others;
/// nobody waits for it except at the end of the computation.
class thread_team {
 public:
  explicit thread_team(unsigned threads) {
    try {
      for (unsigned h = 1; h < threads; ++h) helpers_.emplace_back([this] { serve(); });
    } catch (...) {  // fewer threads: same values
    }
  }
  thread_team(const thread_team&) = delete;
  thread_team& operator=(const thread_team&) = delete;
  ~thread_team() {
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    wake_.notify_all();
    for (std::thread& h : helpers_) h.join();
  }

  unsigned size() const { return unsigned(helpers_.size()) + 1; }

  /// Runs the tasks; the first exception a task throws is rethrown here, after all tasks.
  template <class Task>
  void run(std::int64_t count, const Task& task) {
    if (helpers_.empty() || count <= 1) {
      for (std::int64_t i = 0; i < count; ++i) task(i);
      return;
    }
    auto p = std::make_shared<phase>();
    p->count = count;
    p->context = &task;
    p->call = [](const void* context, std::int64_t i) { (*static_cast<const Task*>(context))(i); };
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      current_ = p;
      ++generation_;
    }
    wake_.notify_all();
    work(*p);
    // A task taken by a helper is still running: wait for it (the task is on this stack).
    while (p->done.load(std::memory_order_acquire) < count) std::this_thread::yield();
    if (p->error) std::rethrow_exception(p->error);
  }

 private:
  struct phase {
    std::int64_t count = 0;
    const void* context = nullptr;
    void (*call)(const void*, std::int64_t) = nullptr;
    std::atomic<std::int64_t> next{0}, done{0};
    std::mutex error_mutex;
    std::exception_ptr error;
  };

  static void work(phase& p) {
    for (std::int64_t i = p.next.fetch_add(1); i < p.count; i = p.next.fetch_add(1)) {
      try {
        p.call(p.context, i);
      } catch (...) {
        const std::lock_guard<std::mutex> lock(p.error_mutex);
        if (!p.error) p.error = std::current_exception();
      }
      p.done.fetch_add(1, std::memory_order_release);
    }
  }

  void serve() {
    std::uint64_t seen = 0;
    for (;;) {
      std::shared_ptr<phase> p;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [&] { return stop_ || generation_ != seen; });
        if (stop_) return;
        seen = generation_;
        p = current_;
      }
      work(*p);  // a phase that is over has no task left to take
    }
  }

  std::vector<std::thread> helpers_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::shared_ptr<phase> current_;
  std::uint64_t generation_ = 0;
  bool stop_ = false;
};

}  // namespace detail
}  // namespace weightinit

#endif  // WEIGHTINIT_DETAIL_THREAD_TEAM_HPP_
