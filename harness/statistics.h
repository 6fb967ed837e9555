/* SPDX-License-Identifier: MIT */
/*
 * statistics.h - running mean/variance (Welford) and the small-sample
 * inference a reviewer asks for (Student's t confidence interval, Welch's
 * t-test), for --report.  No I/O, no allocation.
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

/* Student's t distribution; df > 0 and may be non-integer (Welch). */
double student_t_cdf(double t, double df);
double student_t_quantile(double p, double df);

/**
 * struct ci - two-sided confidence interval for a mean
 * @mean: sample mean
 * @half: half-width, t_{(1+level)/2, n-1} * s / sqrt(n)
 * @lo: @mean - @half
 * @hi: @mean + @half
 * @n: sample size
 */
struct ci {
	double mean, half, lo, hi;
	uint64_t n;
};

int stats_mean_ci(const double *x, size_t n, double level, struct ci *out);
double stats_median(double *x, size_t n);	/* sorts @x in place */
uint64_t stats_median_u64(uint64_t *v, size_t n);	/* sorts @v in place */
double stats_cov(const double *x, size_t n);	/* sd / mean */

/**
 * struct compare - two-sample comparison, candidate b against baseline a
 * @diff: mean(b) - mean(a)
 * @half: half-width of the confidence interval of @diff
 * @pct: 100 * @diff / mean(a)
 * @pct_half: 100 * @half / mean(a)
 * @t: t statistic, @diff / standard error
 * @df: degrees of freedom (Welch-Satterthwaite, or na + nb - 2 pooled)
 * @p: two-sided p-value
 * @significant: |@diff| > @half, i.e. the interval excludes zero
 * @pooled_s: pooled standard deviation (stats_student_pooled() only; 0 for
 *	Welch)
 */
struct compare {
	double diff, half, pct, pct_half, t, df, p;
	bool significant;
	double pooled_s;
};

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

int stats_welch(const double *a, size_t na, const double *b, size_t nb,
		double level, struct compare *out);

/**
 * stats_compare_step - no interval narrower than the values' step
 * @c: a comparison from stats_welch() (or stats_student_pooled())
 * @step: the step both samples' values are multiples of (the timer's
 *	resolution for a percentile); 0: not quantised, @c is left alone
 * @mean_a: the baseline's mean, for @c->pct_half
 *
 * Each quantised value stands for anything within a step of it, so a mean
 * of them is known to +-@step/2 however alike the values are, and the
 * difference of two such means to +-@step at best: @c->half becomes at
 * least @step, @c->pct_half follows, and @c->significant is decided anew.
 * Five identical p50s against five others then give the step's interval,
 * never "+- 0.0%", and a change of one step is no difference.
 */
void stats_compare_step(struct compare *c, double step, double mean_a);
int stats_student_pooled(const double *a, size_t na, const double *b, size_t nb,
			 double level, struct compare *out);

#endif
