// SPDX-License-Identifier: MIT
/*
 * matrix.c - --matrix: drives one configuration per ordered pair of CPUs.
 */
#include <errno.h>
#include <stdio.h>

#include "matrix.h"

void matrix_run(const struct bench_config *cfg, struct topo_request req, const int *cpu,
		unsigned int n, volatile sig_atomic_t *stop,
		void (*run)(void *ctx, const struct topo_request *req), void *ctx)
{
	unsigned int i, j, pairs = n * (n - 1);
	char sig[16], wai[16];
	double secs;

	secs = (double)pairs * cfg->nr_strategies * cfg->repeat *
	       (double)(cfg->warmup_ns + cfg->duration_ns) / 1e9;
	fprintf(stderr, "%s: matrix of %u CPUs: %u ordered pairs x %u strateg%s x %u "
		"repetition%s of %.0f ms: about %.1f s (more when runs are retried)\n",
		program_invocation_short_name, n, pairs, cfg->nr_strategies,
		cfg->nr_strategies > 1 ? "ies" : "y", cfg->repeat, cfg->repeat > 1 ? "s" : "",
		(double)(cfg->warmup_ns + cfg->duration_ns) / 1e6, secs + 0.05 * pairs);
	req.signaler_cpus = sig;
	req.waiter_cpus = wai;
	for (i = 0; i < n && !*stop; i++) {
		for (j = 0; j < n && !*stop; j++) {
			if (i == j)
				continue;
			snprintf(sig, sizeof(sig), "%d", cpu[i]);
			snprintf(wai, sizeof(wai), "%d", cpu[j]);
			run(ctx, &req);
		}
	}
}
