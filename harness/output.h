/* SPDX-License-Identifier: MIT */
/*
 * output.h - the output sink: chosen once from the configuration, it owns
 * every format (CSV with its '#' lines, the table with its summary, JSON
 * Lines, the --histogram CSV) and every output file.  The run loop hands it
 * finished rows; it never sees a thread or a cycle counter.
 */
#ifndef FENCEBENCH_OUTPUT_H
#define FENCEBENCH_OUTPUT_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "env.h"
#include "histogram.h"
#include "rows.h"
#include "topology.h"

/**
 * struct run_facts - what a run header says about one configuration
 * @machine: the machine's packages, nodes, cores and PUs (topo_count())
 * @timer: the cycle counter's name
 * @lock: the fence lock: --lock's model, or the kernel's spinlock_t
 * @cycles_per_ns: its calibrated rate
 * @resolution_ns: its tick
 * @overhead_ns: one reading pair, median over the waiters
 * @c2c_ns: one-way line transfer from the signaler (the floor)
 * @lock_ns: uncontended lock+unlock (the floor)
 * @counters: what is counted, or why nothing is
 * @signaler_cpu: the signaler's CPU
 * @nr_waiters: waiter threads
 * @waiter_cpus: their CPUs, ';'-separated
 * @wait: the wait mode as the CSV spells it
 * @kernel: --engine kernel: the "# kernel:" line (release, preemption,
 *	spinlock, clocksource, taint); NULL for the model
 */
struct run_facts {
	struct topo_counts machine;
	const char *timer;
	const char *lock;
	double cycles_per_ns;
	double resolution_ns, overhead_ns;
	double c2c_ns, lock_ns;
	const char *counters;
	int signaler_cpu;
	unsigned int nr_waiters;
	const char *waiter_cpus;
	const char *wait;
	const char *kernel;
	const char *lock_placement;	/* the rows' */
	const char *meta_model;		/* the engine's '# model:' text, NULL: the model's */
	const char *meta_placement;	/* its '# lock placement:' text, with meta_model */
};

struct sink;

/**
 * sink_open - open the output files and choose the format, once
 * @cfg: the configuration (--output, --append, --format, --meta, --histogram)
 * @env: the machine's environment, for the '#' lines
 * @argc: argument count, for the command line in the header
 * @argv: the command line
 *
 * Files are written under a temporary name and renamed by sink_close():
 * a failed run never leaves a half-written file.  Exits 1 when a file
 * cannot be written, 2 when --append finds other columns.
 */
struct sink *sink_open(const struct bench_config *cfg, const struct env_info *env, int argc,
		       char **argv);

/**
 * sink_begin - a configuration is about to run
 * @s: the sink
 * @facts: its header facts; only the first configuration's are written
 */
void sink_begin(struct sink *s, const struct run_facts *facts);

/**
 * sink_row - one finished row, with its merged removal histogram
 * @s: the sink
 * @row: the row
 * @merged: the histogram, in cycles of the facts' counter (for --histogram)
 */
void sink_row(struct sink *s, const struct result_row *row, const struct hist *merged);

/**
 * sink_close - finish every output: the table's summary, the note of an
 * interrupt (the rows above are complete), then flush and rename
 * @s: the sink; freed
 * @stop_signal: the signal that interrupted the run, or 0
 *
 * Return: false when interrupted before the first row: nothing is written
 * (the files replaced stay as they were)
 */
bool sink_close(struct sink *s, int stop_signal);

/**
 * sink_leave - a signal the threads do not answer: sink_close(), say
 * @when, exit 128 + @stop_signal
 * @s: the sink
 * @stop_signal: the signal
 * @when: the end of "interrupted ..."
 */
__attribute__((noreturn)) void sink_leave(struct sink *s, int stop_signal, const char *when);

#endif
