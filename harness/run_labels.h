/* SPDX-License-Identifier: MIT */
/*
 * run_labels.h - what a run's rows and its run facts say about it besides
 * the numbers: the wait mode, the CPUs, the machine, the kernel forms
 * run.  Text only, made from the engine, the options and the plan: the
 * same for both engines.
 */
#ifndef FENCEBENCH_RUN_LABELS_H
#define FENCEBENCH_RUN_LABELS_H

#include <stddef.h>

#include "config.h"
#include "output.h"
#include "plan.h"
#include "row_derive.h"
#include "rows.h"
#include "topology.h"

struct engine;

struct run_labels {
	const struct engine *engine;	/* what runs the plan */
	const char *lock;		/* the fence lock, for the run header */
	const char *lock_placement;	/* the rows' lock_placement */
	char cpus[4096];		/* the waiters' CPUs, ';'-separated */
	char wait[64];			/* "poll", "callback", "timeout:NS"... */
	struct topo_counts machine;	/* topo_count() */
	char model[512];		/* the model column of the last row labelled */
	const char *placement;		/* the plan's policy name */
};

/**
 * run_wait_name - the wait column: the mode, with its timeout for "timeout"
 * @cfg: the options
 * @buf: where to write
 * @len: its size
 */
void run_wait_name(const struct bench_config *cfg, char *buf, size_t len);

/**
 * run_labels_init - the labels every row and the run facts of a
 * configuration share
 * @l: filled
 * @e: the engine that runs it
 * @cfg: the options
 * @topo: the machine
 * @plan: the configuration's plan
 */
void run_labels_init(struct run_labels *l, const struct engine *e,
		     const struct bench_config *cfg, const struct topo *topo,
		     const struct topo_plan *plan);

/**
 * run_labels_facts - the run header's facts of a configuration
 * @l: from run_labels_init()
 * @sc: the timer and the machine's floor (NaN: not measured)
 * @counters: what is counted, or why nothing is
 * @plan: the configuration's plan
 * @f: filled; points into @l
 *
 * Return: @f
 */
const struct run_facts *run_labels_facts(const struct run_labels *l, const struct row_scale *sc,
					 const char *counters, const struct topo_plan *plan,
					 struct run_facts *f);

/**
 * run_labels_row - label a row of strategy @s; the row points
 * into @l, so it is valid until the next call
 * @l: from run_labels_init()
 * @cfg: the options
 * @s: the strategy measured
 * @row: its row, numbers already collected
 */
void run_labels_row(struct run_labels *l, const struct bench_config *cfg,
		    enum remove_strategy s, struct result_row *row);

#endif
