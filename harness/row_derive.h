/* SPDX-License-Identifier: MIT */
/*
 * row_derive.h - a row's numbers that follow from the run's histograms and
 * the machine's floor: latencies in nanoseconds, the fast path's share,
 * the timer's cost taken out.  Arithmetic only: nothing here is measured.
 */
#ifndef FENCEBENCH_ROW_DERIVE_H
#define FENCEBENCH_ROW_DERIVE_H

#include <math.h>
#include <stdbool.h>
#include <stdint.h>

#include "counters.h"
#include "histogram.h"
#include "rows.h"

/* What turns a run's cycles into a row's nanoseconds. */
struct row_scale {
	double cycles_per_ns;
	uint64_t resolution;		/* timer tick, cycles */
	uint64_t overhead;		/* timer reading pair, cycles (median) */
	double overhead_mean, overhead_sd;	/* the same, its mean and sd */
	double c2c_ns, c2c_sd_ns;	/* the machine's floor and its spread */
	double lock_ns, lock_sd_ns;
};

/* @cycles in nanoseconds */
double row_ns(const struct row_scale *sc, double cycles);

/**
 * row_derive - fill @row's derived columns
 * @row: counts, rounds and duration_ns already collected
 * @merged: removal times: all, fast path, slow path (cycles)
 * @signal: the signaler's lock hold times (cycles)
 * @per_call: the waiters' hardware counts over their removals
 * @sc: the scale
 * @timed: false for --timing none: no latencies, only what needs no timer
 */
struct spread;

/*
 * The repetition's floors, @before and @after it (cycles), and whether it
 * moved (floor_apart()); @fake_move: the test hook's, faked.
 */
/* Why a run is to be retried (its floor moved, other load): NULL when it is not. */
const char *row_unsettled(const struct result_row *row);

void row_floor(struct result_row *row, const struct row_scale *sc, const struct spread *before,
	       const struct spread *after, bool fake_move);

void row_derive(struct result_row *row, const struct hist merged[3], const struct hist *signal,
		const struct counters_sum *per_call, const struct row_scale *sc, bool timed);

/**
 * row_derive_wait - the whole wait and the removal's share of it
 * @row: remove_ns_mean already derived
 * @wait: signal to the waiter running again (cycles), or NULL: not
 *	measured (the wait_ns_* and remove_share_pct columns stay empty)
 * @cycles_per_ns: the counter's rate
 *
 * The share is of the waiter's signal-to-return time: remove_ns_mean out
 * of wait_ns_mean + remove_ns_mean.
 */
static inline void row_derive_wait(struct result_row *row, const struct hist *wait,
				   double cycles_per_ns)
{
	if (!wait || !wait->count || isnan(row->remove_ns_mean)) {
		row->wait_ns_mean = row->wait_ns_p50 = row->wait_ns_p99 = NAN;
		row->remove_share_pct = NAN;
		return;
	}
	row->wait_ns_mean = hist_mean(wait) / cycles_per_ns;
	row->wait_ns_p50 = hist_quantile(wait, 0.50) / cycles_per_ns;
	row->wait_ns_p99 = hist_quantile(wait, 0.99) / cycles_per_ns;
	row->remove_share_pct = 100.0 * row->remove_ns_mean /
				(row->wait_ns_mean + row->remove_ns_mean);
}

#endif
