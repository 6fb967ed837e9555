/* SPDX-License-Identifier: MIT */
/*
 * gate.h - a barrier the watchdog can see through.  Each thread records
 * the last phase it reached and waits until main opens it; main can wait
 * for everyone with a deadline and learn who did not arrive, where a
 * pthread barrier would only hang.
 */
#ifndef FENCEBENCH_GATE_H
#define FENCEBENCH_GATE_H

#include <pthread.h>
#include <stdint.h>

struct gate {
	pthread_mutex_t lock;
	pthread_cond_t cond;		/* on CLOCK_MONOTONIC */
	unsigned int phase;		/* the phase main let the threads enter */
	unsigned int n;
	unsigned int *reached;		/* per thread: the last phase it reached */
};

/* Returns 0, or an errno value. */
int gate_init(struct gate *g, unsigned int n);
void gate_destroy(struct gate *g);

/* Thread @who reached @phase: say so, then wait until it is open. */
void gate_pass(struct gate *g, unsigned int who, unsigned int phase);

/* Let the threads into @phase. */
void gate_open(struct gate *g, unsigned int phase);

/**
 * gate_wait - wait until every thread reached @phase
 * @g: the gate
 * @phase: the phase
 * @timeout_ns: how long at most
 *
 * Returns -1 when all arrived, else the first thread (lowest index) that
 * had not when the time ran out.
 */
int gate_wait(struct gate *g, unsigned int phase, uint64_t timeout_ns);

/* The first thread that has not reached the open phase, or -1. */
int gate_behind(struct gate *g);

#endif
