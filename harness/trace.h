/* SPDX-License-Identifier: MIT */
/*
 * trace.h - --trace: cycle-counter stamps of sampled rounds, the counter's
 * skew between the signaler's CPU and each waiter's, and the CSV that holds
 * both (docs/precheck.md, "The race on a timeline").  The traced copies of
 * bench.c's loops fill the buffers; this file owns them and the file.
 */
#ifndef FENCEBENCH_TRACE_H
#define FENCEBENCH_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "../compiler.h"
#include "../fence.h"
#include "outfile.h"

/* The signaler's stamps of one sampled round. */
struct trace_signal_round {
	uint64_t round;				/* 0: not reached */
	struct dma_fence_signal_stamps st;	/* S1, each callback's S4a and call */
	uint64_t unlock;			/* about to release fence->lock */
	uint64_t all_done;			/* every waiter's done word seen */
};

/* One waiter's stamps of one sampled round (0: the step did not happen). */
struct trace_waiter_round {
	uint64_t wait_exit;
	struct dma_fence_remove_stamps rm;	/* precheck decided, lock acquired */
	uint64_t ret;				/* the removal returned */
	int outcome;				/* enum dma_fence_remove_outcome */
};

/* The line the signaler and one waiter exchange stamps on. */
struct trace_skew_line {
	uint64_t seq;
	uint64_t stamp;
} __cacheline_aligned;

struct trace {
	unsigned int nr_rounds;		/* --trace-rounds */
	unsigned int nr_waiters;
	uint64_t stride;		/* one round in @stride is sampled */
	struct trace_signal_round *sig;	/* [nr_rounds] */
	struct trace_waiter_round *wt;	/* [nr_rounds][nr_waiters] */
	struct trace_skew_line *line;	/* [nr_waiters] */
	int64_t *skew_lo, *skew_hi;	/* waiter's counter minus signaler's, bounds */
	const struct dma_fence_cb **cb;	/* each waiter's callback */
	double cycles_per_ns;
	struct outfile out;		/* renamed into place at the end */
};

/*
 * trace_counter_check - can stamps from different CPUs be compared?
 * x86 with an invariant TSC (CPUID), arm64's cntvct_el0; nothing else.
 * FENCEBENCH_TEST_NOT_COMPARABLE=1 says no, for tests.  Returns 0, or -1
 * with @why filled in.
 */
int trace_counter_check(char *why, size_t len);

/*
 * Opens @path's temporary file (exit 1 when it cannot be created); NULL
 * without --trace.  Every function below does nothing for a NULL @t.
 */
struct trace *trace_open(const char *path, unsigned int nr_rounds);

/* Sizes the buffers for @nr_waiters; called before the threads start. */
void trace_alloc(struct trace *t, unsigned int nr_waiters);

/*
 * The skew, as c2clat's ping-pong but carrying stamps: the signaler's
 * stamp read on the waiter's CPU bounds the waiter's offset from above,
 * the waiter's read on the signaler's from below.  Run concurrently.
 */
void trace_skew_signaler(struct trace *t, unsigned int nr_waiters);	/* each in turn */
void trace_skew_waiter(struct trace *t, unsigned int waiter, const struct dma_fence_cb *cb);

/*
 * The '#' lines: the counter, its rate and step (@resolution cycles: two
 * stamps closer than that can be equal), the CPUs and their skew (also on
 * stderr).
 */
void trace_begin(struct trace *t, double cycles_per_ns, uint64_t resolution, const char *source,
		 int signaler_cpu, const int *waiter_cpus);

/* Before a traced run: clears the buffers, keeps one round in @rounds / (nr_rounds + 1). */
void trace_arm(struct trace *t, uint64_t rounds);

/*
 * After a traced run: its rows, one per stamp, and its fast-path share and
 * median removal (wait exit to return) beside the measured runs' (0: none
 * timed).  stderr says when they differ much: the stamps then changed the
 * race they record.
 */
void trace_rows(struct trace *t, const char *strategy, const char *wait, double fast_pct,
		double measured_fast_pct, double measured_p50_ns);

/* Renames the file into place (exit 1 on a write error); drops it when @interrupted. */
void trace_close(struct trace *t, int interrupted);

/*
 * The traced run stamps every round into the thread's own trace_now (so a
 * sampled round runs the same code, on the same hot lines, as the rounds
 * around it) and keeps the sampled ones when the round is over.
 */

/* Round @k of a traced run (1 = the first): its slot, or NULL when not sampled. */
static inline struct trace_signal_round *trace_signal_slot(const struct trace *t, uint64_t k)
{
	if (k % t->stride || k / t->stride > t->nr_rounds)
		return NULL;
	return &t->sig[k / t->stride - 1];
}

static inline struct trace_waiter_round *trace_waiter_slot(const struct trace *t, uint64_t k,
							   unsigned int waiter)
{
	if (k % t->stride || k / t->stride > t->nr_rounds)
		return NULL;
	return &t->wt[(k / t->stride - 1) * t->nr_waiters + waiter];
}

/* A waiter's wait exit: @now stamped and returned. */
static inline struct trace_waiter_round *trace_waited(struct trace_waiter_round *now)
{
	now->wait_exit = cycles_stamp();
	return now;
}

static inline void trace_returned(struct trace_waiter_round *now, int outcome)
{
	now->ret = cycles_stamp();
	now->outcome = outcome;
}

/* The signaler's last stamp of a round, just before fence->lock is released. */
static inline void trace_unlocking(struct trace_signal_round *now)
{
	now->unlock = cycles_stamp();
}

/* Round @k is over: keep the stamps if it is sampled; clear what a round may not set. */
static inline void trace_keep_signal(const struct trace *t, uint64_t k, uint64_t round,
				     struct trace_signal_round *now)
{
	struct trace_signal_round *slot = trace_signal_slot(t, k);

	now->all_done = cycles_stamp();	/* after the loads of the done words */
	if (slot) {
		*slot = *now;
		slot->round = round;
	}
	now->st.s1 = 0;	/* a waiter may signal the next round itself */
	now->st.nr_cbs = 0;
}

static inline void trace_keep_waiter(const struct trace *t, uint64_t k, unsigned int waiter,
				     struct trace_waiter_round *now)
{
	struct trace_waiter_round *slot = trace_waiter_slot(t, k, waiter);

	if (slot)
		*slot = *now;
	now->rm.precheck = now->rm.locked = 0;	/* the next removal may skip them */
}

/* The traced run is over once its last sampled round is done. */
static inline bool trace_done(const struct trace *t, uint64_t k)
{
	return k > t->stride * t->nr_rounds;
}

#endif
