// SPDX-License-Identifier: MIT
/*
 * budget.c - the expected run time and the oversubscription bound (budget.h).
 */
#include "budget.h"
#include "cli.h"

/*
 * The start-up's cost: a fixed part (calibration, topology, threads, the
 * floor on free CPUs), and when the threads outnumber the CPUs a part in
 * (threads per CPU)^2 x CPUs.  Fitted to tools/selfbench --oversubscribe on
 * this project's loaded 2-vCPU VM (docs/oversubscription.md): an estimate
 * to decide with, pessimistic on a quiet machine, not a measurement.
 */
#define STARTUP_S		0.25
#define STARTUP_S_PER_THREAD2	0.05

double budget_expected_s(const struct bench_config *cfg, unsigned int threads, unsigned int cpus)
{
	double runs = (double)cfg->nr_strategies * cfg->repeat *
		      (cfg->timing == TIMING_BOTH ? 2 : 1);
	double each = (double)(cfg->warmup_ns + cfg->duration_ns) / 1e9;
	/* --trace: one more run per strategy, up to twice the duration, no warm-up */
	double traced = cfg->trace ? 2.0 * cfg->nr_strategies * (double)cfg->duration_ns / 1e9 : 0;
	double startup = STARTUP_S;

	if (cpus && threads > cpus)
		startup += STARTUP_S_PER_THREAD2 * (double)threads * threads / cpus;
	return runs * each + traced + startup;
}

void budget_check(const struct bench_config *cfg, unsigned int threads, unsigned int cpus)
{
	if (cfg->oversubscribe || threads <= BUDGET_THREADS_PER_CPU * cpus)
		return;
	cli_usage_error("--threads: %u threads on %u usable CPUs is past %u per CPU (expected "
			"about %.0f s, latencies mostly scheduling): --oversubscribe runs it",
			threads, cpus, BUDGET_THREADS_PER_CPU, budget_expected_s(cfg, threads, cpus));
}

void budget_print(const struct bench_config *cfg, unsigned int threads, unsigned int cpus,
		  FILE *f)
{
	fprintf(f, "expected: about %.1f s", budget_expected_s(cfg, threads, cpus));
	if (threads > cpus)
		fprintf(f, " (%u threads on %u usable CPUs: start-up grows with the square of "
			"the threads per CPU; the bound is %u per CPU%s)", threads, cpus,
			BUDGET_THREADS_PER_CPU, cfg->oversubscribe ? ", --oversubscribe given" : "");
	fprintf(f, "; watchdog %.1f s\n", (double)cfg->watchdog_ns / 1e9);
}
