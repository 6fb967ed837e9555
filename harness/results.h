/* SPDX-License-Identifier: MIT */
/*
 * results.h - what each thread of the model hands back after a run, and
 * row_collect(), which turns them into the run's result row (the "run ->
 * rows" step of config -> plan -> run -> rows -> output).
 */
#ifndef FENCEBENCH_RESULTS_H
#define FENCEBENCH_RESULTS_H

#include <stdbool.h>
#include <stdint.h>

#include "../spinlock.h"
#include "counters.h"
#include "histogram.h"
#include "row_derive.h"
#include "rows.h"

struct worker_result {
	uint64_t fastpath, slowpath_hit, slowpath_miss;
	uint64_t hazard_prev_store, hazard_payload_write;
	uint64_t violation_round;	/* first round whose check failed, 0 if none */
	uint64_t self_signalled;	/* measured rounds this waiter signalled */
	struct spin_lock_stat lock;	/* this thread's measured-round lock stats */
	uint64_t loop_removes;		/* removals in the whole loop, warm-up included */
	uint64_t cnt[CNT_NR];		/* hardware counts around the loop, or UINT64_MAX */
	struct hist remove[3];		/* by enum dma_fence_remove_outcome */
};

struct signaler_result {
	uint64_t rounds;
	uint64_t duration_cycles;
	uint64_t hazard_func_call, hazard_payload_read;
	uint64_t violation_round, violation_invoked, violation_removed;
	struct spin_lock_stat lock;	/* this thread's measured-round lock stats */
	struct hist signal;
	struct hist wait;		/* --wait sleep: signal to the waiter running again */
};

/**
 * row_collect - a run's row from its threads' results
 * @row: zeroed, then filled with the counts, hazards, lock statistics and
 *	everything row_derive() derives; the caller adds the strategy, the
 *	repetition, the CPUs and what the configuration says
 * @sr: the signaler's result
 * @wr: each waiter's result
 * @n: number of waiters
 * @sc: the timer and the machine's floor
 * @counters_ok: hardware counters were counted
 * @timed: a timed run (false: --timing none)
 * @merged: three histograms, filled: all removals, fast path, slow path
 */
void row_collect(struct result_row *row, const struct signaler_result *sr,
		 const struct worker_result *const *wr, unsigned int n, const struct row_scale *sc,
		 bool counters_ok, bool timed, struct hist *merged);

#endif
