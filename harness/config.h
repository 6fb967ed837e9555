/* SPDX-License-Identifier: MIT */
/*
 * config.h - what one invocation of fencebench was asked to do.  The CLI
 * (cli.c) fills a struct bench_config and hands it back const; from there
 * the data flows one way: config -> plan -> run -> rows -> output sink.
 */
#ifndef FENCEBENCH_CONFIG_H
#define FENCEBENCH_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

#include "spinlock.h"
#include "kernel_forms.h"
#include "plan.h"
#include "strategy.h"

enum wait_mode { WAIT_POLL, WAIT_CALLBACK, WAIT_TIMEOUT, WAIT_CHECK, WAIT_SLEEP };

/* --timing: which loops run; both interleave like the strategies */
enum timing { TIMING_REMOVAL = 1, TIMING_NONE = 2, TIMING_BOTH = 3 };

enum out_format { FORMAT_AUTO, FORMAT_CSV, FORMAT_TABLE,
	FORMAT_JSON,		/* JSON Lines: a header object, then one object per row */
};

struct bench_config {
	unsigned int threads;
	unsigned int nr_strategies;
	enum remove_strategy strategy[REMOVE_NR];
	enum wait_mode wait;
	uint64_t timeout_ns;
	uint64_t duration_ns;
	uint64_t warmup_ns;
	unsigned int repeat;
	uint64_t init_gap_ns;
	uint64_t pre_func_ns;
	const char *output;
	enum out_format format;
	bool meta;
	unsigned int retries;
	bool strict;
	bool report;
	const char *histogram;
	char **report_files;
	unsigned int nr_report_files;
	bool threads_given;
	bool oversubscribe;		/* --oversubscribe: past budget.h's bound */
	enum topo_policy placement;
	const char *signaler_cpus, *waiter_cpus;
	int fence_node;			/* node, or TOPO_FENCE_* */
	bool topology, dry_run;
	uint64_t watchdog_ns;		/* --timeout, or the default cli_check() sets */
	bool append;
	bool meta_table;		/* --meta: the '#' lines above a table too */
	bool matrix;
	const char *matrix_cpus;
	bool duration_given, warmup_given, repeat_given;
	enum spin_kind lock;		/* --lock: the fence lock */
	enum lock_placement lock_at;	/* --lock-placement */
	bool lock_at_given;
	uint64_t irq_delay_ns;		/* --inject irq-delay: hardware done to signal */
	bool counters;			/* --counters: hardware counters (on) */
	enum timing timing;		/* --timing */
	bool kernel;			/* --engine kernel: fencebench.ko */
	bool lock_given, inject_given;	/* --lock, --inject (refused with the kernel) */
	const char *trace;		/* --trace FILE, or NULL */
	unsigned int trace_rounds;	/* --trace-rounds */
	bool trace_rounds_given;
};

/* The placement the options ask for (--matrix makes one per CPU pair). */
static inline struct topo_request config_placement(const struct bench_config *cfg,
						   unsigned int fence_slots)
{
	return (struct topo_request){
		.policy		= cfg->placement,
		.waiters	= cfg->threads,
		.signaler_cpus	= cfg->signaler_cpus,
		.waiter_cpus	= cfg->waiter_cpus,
		.fence_node	= cfg->fence_node,
		.fence_slots	= fence_slots,
	};
}

#endif
