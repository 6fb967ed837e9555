/* SPDX-License-Identifier: MIT */
/*
 * statistics.h - what a run computes from its readings: running
 * mean/variance (Welford), medians, a trimmed spread, a latency net of the
 * timer.  No I/O, no allocation.
 */
#ifndef FENCEBENCH_STATISTICS_H
#define FENCEBENCH_STATISTICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/**
 * struct welford - running mean and variance (Welford's algorithm)
 * @n: number of values added
 * @mean: running mean
 * @m2: sum of squared deviations from the running mean
 *
 * Numerically stable even when the values share a large offset (cycle
 * counts), and mergeable across threads with welford_merge().
 */
struct welford {
	uint64_t n;
	double mean, m2;
};

void welford_init(struct welford *w);
void welford_add(struct welford *w, double x);
double welford_var(const struct welford *w);	/* n - 1; 0 if n < 2 */
double welford_sd(const struct welford *w);
void welford_merge(struct welford *dst, const struct welford *src);

double stats_median(double *x, size_t n);	/* sorts @x in place */
uint64_t stats_median_u64(uint64_t *v, size_t n);	/* sorts @v in place */

/**
 * struct spread - where a sample of readings sits and how widely it scatters
 * @median: middle value (upper middle for even sizes, as stats_median_u64)
 * @mean: arithmetic mean of the central 98% (the lowest and highest 1%
 *	left out: on a shared machine they are interrupts and preemption, and
 *	one of them would outweigh thousands of readings)
 * @sd: sample standard deviation (n - 1) of the same central 98%; 0 when
 *	fewer than 2 readings remain
 */
struct spread {
	double median, mean, sd;
};

/**
 * stats_spread_u64 - median, mean and standard deviation of raw readings
 * @v: readings (counter ticks); sorted in place
 * @n: how many
 * @div: each reading is divided by this first (a batch size; 1 for none)
 * @out: result; all zero when @n is 0
 */
void stats_spread_u64(uint64_t *v, size_t n, double div, struct spread *out);

/**
 * stats_net - a latency with the timer's own cost taken out
 * @raw: the measured latency (NaN when not measured)
 * @overhead: the timer's cost on the same scale (NaN when not measured)
 *
 * Return: @raw - @overhead, never below zero (a reading cannot be cheaper
 * than the bracket around it, so a negative value is the timer's noise);
 * NaN when either is NaN (not measured).
 */
double stats_net(double raw, double overhead);

#endif
