/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * fbk.h - what the two halves of fencebench.ko share: the run's state, the
 * per-thread records and the entry points of the measured rounds.
 *
 * fbk_main.c is the interface (parameters, the results device, the
 * controller that runs each strategy and repetition); fbk_round.c holds the
 * kthreads' rounds, the only code that touches the fences.
 */
#ifndef FBK_H
#define FBK_H

#include <linux/atomic.h>
#include <linux/cache.h>
#include <linux/completion.h>
#include <linux/dma-fence.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>

#include "hist_bucket.h"

#define FBK_RING		4	/* fences in flight, as in userspace */
#define FBK_MAX_WAITERS		64
#define FBK_ROUND_MEASURE	1ull	/* round word: count this round */
#define FBK_ROUND_STOP		2ull	/* round word: leave the loop */
#define FBK_ROUND_SHIFT		2

enum fbk_strategy {
	FBK_LOCKED,
	FBK_LIST_EMPTY,
	FBK_CAREFUL,
	FBK_FLAG,
	FBK_FLAG_I915,
	FBK_FLAG_XCHG,
	FBK_FINISH_WAIT,	/* a wait queue: finish_wait() after the wake */
	FBK_NR_STRATEGIES
};

enum fbk_wait { FBK_WAIT_POLL, FBK_WAIT_CALLBACK, FBK_WAIT_TIMEOUT, FBK_WAIT_SLEEP };

/* How a removal ended; also the index of the waiter's histograms. */
enum fbk_outcome { FBK_FAST, FBK_SLOW_HIT, FBK_SLOW_MISS, FBK_NR_OUTCOMES };

/**
 * struct fbk_hist - log-linear histogram of TSC cycles (hist_bucket.h)
 * @count: values recorded
 * @sum: their sum
 * @min: smallest value
 * @max: largest value
 * @bucket: count per bucket
 */
struct fbk_hist {
	u64 count, sum, min, max;
	u64 bucket[HIST_BUCKETS];
};

/*
 * A ring slot: the fence, its own lock, the wait queue strategy finish_wait
 * waits on, and what its callbacks counted.
 */
struct fbk_fence {
	struct dma_fence base;
	spinlock_t lock;	/* the fence's lock: one per fence, as most drivers */
	struct wait_queue_head wq ____cacheline_aligned;
	/* written only by the callbacks, which run on the signaler */
	struct {
		u64 invoked;
		u64 hazard_func_call;
		u64 hazard_payload_read;
	} cbstat ____cacheline_aligned;
} ____cacheline_aligned;

/*
 * The waiter's frame, in module memory that lives as long as the module:
 * default_wait_cb or i915's request_wait, or for finish_wait a
 * DEFINE_WAIT() entry.  @tsk is the word the callback clears as its last
 * access to the frame (release; fetch_and_zero() or xchg() for the i915
 * forms): the waiting task, which --wait sleep's callbacks then wake;
 * @payload is what it reads.  After a lockless return the waiter poisons
 * it, so a late access by the signaler is counted and can never touch
 * freed memory.
 */
struct fbk_frame {
	struct dma_fence_cb cb;
	struct wait_queue_entry wq_entry;
	void *tsk;
	unsigned long payload;
} ____cacheline_aligned;

struct fbk_run;

/**
 * struct fbk_waiter - one waiter kthread's state and results
 * @sync: the words the signaler polls (attached in round r, done with r)
 * @frame: the callback's frame
 * @run: the run it belongs to
 * @task: its kthread
 * @index: waiter number
 * @cpu: the CPU it is bound to
 * @cpu_seen: the CPU it found itself on
 * @fast: lockless returns (measured rounds)
 * @hit: locked removals that found the callback queued
 * @miss: locked removals that found it already called
 * @hazard_prev_store: the signaler's INIT_LIST_HEAD prev store landed after
 *	the frame was released (window A)
 * @hazard_payload_write: the callback's last store landed after release
 * @violation_round: first round whose exactly-once check failed, or 0
 * @nivcsw: involuntary context switches during the run
 * @hist: removal latency by outcome
 */
struct fbk_waiter {
	struct {
		u64 attached;
		u64 done;	/* round << 2 | violation << 1 | removed */
		u64 woke;	/* --wait sleep: running again, TSC */
	} sync ____cacheline_aligned;
	struct fbk_frame frame;
	struct fbk_run *run;
	struct task_struct *task;
	unsigned int index;
	int cpu, cpu_seen;
	u64 fast, hit, miss;
	u64 hazard_prev_store, hazard_payload_write;
	u64 violation_round;
	unsigned long nivcsw;
	struct fbk_hist hist[FBK_NR_OUTCOMES];
};

/**
 * struct fbk_run - one measured run (one strategy, one repetition)
 * @strategy: the removal under test
 * @wait: how the waiters wait for the signal
 * @nr_waiters: number of waiters
 * @waiters: the waiters
 * @ring: the fences
 * @context: the fences' dma-fence context
 * @round0: the round word when the run starts (rounds count on across runs)
 * @warmup_cycles: unmeasured rounds first
 * @duration_cycles: then measured rounds for this long
 * @wait_timeout_cycles: the timeout of the timeout wait mode
 * @spin_limit_cycles: longest any spin may last before the run is aborted
 * @resched_cycles: a spin longer than this calls cond_resched() (10 ms)
 * @stall_round: test hook: the waiters stop in this round (0: never)
 * @yield: two threads share a CPU: spins call cond_resched()
 * @round: the round word (round << 2 | flags), written by the signaler
 * @abort: set once, by whoever ends the run early; @why says why
 * @why: the reason, one line
 * @running: threads still in their rounds
 * @done: completed when the last thread leaves its rounds
 * @signaler_cpu: the signaler's CPU
 * @signaler_cpu_seen: where it found itself
 * @rounds: measured rounds
 * @measured_cycles: time from the first to the last measured round
 * @hazard_func_call: the signaler called a released frame's poisoned func
 * @hazard_payload_read: the callback read a released frame's payload
 * @violation_round: first round whose exactly-once check failed, or 0
 * @violation_invoked: callbacks called in that round
 * @violation_removed: callbacks removed in that round
 * @nivcsw: the signaler's involuntary context switches
 * @timer_overhead: a back-to-back rdtsc_ordered() pair, median, cycles
 * @lock_cycles: an uncontended spin_lock_irqsave/unlock pair, median
 * @signal: the signaler's lock hold time to run the callbacks
 * @woken: --wait sleep: from the signal to each waiter running again
 * @wq_hazard_func_call: finish_wait: the wake called a released entry's func
 * @wq_hazard_payload_read: finish_wait: its function read a released payload
 * @timed: this run times each removal and lock hold; false: no timer read
 *	between a waiter's precheck and its frame's reuse (timing=none)
 */
struct fbk_run {
	enum fbk_strategy strategy;
	enum fbk_wait wait;
	unsigned int nr_waiters;
	struct fbk_waiter **waiters;
	struct fbk_fence **ring;
	u64 context;
	u64 round0;
	u64 warmup_cycles, duration_cycles;
	u64 wait_timeout_cycles, spin_limit_cycles, resched_cycles;
	u64 stall_round;
	bool yield;
	bool timed;

	u64 round ____cacheline_aligned;

	atomic_t abort ____cacheline_aligned;
	char why[192];
	atomic_t running;
	struct completion done;

	int signaler_cpu, signaler_cpu_seen;
	u64 rounds, measured_cycles;
	u64 hazard_func_call, hazard_payload_read;
	u64 violation_round, violation_invoked, violation_removed;
	unsigned long nivcsw;
	u64 timer_overhead, lock_cycles;
	struct fbk_hist signal;
	struct fbk_hist woken;
	u64 wq_hazard_func_call, wq_hazard_payload_read;
};

extern const char *const fbk_strategy_name[FBK_NR_STRATEGIES];

int fbk_signaler_fn(void *data);
int fbk_waiter_fn(void *data);
void fbk_hist_init(struct fbk_hist *h);
void fbk_hist_merge(struct fbk_hist *dst, const struct fbk_hist *src);
__printf(2, 3) void fbk_abort(struct fbk_run *run, const char *fmt, ...);
void fbk_fence_init(struct fbk_run *run, struct fbk_fence *ff, u64 seqno);

#endif
