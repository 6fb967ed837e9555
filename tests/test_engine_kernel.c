// SPDX-License-Identifier: MIT
/*
 * test_engine_kernel.c - the kernel engine's userspace half without a
 * kernel: a transcript of /dev/fencebench (tests/fixtures/kmod-output.txt)
 * parses into the runs it holds, becomes rows through the user engine's
 * row_derive() (cycles to ns at tsc_khz, percentiles from the shared
 * buckets, removes from the counts), and damaged transcripts are refused.
 * First, the strategy table's kernel entries are the module's list (round.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../harness/engine/kernel.h"
#include "../harness/hist_bucket.h"
#include "../harness/round.h"
#include "../harness/strategy.h"
#include "tap.h"

static int parse_string(const char *text, struct kernel_results *kr, char *err, size_t len)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	int ret;

	if (!f)
		return -1;
	ret = kernel_results_parse(f, kr, err, len);
	fclose(f);
	return ret;
}

/* Whether @name is an element of the comma-separated @list. */
static bool in_list(const char *list, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = list; p; p = strchr(p, ','), p = p ? p + 1 : NULL)
		if (!strncmp(p, name, n) && (p[n] == ',' || !p[n]))
			return true;
	return false;
}

/* The fixture with one line replaced by @line (or removed when NULL). */
static char *damaged(const char *fixture, const char *prefix, const char *line)
{
	char *out = malloc(strlen(fixture) + 256), *p = out;
	const char *s = fixture;

	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) + 1 : strlen(s);

		if (!strncmp(s, prefix, strlen(prefix))) {
			if (line)
				p += sprintf(p, "%s\n", line);
			prefix = "\001";	/* only the first match */
		} else {
			memcpy(p, s, n);
			p += n;
		}
		s += n;
	}
	*p = 0;
	return out;
}

int main(void)
{
	static char text[8192];
	struct kernel_results kr;
	struct result_row row = { 0 };
	struct hist merged[3];
	char err[256];
	FILE *f = fopen("tests/fixtures/kmod-output.txt", "r");
	char names[256];
	bool same = true;
	size_t n;

	tap_plan_tests(25);
	strategy_names(STRATEGIES_KERNEL, ",", names, sizeof(names));
	ok(!strcmp(names, FB_KERNEL_STRATEGIES),
	   "the table's kernel strategies are fencebench.ko's, in its order (%s; module: %s)",
	   names, FB_KERNEL_STRATEGIES);
	for (n = 0; n < REMOVE_NR; n++)
		same &= kernel_has_strategy(strategies[n].name) ==
			in_list(FB_KERNEL_STRATEGIES, strategies[n].name);
	ok(same, "kernel_has_strategy() is true exactly for the module's strategies");
	if (!f) {
		tap_skip_all("tests/fixtures/kmod-output.txt: run from the top directory");
		return TAP_SKIP;
	}
	n = fread(text, 1, sizeof(text) - 1, f);
	text[n] = 0;
	fclose(f);

	ok(parse_string(text, &kr, err, sizeof(err)) == 0, "the transcript parses");
	ok(kr.nr == 2 && !kr.failed && kr.tsc_khz == 2000000, "two runs, done, 2 GHz");
	ok(!strcmp(kr.lock, "virt_spin_lock") && !strcmp(kr.preempt, "voluntary (dynamic)") &&
	   !strcmp(kr.fence_nodes, "0,0,1,1"), "lock, preemption and fence nodes as printed");

	kernel_row(&kr, 0, &row, merged);
	ok(!strcmp(row.strategy, "locked") && row.rep == 1 && row.rounds == 4 &&
	   row.slowpath_hit == 1 && row.slowpath_miss == 3 && row.removes == 4,
	   "run 1: strategy, counts; removes from the counts");
	ok(row.duration_ns == 1000000000ull && fabs(row.rounds_per_sec - 4.0) < 1e-9,
	   "run 1: 2e9 cycles at 2 GHz are 1 s, 4 rounds per second");
	ok(fabs(row.remove_ns_mean - 575.0) < 1e-9, "run 1: mean 4600 cycles / 4 / 2 = 575 ns");
	ok(row.remove_ns_max == 700.0 && fabs(row.signal_ns_p50 - 1000.0) < 1e-9,
	   "run 1: max 1400 cycles = 700 ns, signal p50 1000 ns (clamped to the values)");
	ok(fabs(row.lock_uncontended_ns - 60.0) < 1e-9 && fabs(row.timer_overhead_ns - 10.0) < 1e-9,
	   "run 1: the floor converted at 2 GHz");
	ok(isnan(row.c2c_ns) && isnan(row.cycles_per_remove) && isnan(row.other_load_pct),
	   "run 1: what the kernel engine does not measure is empty, not 0");
	ok(row.fastpath_pct == 0.0 && !strcmp(row.spin, "pause"), "run 1: no fast path, pause");
	ok(fabs(row.remove_ns_tmean - hist_trimmed_mean(merged, 0.99, 1) / 2) < 1e-9 &&
	   isnan(row.timer_overhead_mean_ns) && isnan(row.remove_net_ns_tmean) &&
	   fabs(row.remove_net_ns_p50 - (row.remove_ns_p50 - 10.0)) < 1e-9,
	   "run 1: row_derive at the kernel's resolution (a cycle): trimmed mean %.1f ns; "
	   "net of the floor's median, not of its mean (not measured)", row.remove_ns_tmean);

	kernel_row(&kr, 1, &row, merged);
	ok(!strcmp(row.strategy, "list_empty_careful") && row.fastpath == 1 && row.removes == 2 &&
	   fabs(row.fastpath_pct - 50.0) < 1e-9, "run 2: one lockless removal of two (a new key ignored)");
	ok(row.hazard_func_call == 1 && row.hazard_payload_read == 2 && row.hazard_payload_write == 3 &&
	   row.hazard_prev_store == 0, "run 2: the hazard counts");
	ok(fabs(row.fastpath_ns_p50 - 20.0) < 1e-9 && merged[0].count == 2,
	   "run 2: fast path p50 40 cycles = 20 ns; the merged histogram has both");
	kernel_results_free(&kr);

	{
		char *t1 = damaged(text, "hist slow count=4", "hist slow count=5 sum=0 min=0 max=0 381:1");
		char *t2 = damaged(text, "end", NULL);
		char *t3 = damaged(text, "fencebench-kmod", "fencebench-kmod 2");
		char *t4 = damaged(text, "run strategy=locked",
				   "run strategy=list_empty_careful_2020 rep=1 rounds=1");

		ok(parse_string(t1, &kr, err, sizeof(err)) < 0 && strstr(err, "histogram"),
		   "bucket counts that do not add up to count are refused: %s", err);
		ok(parse_string(t2, &kr, err, sizeof(err)) < 0 && strstr(err, "ended early"),
		   "a transcript without its end line is refused: %s", err);
		ok(parse_string(t3, &kr, err, sizeof(err)) < 0 && parse_string(t4, &kr, err, sizeof(err)) < 0,
		   "another format version, a strategy the kernel has not: refused");
		free(t1);
		free(t2);
		free(t3);
		free(t4);
	}
	{
		/* removes are the counts, as row_derive() counts the user engine's */
		char *t = damaged(text, "run strategy=list_empty_careful", "run strategy=list_empty_careful "
				  "rep=1 rounds=3 measured_cycles=1000000000 fast=1 slow_hit=0 slow_miss=2");
		bool counted = false;

		if (parse_string(t, &kr, err, sizeof(err)) == 0) {
			kernel_row(&kr, 1, &row, merged);
			counted = row.removes == 3 && merged[0].count == 2 &&
				  fabs(row.fastpath_pct - 100.0 / 3) < 1e-9;
			kernel_results_free(&kr);
		}
		ok(counted, "removes and the fast-path share from the counts (3), not the histograms (2)");
		free(t);
	}
	{
		/* the i915 forms are the kernel's strategies too */
		const char *const name[] = { "flag_i915", "flag_xchg" };
		bool all = true;
		unsigned int i;

		for (i = 0; i < 2; i++) {
			char line[512], *t;

			snprintf(line, sizeof(line), "run strategy=%s rep=1 rounds=4 "
				 "measured_cycles=2000000000 fast=0 slow_hit=1 slow_miss=3", name[i]);
			t = damaged(text, "run strategy=locked", line);
			if (parse_string(t, &kr, err, sizeof(err)) == 0) {
				kernel_row(&kr, 0, &row, merged);
				all &= !strcmp(row.strategy, name[i]);
				kernel_results_free(&kr);
			} else {
				all = false;
			}
			free(t);
		}
		ok(all, "flag_i915 and flag_xchg runs parse into their rows: %s", all ? "" : err);
	}
	{
		/* --wait sleep: a wait histogram gives the whole wait and the removal's share */
		char line[512], *t, *t2;
		bool parsed;

		snprintf(line, sizeof(line), "hist signal count=4 sum=8000 min=2000 max=2000 381:4\n"
			 "hist wait count=4 sum=40000 min=10000 max=10000 %u:4",
			 hist_bucket_index(10000));
		t = damaged(text, "hist signal count=4", line);
		t2 = damaged(t, "run strategy=list_empty_careful", "run strategy=finish_wait rep=1 "
			     "rounds=2 measured_cycles=1000000000 fast=1 slow_hit=0 slow_miss=1");
		parsed = parse_string(t2, &kr, err, sizeof(err)) == 0;
		if (parsed)
			kernel_row(&kr, 0, &row, merged);
		ok(parsed && fabs(row.wait_ns_mean - 5000.0) < 1e-9 &&
		   fabs(row.remove_share_pct - 100.0 * 575.0 / 5575.0) < 1e-9 &&
		   row.wait_ns_p50 <= row.wait_ns_p99,
		   "a wait histogram: wait 10000 cycles = 5000 ns, removal 575 ns = %.2f%% of 5575",
		   100.0 * 575.0 / 5575.0);
		if (parsed)
			kernel_row(&kr, 1, &row, merged);
		ok(parsed && !strcmp(row.strategy, "finish_wait") && isnan(row.wait_ns_mean) &&
		   isnan(row.remove_share_pct),
		   "a finish_wait run parses; with an empty wait histogram the columns are empty");
		if (parsed)
			kernel_results_free(&kr);
		free(t);
		free(t2);
	}
	{
		/* timing=none: counts and hazards, no latency; an unknown timing refused */
		char *t1 = damaged(text, "run strategy=locked", "run strategy=list_empty rep=1 rounds=4 "
				   "measured_cycles=2000000000 fast=3 slow_hit=0 slow_miss=1 "
				   "hazard_payload_read=2 timing=none");
		char *t2 = damaged(text, "run strategy=locked", "run strategy=locked rep=1 rounds=4 "
				   "timing=sometimes");
		bool untimed = false;

		if (parse_string(t1, &kr, err, sizeof(err)) == 0) {
			kernel_row(&kr, 0, &row, merged);
			untimed = !strcmp(row.timing, "none") && row.removes == 4 && row.fastpath == 3 &&
				  row.hazard_payload_read == 2 && isnan(row.remove_ns_p50) &&
				  isnan(row.signal_ns_p50) && isnan(row.remove_net_ns_p50) &&
				  fabs(row.round_ns - 250000000.0) < 1e-3;
			kernel_row(&kr, 1, &row, merged);
			untimed &= !strcmp(row.timing, "removal") && !isnan(row.remove_ns_p50);
			kernel_results_free(&kr);
		}
		ok(untimed, "an untimed run (timing=none): counts, hazards, round_ns; latencies empty");
		ok(parse_string(t2, &kr, err, sizeof(err)) < 0, "timing=sometimes is refused");
		free(t1);
		free(t2);
	}
	return tap_exit();
}
