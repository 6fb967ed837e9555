/* SPDX-License-Identifier: MIT */
/*
 * matrix.h - --matrix: one short configuration per ordered pair of CPUs.
 */
#ifndef FENCEBENCH_MATRIX_H
#define FENCEBENCH_MATRIX_H

#include <signal.h>

#include "config.h"
#include "plan.h"

/**
 * matrix_run - every ordered pair (signaler X, waiter Y) of @cpu, one
 * configuration each, after an estimate of the time it takes on stderr
 * @cfg: the options
 * @req: the placement request each pair's CPUs are written into
 * @cpu: the usable CPUs, or --matrix-cpus
 * @n: how many
 * @stop: set by a signal handler: no new pair starts once it is nonzero
 * @run: runs one configuration
 * @ctx: passed to @run
 */
void matrix_run(const struct bench_config *cfg, struct topo_request req, const int *cpu,
		unsigned int n, volatile sig_atomic_t *stop,
		void (*run)(void *ctx, const struct topo_request *req), void *ctx);

#endif
