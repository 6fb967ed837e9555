// SPDX-License-Identifier: MIT
/*
 * row_derive.c - a row's derived numbers: nanoseconds, shares, net values.
 */
#include <math.h>

#include "floor.h"
#include "row_derive.h"
#include "statistics.h"

double row_ns(const struct row_scale *sc, double cycles)
{
	return cycles / sc->cycles_per_ns;
}

/* What no per-removal timer can bias: the round's cost; net latencies; spreads. */
static void derive_untimed(const struct hist *merged, const struct row_scale *sc, bool timed,
			   struct result_row *row)
{
	row->timing = timed ? "removal" : "none";
	/* from the run's first and last timestamps only: no timer inside */
	row->round_ns = row->rounds ? (double)row->duration_ns / (double)row->rounds : NAN;
	row->remove_ns_tmean = row_ns(sc, hist_trimmed_mean(merged, 0.99, sc->resolution));
	if (!timed)
		row_clear_latencies(row);
	row->timer_overhead_mean_ns = row_ns(sc, sc->overhead_mean);
	row->timer_overhead_sd_ns = row_ns(sc, sc->overhead_sd);
	row->remove_net_ns_tmean = stats_net(row->remove_ns_tmean, row->timer_overhead_mean_ns);
	row->remove_net_ns_p50 = stats_net(row->remove_ns_p50, row->timer_overhead_ns);
	row->remove_net_ns_p90 = stats_net(row->remove_ns_p90, row->timer_overhead_ns);
	row->remove_net_ns_p99 = stats_net(row->remove_ns_p99, row->timer_overhead_ns);
	row->remove_net_ns_p999 = stats_net(row->remove_ns_p999, row->timer_overhead_ns);
	row->fastpath_net_ns_p50 = stats_net(row->fastpath_ns_p50, row->timer_overhead_ns);
	row->c2c_sd_ns = sc->c2c_sd_ns;
	row->lock_uncontended_sd_ns = sc->lock_sd_ns;
}

void row_derive(struct result_row *row, const struct hist merged[3], const struct hist *signal,
		const struct counters_sum *per_call, const struct row_scale *sc, bool timed)
{
	const struct hist *all = &merged[0], *fast = &merged[1], *slow = &merged[2];

	row->cycles_per_remove = counters_per_call(per_call, CNT_CYCLES);
	row->instructions_per_remove = counters_per_call(per_call, CNT_INSTRUCTIONS);
	row->cache_misses_per_remove = counters_per_call(per_call, CNT_CACHE_MISSES);
	row->hitm_per_remove = counters_per_call(per_call, CNT_HITM);

	/* no removal on a path: no median (empty), not 0 ns */
	row->fastpath_ns_p50 = fast->count ? row_ns(sc, hist_quantile(fast, 0.50)) : NAN;
	row->slowpath_ns_p50 = slow->count ? row_ns(sc, hist_quantile(slow, 0.50)) : NAN;
	row->removes = row->fastpath + row->slowpath_hit + row->slowpath_miss;
	row->fastpath_pct = row->removes ? 100.0 * (double)row->fastpath / (double)row->removes : 0;
	row->remove_ns_mean = row_ns(sc, hist_mean(all));
	row->remove_ns_p50 = row_ns(sc, hist_quantile(all, 0.50));
	row->remove_ns_p90 = row_ns(sc, hist_quantile(all, 0.90));
	row->remove_ns_p99 = row_ns(sc, hist_quantile(all, 0.99));
	row->remove_ns_p999 = row_ns(sc, hist_quantile(all, 0.999));
	row->remove_ns_max = row_ns(sc, (double)all->max * (all->count > 0));
	row->signal_ns_mean = row_ns(sc, hist_mean(signal));
	row->signal_ns_p50 = row_ns(sc, hist_quantile(signal, 0.50));
	row->signal_ns_p99 = row_ns(sc, hist_quantile(signal, 0.99));
	row->timer_overhead_ns = row_ns(sc, (double)sc->overhead);
	row->c2c_ns = sc->c2c_ns;
	row->lock_uncontended_ns = sc->lock_ns;
	derive_untimed(all, sc, timed, row);
}

void row_floor(struct result_row *row, const struct row_scale *sc, const struct spread *before,
	       const struct spread *after, bool fake_move)
{
	row->c2c_ns = row_ns(sc, before->median);
	row->c2c_sd_ns = row_ns(sc, before->sd);
	row->c2c_after_ns = fake_move ? 4 * row->c2c_ns + 100 : row_ns(sc, after->median);
	row->floor_moved = floor_apart(row->c2c_ns, row->c2c_after_ns,
				       row_ns(sc, (double)sc->resolution));
}

const char *row_unsettled(const struct result_row *row)
{
	return row->floor_moved ? "its floor moved" : row->disturbed == 1 ? "disturbed by other load" :
	       NULL;
}
