/* SPDX-License-Identifier: MIT */
/*
 * inference.h - the small-sample inference a reviewer asks for, for
 * --report: Student's t confidence interval, Welch's t-test, the pooled
 * Student's t of ministat, the coefficient of variation.  No I/O, no
 * allocation.
 */
#ifndef FENCEBENCH_INFERENCE_H
#define FENCEBENCH_INFERENCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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
