// SPDX-License-Identifier: MIT
/*
 * trace.c - --trace's buffers, the counter's cross-CPU skew and the trace
 * CSV.  Nothing here runs in a measured loop: the traced copies of the
 * loops only store stamps into the buffers allocated here.
 */
#include <err.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "statistics.h"
#include "trace.h"

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

#define SKEW_SAMPLES	101
#define FAST_PCT_APART	20.0	/* traced and measured fast-path shares this far apart, */
#define P50_APART	2.0	/* or removal medians this many times */
#define P50_APART_NS	100.0	/* and this many ns apart (the stamps' own cost is less): say so */

int trace_counter_check(char *why, size_t len)
{
	const char *force = getenv("FENCEBENCH_TEST_NOT_COMPARABLE");
	bool ok = false;

#if defined(__x86_64__) || defined(__i386__)
	unsigned int a, b, c, d;

	if (__get_cpuid_max(0x80000000u, NULL) >= 0x80000007u &&
	    __get_cpuid(0x80000007u, &a, &b, &c, &d))
		ok = d & (1u << 8);
#elif defined(__aarch64__)
	ok = true;
#endif
	if (force && !strcmp(force, "1"))
		ok = false;
	if (!ok)
		snprintf(why, len, "--trace: the cycle counter (%s) is not comparable across CPUs "
			 "here (needs x86 with an invariant TSC, or arm64)", CYCLES_SOURCE);
	return ok ? 0 : -1;
}

struct trace *trace_open(const char *path, unsigned int nr_rounds)
{
	struct trace *t;

	if (!path)
		return NULL;
	t = calloc(1, sizeof(*t));
	if (!t)
		err(1, "--trace");
	t->nr_rounds = nr_rounds;
	t->stride = 1;
	outfile_open(&t->out, path);
	return t;
}

void trace_alloc(struct trace *t, unsigned int nr_waiters)
{
	if (!t)
		return;
	t->nr_waiters = nr_waiters;
	t->sig = calloc(t->nr_rounds, sizeof(*t->sig));
	t->wt = calloc((size_t)t->nr_rounds * nr_waiters, sizeof(*t->wt));
	t->line = aligned_alloc(sizeof(*t->line), nr_waiters * sizeof(*t->line));
	t->skew_lo = calloc(nr_waiters, sizeof(*t->skew_lo));
	t->skew_hi = calloc(nr_waiters, sizeof(*t->skew_hi));
	t->cb = calloc(nr_waiters, sizeof(*t->cb));
	if (!t->sig || !t->wt || !t->line || !t->skew_lo || !t->skew_hi || !t->cb)
		err(1, "--trace: cannot allocate the buffers");
	memset(t->line, 0, nr_waiters * sizeof(*t->line));
}

/*
 * Each exchange: the signaler publishes a stamp, the waiter stamps on
 * seeing it (waiter minus signaler = offset + transfer: an upper bound of
 * the offset); then the waiter publishes one and the signaler stamps on
 * seeing it (a lower bound).  The tightest bounds over many exchanges.
 */
static void skew_signaler(struct trace *t, unsigned int waiter)
{
	struct trace_skew_line *l = &t->line[waiter];
	int64_t lo = INT64_MIN;
	uint64_t k;

	for (k = 0; k < SKEW_SAMPLES; k++) {
		__atomic_store_n(&l->stamp, cycles_stamp(), __ATOMIC_RELAXED);
		__atomic_store_n(&l->seq, 2 * k + 1, __ATOMIC_RELEASE);
		while (__atomic_load_n(&l->seq, __ATOMIC_ACQUIRE) != 2 * k + 2)
			spin_relax();
		{
			int64_t d = (int64_t)(cycles_stamp() -
					      __atomic_load_n(&l->stamp, __ATOMIC_RELAXED));

			if (-d > lo)
				lo = -d;
		}
	}
	t->skew_lo[waiter] = lo;
}

void trace_skew_signaler(struct trace *t, unsigned int nr_waiters)
{
	unsigned int i;

	for (i = 0; t && i < nr_waiters; i++)
		skew_signaler(t, i);
}

void trace_skew_waiter(struct trace *t, unsigned int waiter, const struct dma_fence_cb *cb)
{
	struct trace_skew_line *l;
	int64_t hi = INT64_MAX;
	uint64_t k;

	if (!t)
		return;
	l = &t->line[waiter];
	t->cb[waiter] = cb;
	for (k = 0; k < SKEW_SAMPLES; k++) {
		int64_t d;

		while (__atomic_load_n(&l->seq, __ATOMIC_ACQUIRE) != 2 * k + 1)
			spin_relax();
		d = (int64_t)(cycles_stamp() - __atomic_load_n(&l->stamp, __ATOMIC_RELAXED));
		if (d < hi)
			hi = d;
		__atomic_store_n(&l->stamp, cycles_stamp(), __ATOMIC_RELAXED);
		__atomic_store_n(&l->seq, 2 * k + 2, __ATOMIC_RELEASE);
	}
	t->skew_hi[waiter] = hi;
}

void trace_begin(struct trace *t, double cycles_per_ns, uint64_t resolution, const char *source,
		 int signaler_cpu, const int *waiter_cpus)
{
	FILE *f;
	unsigned int i;

	if (!t)
		return;
	f = t->out.f;
	fprintf(f, "# fencebench trace: counter stamps of sampled rounds (docs/precheck.md)\n");
	fprintf(f, "# counter: %s\n# cycles_per_ns: %.6f\n# resolution_cycles: %" PRIu64 "\n"
		"# signaler_cpu: %d\n", source, cycles_per_ns, resolution, signaler_cpu);
	fprintf(f, "# skew: the waiter's counter minus the signaler's lies in [lo, hi]\n");
	for (i = 0; i < t->nr_waiters; i++) {
		double lo = (double)t->skew_lo[i] / cycles_per_ns;
		double hi = (double)t->skew_hi[i] / cycles_per_ns;

		fprintf(f, "# skew: waiter=%u cpu=%d lo_cycles=%" PRId64 " hi_cycles=%" PRId64
			" lo_ns=%.1f hi_ns=%.1f\n", i, waiter_cpus[i], t->skew_lo[i],
			t->skew_hi[i], lo, hi);
		fprintf(stderr, "trace: counter skew of waiter %u (CPU %d) against the signaler "
			"(CPU %d): %.1f to %.1f ns\n", i, waiter_cpus[i], signaler_cpu, lo, hi);
	}
	fprintf(f, "strategy,wait,sample,round,lane,thread,event,callback_of,outcome,cycles,"
		"ns_from_s1\n");
	t->cycles_per_ns = cycles_per_ns;
}

void trace_arm(struct trace *t, uint64_t rounds)
{
	memset(t->sig, 0, t->nr_rounds * sizeof(*t->sig));
	memset(t->wt, 0, (size_t)t->nr_rounds * t->nr_waiters * sizeof(*t->wt));
	t->stride = rounds / (t->nr_rounds + 1u);
	if (!t->stride)
		t->stride = 1;
}

static const char *const outcome_name[] = {
	[DMA_FENCE_REMOVE_FASTPATH] = "fastpath",
	[DMA_FENCE_REMOVE_SLOW_HIT] = "slowpath_hit",
	[DMA_FENCE_REMOVE_SLOW_MISS] = "slowpath_miss",
};

struct row_key {
	const char *strategy, *wait;
	unsigned int sample;
	uint64_t round, s1;
};

static void row(const struct trace *t, const struct row_key *k, int lane, const char *event,
		int cb_of, const char *outcome, uint64_t cycles)
{
	FILE *f = t->out.f;

	if (!cycles)
		return;
	fprintf(f, "%s,%s,%u,%" PRIu64 ",%d,", k->strategy, k->wait, k->sample, k->round, lane);
	if (lane)
		fprintf(f, "waiter%d,", lane - 1);
	else
		fprintf(f, "signaler,");
	fprintf(f, "%s,", event);
	if (cb_of >= 0)
		fprintf(f, "%d", cb_of);
	fprintf(f, ",%s,%" PRIu64 ",%.1f\n", outcome ? outcome : "", cycles,
		(double)(int64_t)(cycles - k->s1) / t->cycles_per_ns);
}

/* The waiter whose callback @cb is, or -1. */
static int waiter_of(const struct trace *t, const struct dma_fence_cb *cb)
{
	unsigned int i;

	for (i = 0; i < t->nr_waiters; i++)
		if (t->cb[i] == cb)
			return (int)i;
	return -1;
}

/*
 * The median of the kept removals, wait exit to return, in ns (0: none):
 * the upper middle reading, as the timer's medians are.
 */
static double removal_p50_ns(const struct trace *t)
{
	uint64_t *d = malloc((size_t)t->nr_rounds * t->nr_waiters * sizeof(*d));
	size_t i, n = 0;
	double p50;

	if (!d)
		err(1, "--trace");
	for (i = 0; i < (size_t)t->nr_rounds * t->nr_waiters; i++)
		if (t->sig[i / t->nr_waiters].st.s1 && t->wt[i].wait_exit && t->wt[i].ret)
			d[n++] = t->wt[i].ret - t->wt[i].wait_exit;
	p50 = n ? (double)stats_median_u64(d, n) / t->cycles_per_ns : 0;
	free(d);
	return p50;
}

void trace_rows(struct trace *t, const char *strategy, const char *wait, double fast_pct,
		double measured_fast_pct, double measured_p50_ns)
{
	unsigned int j, i, c, n = 0, reached = 0;
	double p50 = removal_p50_ns(t);

	for (j = 0; j < t->nr_rounds; j++) {
		const struct trace_signal_round *s = &t->sig[j];
		struct row_key k = { strategy, wait, j, s->round, s->st.s1 };

		reached += s->round != 0;
		if (!s->round || !s->st.s1)
			continue;	/* not reached, or a waiter signalled */
		n++;
		row(t, &k, 0, "s1", -1, NULL, s->st.s1);
		for (c = 0; c < s->st.nr_cbs; c++) {
			int w = waiter_of(t, s->st.cb[c]);

			row(t, &k, 0, "s4a", w, NULL, s->st.s4a[c]);
			row(t, &k, 0, "func", w, NULL, s->st.func[c]);
		}
		row(t, &k, 0, "unlock", -1, NULL, s->unlock);
		row(t, &k, 0, "all_done", -1, NULL, s->all_done);
		for (i = 0; i < t->nr_waiters; i++) {
			const struct trace_waiter_round *w = &t->wt[j * t->nr_waiters + i];
			const char *o = outcome_name[w->outcome];

			row(t, &k, (int)i + 1, "wait_exit", (int)i, o, w->wait_exit);
			row(t, &k, (int)i + 1, "precheck", (int)i, o, w->rm.precheck);
			row(t, &k, (int)i + 1, "locked", (int)i, o, w->rm.locked);
			row(t, &k, (int)i + 1, "return", (int)i, o, w->ret);
		}
	}
	fprintf(t->out.f, "# traced: strategy=%s rounds=%u stride=%" PRIu64 " fastpath_pct=%.1f "
		"measured_fastpath_pct=%.1f remove_ns_p50=%.1f measured_remove_ns_p50=%.1f\n",
		strategy, n, t->stride, fast_pct, measured_fast_pct, p50, measured_p50_ns);
	if (!reached)
		warnx("--trace: the traced run of %s ended before its first kept round "
		      "(round %" PRIu64 ")", strategy, t->stride);
	else if (!n)
		warnx("--trace: no kept round of %s has the signaler's S1: a waiter signalled "
		      "the fence first in each (check-and-signal)", strategy);
	else if (fabs(fast_pct - measured_fast_pct) > FAST_PCT_APART)
		warnx("--trace: %s took the fast path in %.1f%% of the traced run's removals, "
		      "%.1f%% in the measured runs: the stamps moved the race they record",
		      strategy, fast_pct, measured_fast_pct);
	else if (p50 > 0 && measured_p50_ns > 0 && fabs(p50 - measured_p50_ns) > P50_APART_NS &&
		 (p50 > P50_APART * measured_p50_ns || measured_p50_ns > P50_APART * p50))
		warnx("--trace: %s's traced removals took %.0f ns (median), the measured runs' "
		      "%.0f ns (p50): the stamps moved the race they record", strategy, p50,
		      measured_p50_ns);
}

void trace_close(struct trace *t, int interrupted)
{
	if (!t)
		return;
	if (interrupted) {
		outfile_discard(&t->out);
		warnx("--trace: interrupted: %s not written", t->out.path);
	} else {
		outfile_close(&t->out);
	}
	free(t->sig);
	free(t->wt);
	free(t->line);
	free(t->skew_lo);
	free(t->skew_hi);
	free(t->cb);
	free(t);
}
