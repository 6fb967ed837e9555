/* SPDX-License-Identifier: MIT */
/*
 * timer.h - calibration of the cycle counter of cycles.h: its rate against
 * CLOCK_MONOTONIC, and the cost of the cycles_start()/cycles_end() bracket
 * itself, which every removal latency includes.
 */
#ifndef FENCEBENCH_TIMER_H
#define FENCEBENCH_TIMER_H

#include <stddef.h>
#include <stdint.h>

/**
 * timer_init - choose how cycles.h reads the counter; once, before threads
 * @why: on failure, the reason (a bad FENCEBENCH_TIMER value)
 * @len: size of @why
 *
 * x86: CPUID says whether rdtscp exists and whether the TSC is invariant;
 * without rdtscp (or with FENCEBENCH_TIMER=lfence, for tests) cycles_end()
 * uses lfence; rdtsc.  Returns 0, or -1 with @why filled in.
 */
int timer_init(char *why, size_t len);

/* What reads the counter, for the '# timer:' line: "rdtscp", "lfence;rdtsc"... */
const char *timer_source(void);

/* Facts about the counter for the '# timer:' line (invariance, forcing). */
const char *timer_notes(void);

/**
 * timer_calibrate - the cycle counter's rate
 * @ms: how long to measure, in milliseconds
 *
 * Returns counter ticks per nanosecond (1.0 for the clock_gettime fallback):
 * measured on x86; on arm64 cntfrq_el0's value when the measurement agrees
 * with it within 5%, else the measurement.
 */
double timer_calibrate(unsigned int ms);

struct spread;
/**
 * timer_overhead_spread - the cost of an empty cycles_start()/cycles_end()
 * bracket, as a distribution
 * @samples: how many brackets to time, on the calling thread's CPU
 * @out: median, mean and standard deviation, in counter ticks
 *
 * The median is what every percentile includes, the mean what a mean
 * latency includes; the standard deviation is the uncertainty the timer
 * adds to any single reading.
 */
void timer_overhead_spread(unsigned int samples, struct spread *out);

/**
 * timer_resolution - the counter's typical step
 * @samples: how many steps to observe
 *
 * Returns the median difference between two consecutive different
 * readings, in ticks: latencies are quantised to this (virtualised TSCs
 * often step by tens of ticks).
 */
uint64_t timer_resolution(unsigned int samples);

uint64_t timer_mono_ns(void);

#endif
