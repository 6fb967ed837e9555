// SPDX-License-Identifier: MIT
/*
 * results.c - a run's result row from what its threads handed back: the
 * waiters' counts and histograms summed and merged, then row_derive().
 */
#include <string.h>

#include "../fence.h"
#include "results.h"

void row_collect(struct result_row *row, const struct signaler_result *sr,
		 const struct worker_result *const *wr, unsigned int n, const struct row_scale *sc,
		 bool counters_ok, bool timed, struct hist *merged)
{
	struct hist *fast = &merged[1], *slow = &merged[2];
	struct counters_sum per_call = { .ok = counters_ok };
	unsigned int i;

	memset(row, 0, sizeof(*row));
	hist_init(merged);
	hist_init(fast);
	hist_init(slow);
	row->waiters = n;
	row->rounds = sr->rounds;
	row->duration_ns = (uint64_t)row_ns(sc, (double)sr->duration_cycles);
	row->rounds_per_sec = row->duration_ns ? 1e9 * (double)sr->rounds / (double)row->duration_ns
					       : 0;
	row->hazard_func_call = sr->hazard_func_call;
	row->hazard_payload_read = sr->hazard_payload_read;
	row->lock_contentions = sr->lock.contentions;
	row->lock_handoffs = sr->lock.handoffs;
	for (i = 0; i < n; i++) {
		row->fastpath += wr[i]->fastpath;
		row->slowpath_hit += wr[i]->slowpath_hit;
		row->slowpath_miss += wr[i]->slowpath_miss;
		row->hazard_prev_store += wr[i]->hazard_prev_store;
		row->hazard_payload_write += wr[i]->hazard_payload_write;
		row->waiter_signalled_rounds += wr[i]->self_signalled;
		row->lock_contentions += wr[i]->lock.contentions;
		row->lock_handoffs += wr[i]->lock.handoffs;
		hist_merge(fast, &wr[i]->remove[DMA_FENCE_REMOVE_FASTPATH]);
		hist_merge(slow, &wr[i]->remove[DMA_FENCE_REMOVE_SLOW_HIT]);
		hist_merge(slow, &wr[i]->remove[DMA_FENCE_REMOVE_SLOW_MISS]);
		counters_add(&per_call, wr[i]->cnt, wr[i]->loop_removes);
	}
	hist_merge(merged, fast);
	hist_merge(merged, slow);
	row_derive(row, merged, &sr->signal, &per_call, sc, timed);
	/* the wait histogram is empty unless the waiters slept (--wait sleep) */
	row_derive_wait(row, &sr->wait, sc->cycles_per_ns);
}
