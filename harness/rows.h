/* SPDX-License-Identifier: MIT */
/*
 * rows.h - a result row and its formatter (row_format_*): CSV (one header
 * row, one row per strategy and repetition, units in the column names),
 * JSON Lines objects keyed by the same names, and a plain-text table for a
 * terminal or a mail.  Formatting only: every number arrives computed.
 */
#ifndef FENCEBENCH_ROWS_H
#define FENCEBENCH_ROWS_H

#include <limits.h>
#include <math.h>		/* NAN: a value not measured */
#include <stdint.h>
#include <stdio.h>

/* an unsigned column's value when it could not be measured */
#define ROW_UNKNOWN	UINT_MAX

struct result_row {
	const char *version;
	const char *strategy;
	const char *wait;		/* "poll", "callback", "timeout:NS" */
	unsigned int waiters;
	int signaler_cpu;
	const char *waiter_cpus;	/* OS indexes separated by ';' */
	const char *placement;		/* policy name, or "explicit" */
	int signaler_node;		/* node of the CPU the signaler ran on */
	const char *waiter_nodes;	/* the waiters' nodes, ';'-separated */
	const char *fence_node_req;	/* node of each fence slot, as planned */
	const char *fence_node_actual;	/* where move_pages found them */
	const char *numa_distance;	/* "FENCE/W1;W2..." from the signaler's node */
	const char *spin;		/* "pause", or "yield" when oversubscribed */
	const char *lock;		/* the fence lock: qspinlock, ticket, ttas, pthread */
	uint64_t inject_init_gap_ns;
	uint64_t inject_pre_func_ns;
	unsigned int rep;
	uint64_t rounds;
	uint64_t duration_ns;
	double rounds_per_sec;
	uint64_t removes;
	uint64_t fastpath;
	uint64_t slowpath_hit;
	uint64_t slowpath_miss;
	double fastpath_pct;
	double remove_ns_mean;
	double remove_ns_p50;
	double remove_ns_p90;
	double remove_ns_p99;
	double remove_ns_p999;
	double remove_ns_max;
	double fastpath_ns_p50;
	double slowpath_ns_p50;
	double signal_ns_mean;
	double signal_ns_p50;
	double signal_ns_p99;
	double timer_overhead_ns;
	double c2c_ns;
	double lock_uncontended_ns;
	uint64_t lock_contentions;	/* acquisitions that found the lock taken */
	uint64_t lock_handoffs;		/* acquisitions after another thread's */
	double cycles_per_remove;	/* hardware counts per removal; NAN: none */
	double instructions_per_remove;
	double cache_misses_per_remove;
	double hitm_per_remove;
	uint64_t hazard_prev_store;
	uint64_t hazard_func_call;
	uint64_t hazard_payload_read;
	uint64_t hazard_payload_write;
	double other_load_pct;
	uint64_t nivcsw;
	unsigned int retries;
	unsigned int disturbed;		/* 0, 1, or ROW_UNKNOWN: written empty */
	const char *timing;		/* "removal": each removal timed; "none" */
	double round_ns;		/* duration_ns / rounds: no timer involved */
	double remove_ns_tmean;		/* mean of the fastest 99%: sub-step */
	double remove_net_ns_tmean;	/* remove_ns_* less the timer (>= 0) */
	double remove_net_ns_p50;
	double remove_net_ns_p90;
	double remove_net_ns_p99;
	double remove_net_ns_p999;
	double fastpath_net_ns_p50;
	double timer_overhead_mean_ns;	/* the bracket: mean and sd of its cost */
	double timer_overhead_sd_ns;
	double c2c_sd_ns;		/* spread of the floor's own samples */
	double lock_uncontended_sd_ns;
	const char *lock_placement;	/* inline, next-line, shared */
	uint64_t inject_irq_delay_ns;
	uint64_t waiter_signalled_rounds; /* check-and-signal: rounds a waiter signalled */
	const char *model;		/* the kernel forms modelled, ';'-separated */
	const char *engine;		/* "user" (the model) or "kernel" (fencebench.ko) */
	double c2c_after_ns;		/* the floor right after the repetition (c2c_ns: before) */
	unsigned int floor_moved;	/* before and after in different regimes (floor_apart()) */
	double wait_ns_mean;		/* --wait sleep: signal to the waiter running again; */
	double wait_ns_p50;		/* NAN (empty) in the other modes */
	double wait_ns_p99;
	double remove_share_pct;	/* removal's share of wait + removal (means) */
};

/* A run without a timer (--timing none): every latency column empty (NaN). */
void row_clear_latencies(struct result_row *r);

/* Number of CSV columns, and the name of column i (the JSON header lists them). */
unsigned int row_nr_columns(void);
const char *row_column_name(unsigned int i);

void row_format_csv_header(FILE *f);
void row_format_csv_row(FILE *f, const struct result_row *r);

/**
 * row_format_json_row - one result row as a JSON object on one line
 * @f: where to write
 * @r: the row
 *
 * Keys are the CSV column names plus "type":"row"; numbers are JSON
 * numbers, a value that was not measured is null.
 */
void row_format_json_row(FILE *f, const struct result_row *r);

void row_format_table_header(FILE *f);
void row_format_table_row(FILE *f, const struct result_row *r);

#endif
