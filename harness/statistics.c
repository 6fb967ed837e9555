// SPDX-License-Identifier: MIT
/*
 * statistics.c - the statistics a run computes from its own readings:
 * Welford's running variance, medians, a spread that leaves out the
 * extreme 1% on each side, and a latency net of the timer's cost.
 * --report's inference (Student's t, Welch) is harness/report/inference.c.
 *
 * Pure code: no I/O, no allocation, no global state of its own.
 * tests/test_stats.c checks it.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "statistics.h"

/* ---------------------------------------------------------------------
 * Welford
 */

/**
 * welford_init - reset a running mean/variance
 * @w: accumulator
 */
void welford_init(struct welford *w)
{
	w->n = 0;
	w->mean = 0.0;
	w->m2 = 0.0;
}

/**
 * welford_add - add one observation
 * @w: accumulator
 * @x: observation
 */
void welford_add(struct welford *w, double x)
{
	double d = x - w->mean;

	w->n++;
	w->mean += d / (double)w->n;
	w->m2 += d * (x - w->mean);
}

/**
 * welford_var - sample variance
 * @w: accumulator
 *
 * Return: m2 / (n - 1), or 0 when fewer than two observations.
 */
double welford_var(const struct welford *w)
{
	if (w->n < 2)
		return 0.0;
	return w->m2 / (double)(w->n - 1);
}

/**
 * welford_sd - sample standard deviation
 * @w: accumulator
 *
 * Return: sqrt(welford_var(@w)).
 */
double welford_sd(const struct welford *w)
{
	return sqrt(welford_var(w));
}

/**
 * welford_merge - combine two accumulators (Chan, Golub and LeVeque)
 * @dst: accumulator; afterwards describes both data sets
 * @src: accumulator to fold in; unchanged
 *
 * With delta = mean_b - mean_a and n = n_a + n_b:
 * mean = mean_a + delta * n_b / n,
 * m2 = m2_a + m2_b + delta^2 * n_a * n_b / n.
 */
void welford_merge(struct welford *dst, const struct welford *src)
{
	double na, nb, n, d;

	if (!src->n)
		return;
	if (!dst->n) {
		*dst = *src;
		return;
	}
	na = (double)dst->n;
	nb = (double)src->n;
	n = na + nb;
	d = src->mean - dst->mean;
	dst->mean += d * (nb / n);
	dst->m2 += src->m2 + d * d * (na / n) * nb;
	dst->n += src->n;
}

static int cmp_double(const void *pa, const void *pb)
{
	double a = *(const double *)pa, b = *(const double *)pb;

	return (a > b) - (a < b);
}

/**
 * stats_median - median of a sample
 * @x: sample; sorted in place
 * @n: sample size
 *
 * Return: the middle value, or the mean of the two middle values for even
 * @n; 0 when @n is 0.
 */
double stats_median(double *x, size_t n)
{
	if (!n)
		return 0.0;
	qsort(x, n, sizeof(*x), cmp_double);
	if (n & 1)
		return x[n / 2];
	return x[n / 2 - 1] + (x[n / 2] - x[n / 2 - 1]) / 2.0;
}

static int cmp_u64(const void *pa, const void *pb)
{
	uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;

	return (a > b) - (a < b);
}

/**
 * stats_median_u64 - median of raw readings
 * @v: readings (counter ticks); sorted in place
 * @n: how many
 *
 * Return: the upper middle reading for even @n, so that the median is a
 * reading the counter gave (stats_median() of per-repetition values
 * averages the two middle ones instead); 0 when @n is 0.
 */
uint64_t stats_median_u64(uint64_t *v, size_t n)
{
	if (!n)
		return 0;
	qsort(v, n, sizeof(*v), cmp_u64);
	return v[n / 2];
}

void stats_spread_u64(uint64_t *v, size_t n, double div, struct spread *out)
{
	struct welford w;
	size_t i;

	memset(out, 0, sizeof(*out));
	if (!n)
		return;
	out->median = (double)stats_median_u64(v, n) / div;
	welford_init(&w);
	for (i = n / 100; i < n - n / 100; i++)
		welford_add(&w, (double)v[i] / div);
	out->mean = w.mean;
	out->sd = welford_sd(&w);
}

double stats_net(double raw, double overhead)
{
	if (isnan(raw) || isnan(overhead))
		return NAN;
	return raw > overhead ? raw - overhead : 0.0;
}
