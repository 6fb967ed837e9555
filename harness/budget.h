/* SPDX-License-Identifier: MIT */
/*
 * budget.h - how long a run will take, and how far it may oversubscribe
 * the CPUs.  With more threads than usable CPUs every spin-wait yields,
 * and the start-up (each waiter's floor ping-pong, every start barrier)
 * costs time that grows with the square of the threads per CPU; past
 * BUDGET_THREADS_PER_CPU threads per CPU a run is refused unless asked
 * for with --oversubscribe (docs/oversubscription.md has the curve).
 */
#ifndef FENCEBENCH_BUDGET_H
#define FENCEBENCH_BUDGET_H

#include <stdio.h>

#include "config.h"

/* threads (the signaler included) per usable CPU a run may have */
#define BUDGET_THREADS_PER_CPU	8

/**
 * budget_expected_s - the expected wall time of a run, in seconds
 * @cfg: the options (strategies, repetitions, timing, warm-up, duration)
 * @threads: the signaler and the waiters
 * @cpus: usable CPUs
 */
double budget_expected_s(const struct bench_config *cfg, unsigned int threads, unsigned int cpus);

/**
 * budget_check - exit 2 when @threads exceed the bound without
 * --oversubscribe (one line: the bound, the expected time, the option)
 * @cfg: the options
 * @threads: the signaler and the waiters
 * @cpus: usable CPUs
 */
void budget_check(const struct bench_config *cfg, unsigned int threads, unsigned int cpus);

/* --dry-run's line: the expected time, the bound when it applies, the watchdog */
void budget_print(const struct bench_config *cfg, unsigned int threads, unsigned int cpus,
		  FILE *f);

#endif
