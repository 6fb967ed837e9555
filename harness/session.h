/* SPDX-License-Identifier: MIT */
/*
 * session.h - one invocation around its runs: the options, the machine, the
 * output, the timer's calibration; what stays the same across the runs of
 * one invocation (several with --matrix).
 */
#ifndef FENCEBENCH_SESSION_H
#define FENCEBENCH_SESSION_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "env.h"
#include "output.h"
#include "plan.h"
#include "test_hooks.h"
#include "topology.h"
#include "trace.h"

struct session {
	const struct bench_config *cfg;
	struct topo *topo;
	struct sink *sink;
	double cycles_per_ns;
	uint64_t resolution;
	struct test_hooks hooks;
	struct env_info env;
	struct topo_request req;	/* the placement the options ask for */
	int *matrix_cpu;		/* --matrix: the CPUs paired, else NULL */
	unsigned int nr_matrix_cpus;
	struct trace *trace;		/* --trace, or NULL */
};

/**
 * session_open - parse @argv, open the machine and the output; bad usage
 * (an impossible placement included) exits 2 before any file is touched
 * @ses: filled
 * @cfg: the options, parsed here
 * @argc: main's
 * @argv: main's
 * @fence_slots: fences in flight per group (the plan places each)
 *
 * Return: -1 when there are runs to do, else main's exit status (--report,
 * --topology and --dry-run are done here).
 */
int session_open(struct session *ses, struct bench_config *cfg, int argc, char **argv,
		 unsigned int fence_slots);

/**
 * session_plan - where one configuration's threads and fences go (an
 * impossible placement exits 2), with a warning when the threads outnumber
 * the CPUs; the caller runs it on the engine chosen and frees it
 * (topo_plan_free())
 * @ses: opened and calibrated
 * @req: the placement asked for
 *
 * Return: the plan
 */
struct topo_plan session_plan(const struct session *ses, const struct topo_request *req);

/**
 * session_signals - @handler for every signal that would end the process
 * and can be caught (QUIT's core dump is asked for; PROF and VTALRM belong
 * to profilers): it ends the run and keeps its completed rows.  INT and
 * TERM, ALRM, USR1 and USR2, and HUP (the terminal closed), PIPE (a reader
 * of standard output or error went away: writes then fail with EPIPE) and
 * XFSZ (ulimit -f: writes then fail with EFBIG)
 * @handler: records the signal
 */
void session_signals(void (*handler)(int));

/**
 * session_calibrate - the environment's warnings (--meta), then the timer's
 * rate and resolution, once for all runs
 * @ses: opened
 */
void session_calibrate(struct session *ses);

/**
 * session_close - close the output and the machine
 * @ses: opened
 * @stop_signal: the signal that interrupted the runs, or 0
 *
 * Return: main's exit status: 0, or 128 + @stop_signal
 */
int session_close(struct session *ses, int stop_signal);

#endif
