/* SPDX-License-Identifier: MIT */
/*
 * user.h - the user engine: the model (bench.c's loops) run on threads of
 * this process, pinned where the plan says.  What the loops and the engine
 * share: each thread's memory, the ring, and the run the threads are asked
 * to do; and struct user_model, the loops main() hands the engine.
 */
#ifndef FENCEBENCH_USER_H
#define FENCEBENCH_USER_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "../../compiler.h"
#include "../../fence.h"
#include "../config.h"
#include "../counters.h"
#include "../results.h"
#include "../round.h"		/* the ring, round word and poisons, as kmod/'s */
#include "../statistics.h"
#include "../strategy.h"
#include "../trace.h"
#include "../waiter_frame.h"
#include "engine.h"

#define RING		FB_RING
#define ROUND_MEASURE	FB_ROUND_MEASURE
#define ROUND_STOP	FB_ROUND_STOP
#define ROUND_SHIFT	FB_ROUND_SHIFT

struct worker {
	/* written by this waiter every round, read by the signaler */
	struct {
		uint64_t attached;
		uint64_t done;		/* round << 2 | violation << 1 | removed */
		uint64_t woke;		/* --wait sleep: running again (cycles) */
	} sync __cacheline_aligned;
	struct bench_task task __cacheline_aligned;	/* --wait sleep: woken by the callback */
	struct waiter_cb slot;
	/* the line the signaler and this waiter bounce to measure the floor */
	struct {
		uint64_t seq;
	} ping __cacheline_aligned;
	struct trace_waiter_round trace_now __cacheline_aligned;	/* --trace: this round */
	struct worker_result res __cacheline_aligned;
	int cpu, cpu_seen;
	struct spread timer;		/* the timing bracket on this CPU, cycles */
	long nivcsw;			/* involuntary context switches in the last run */
	struct counters cnt;		/* this thread's counter group (fds -1: none) */
	unsigned int index;		/* waiter number, for --trace */
};

struct group {
	uint64_t round __cacheline_aligned;
	struct bench_fence *ring[RING];	/* each in its own pages, on its node */
	spinlock_t timeline_lock __cacheline_aligned;	/* --lock-placement shared */
};

struct signaler {
	struct signaler_result res;
	struct trace_signal_round trace_now __cacheline_aligned;	/* --trace: this round */
	int cpu, cpu_seen;
	struct spread lock_cost;	/* uncontended spin_lock + spin_unlock */
	struct spread c2c;		/* the floor last measured: waiters' mean */
	long nivcsw;
};

/* What main asks the threads to do next: written before the start barrier. */
struct run {
	/*
	 * The round word when the run starts.  Rounds count on across runs, so
	 * a waiter's attached/done words left from an earlier run can never
	 * match a round of this one.
	 */
	uint64_t round0;
	enum remove_strategy strategy;
	bool quit;
	uint64_t warmup_cycles, duration_cycles;
	uint64_t timeout_cycles, init_gap_cycles, pre_func_cycles, irq_delay_cycles;
	enum wait_mode wait;
	enum lock_placement lock_at;
	enum spin_kind lock;
	uint64_t stall_round;		/* test hook: waiters stop for good in this round */
	uint64_t miscount_round;	/* test hook: waiters misreport this round */
	bool timed;			/* false: --timing none's loops */
	struct trace *trace;		/* non-NULL: the traced loops (--trace) */
};

/**
 * struct user_model - what the user engine runs: the model under test,
 * handed over by main() (bench.c), so that harness/ never reaches into it
 * @loops: each strategy's waiter loops (timed, untimed, traced), by strategy
 * @signaler_timed: the signaler's loop, the lock hold timed
 * @signaler_untimed: the same without a timer (--timing none)
 * @signaler_traced: the same stamping sampled rounds (--trace)
 * @stop_requested: the word the loops and the floor read to stop early;
 *	set (relaxed) by the signal handler
 *
 * The engine calls one loop per thread and run through these pointers; the
 * removal and the round stay inlined in each loop.
 */
struct user_model {
	const struct strategy_loops *loops;
	void (*signaler_timed)(struct signaler *sg, const struct run *run, struct group *g,
			       struct worker *const *workers, unsigned int n);
	void (*signaler_untimed)(struct signaler *sg, const struct run *run, struct group *g,
				 struct worker *const *workers, unsigned int n);
	void (*signaler_traced)(struct signaler *sg, const struct run *run, struct group *g,
				struct worker *const *workers, unsigned int n);
	int *stop_requested;
};

/**
 * engine_user - the user engine (--engine user) running @model
 * @model: the loops; must outlive every run
 *
 * Return: the engine, for main() to choose from
 */
struct engine engine_user(const struct user_model *model);

#endif
