/* SPDX-License-Identifier: MIT */
/*
 * stats.h - pure statistics for fencebench: a log-linear latency histogram
 * with fixed memory per thread (mergeable, percentiles within one bucket
 * width), running mean/variance (Welford), and the small-sample inference a
 * reviewer asks for (Student's t confidence interval, Welch's t-test).
 *
 * No I/O, no allocation, no knowledge of fences: everything here can be
 * checked against textbook values in tests/test_stats.c.
 */
#ifndef FENCEBENCH_STATS_H
#define FENCEBENCH_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hist_bucket.h"

/*
 * Log-linear histogram of unsigned 64-bit values (cycles or ns); the bucket
 * mapping is hist_bucket.h's, shared with the kernel module.
 */
struct hist {
	uint64_t count;
	uint64_t sum;		/* saturates at UINT64_MAX */
	uint64_t min;
	uint64_t max;
	uint64_t bucket[HIST_BUCKETS];
};

void hist_init(struct hist *h);
unsigned int hist_bucket_of(uint64_t v);
uint64_t hist_bucket_low(unsigned int b);	/* smallest value in bucket b */
uint64_t hist_bucket_high(unsigned int b);	/* largest value in bucket b */

/**
 * hist_add - record one value
 * @h: histogram
 * @v: value
 *
 * Inline because it sits in the measured loops: one bucket computation
 * (a count-leading-zeros, two shifts, a mask) and four stores to thread-local memory.
 */
static inline void hist_add(struct hist *h, uint64_t v)
{
	unsigned int b = hist_bucket_index(v);

	h->bucket[b]++;
	h->count++;
	h->sum = (h->sum + v < h->sum) ? UINT64_MAX : h->sum + v;
	if (v < h->min)
		h->min = v;
	if (v > h->max)
		h->max = v;
}

void hist_merge(struct hist *dst, const struct hist *src);
/* Value at quantile q in [0,1]: the midpoint of the bucket holding the
 * ceil(q * count)-th smallest value, clamped to [min, max]; 0 when empty. */
double hist_quantile(const struct hist *h, double q);
double hist_mean(const struct hist *h);

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

int stats_welch(const double *a, size_t na, const double *b, size_t nb,
		double level, struct compare *out);
int stats_student_pooled(const double *a, size_t na, const double *b, size_t nb,
			 double level, struct compare *out);

#endif
