// SPDX-License-Identifier: MIT
/*
 * histogram.c - the log-linear latency histogram of the measured loops:
 * bucket mapping, merge, quantiles and mean.  hist_add() itself is inline
 * in histogram.h, because it runs inside the timed loops.
 *
 * Pure code: no I/O, no allocation, no global state.  tests/test_stats.c
 * checks it against exact sorted samples.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "histogram.h"

/**
 * hist_init - empty a histogram
 * @h: histogram
 *
 * min starts at UINT64_MAX and max at 0 so that the first hist_add() sets
 * both.
 */
void hist_init(struct hist *h)
{
	memset(h, 0, sizeof(*h));
	h->min = UINT64_MAX;
}

/**
 * hist_bucket_of - bucket index of a value
 * @v: value
 *
 * The same mapping as hist_add(): values below HIST_SUB are their own
 * bucket; otherwise the HIST_SUB_BITS bits below the leading one select one
 * of HIST_SUB buckets within the value's power of two.
 *
 * Return: bucket index in [0, HIST_BUCKETS).
 */
unsigned int hist_bucket_of(uint64_t v)
{
	return hist_bucket_index(v);
}

/**
 * hist_bucket_low - smallest value that maps to a bucket
 * @b: bucket index, < HIST_BUCKETS
 *
 * Return: the lower bound, or UINT64_MAX if @b is out of range.
 */
uint64_t hist_bucket_low(unsigned int b)
{
	unsigned int shift;

	if (b >= HIST_BUCKETS)
		return UINT64_MAX;
	if (b < HIST_SUB)
		return b;
	shift = (b >> HIST_SUB_BITS) - 1;
	return ((uint64_t)HIST_SUB + (b & (HIST_SUB - 1))) << shift;
}

/**
 * hist_bucket_high - largest value that maps to a bucket
 * @b: bucket index, < HIST_BUCKETS
 *
 * Return: the upper bound (inclusive), or UINT64_MAX if @b is out of range.
 */
uint64_t hist_bucket_high(unsigned int b)
{
	if (b >= HIST_BUCKETS)
		return UINT64_MAX;
	/* buckets are contiguous: this one ends where the next begins */
	return b + 1 == HIST_BUCKETS ? UINT64_MAX : hist_bucket_low(b + 1) - 1;
}

/**
 * hist_merge - add one histogram into another
 * @dst: histogram to add to
 * @src: histogram to add; unchanged
 *
 * Bucket counts and count add up, sum saturates at UINT64_MAX, min and max
 * are the extremes of both.  Merging per-thread histograms gives exactly
 * the histogram of all the values.
 */
void hist_merge(struct hist *dst, const struct hist *src)
{
	unsigned int b;

	for (b = 0; b < HIST_BUCKETS; b++)
		dst->bucket[b] += src->bucket[b];
	dst->count += src->count;
	dst->sum = (dst->sum + src->sum < dst->sum) ? UINT64_MAX :
						       dst->sum + src->sum;
	if (src->min < dst->min)
		dst->min = src->min;
	if (src->max > dst->max)
		dst->max = src->max;
}

/**
 * hist_quantile - approximate quantile of the recorded values
 * @h: histogram
 * @q: quantile in [0, 1]; values outside are clamped, NaN counts as 0
 *
 * The rank is ceil(@q * count) (1-based), at least 1; @q == 0 gives the
 * exact minimum.  The result is the midpoint of the bucket holding the
 * value of that rank, clamped to [min, max], so it is within half a bucket
 * width (at most 1/128 of the value) of the exact sample quantile.
 *
 * Return: the quantile, or 0 when @h is empty.
 */
double hist_quantile(const struct hist *h, double q)
{
	uint64_t rank, seen = 0;
	unsigned int b;
	double r, mid;

	if (!h->count)
		return 0.0;
	if (!(q > 0.0))
		return (double)h->min;
	if (q > 1.0)
		q = 1.0;
	r = ceil(q * (double)h->count);
	rank = r >= (double)h->count ? h->count : (uint64_t)r;
	if (rank < 1)
		rank = 1;

	for (b = 0; b < HIST_BUCKETS; b++) {
		seen += h->bucket[b];
		if (seen >= rank)
			break;
	}
	if (b == HIST_BUCKETS)	/* bucket counts disagree with count */
		return (double)h->max;

	mid = (double)hist_bucket_low(b) +
	      (double)(hist_bucket_high(b) - hist_bucket_low(b)) / 2.0;
	if (mid < (double)h->min)
		mid = (double)h->min;
	if (mid > (double)h->max)
		mid = (double)h->max;
	return mid;
}

/**
 * hist_mean - mean of the recorded values
 * @h: histogram
 *
 * Exact up to the conversion to double, unless the sum saturated.
 *
 * Return: sum / count, or 0 when @h is empty.
 */
double hist_mean(const struct hist *h)
{
	if (!h->count)
		return 0.0;
	return (double)h->sum / (double)h->count;
}

/*
 * The value of bucket @b's samples: when the counter steps by @step ticks,
 * every timed interval is a multiple of @step, and a bucket narrower than
 * the step holds at most one multiple, so the samples' exact value is
 * known; otherwise the bucket's midpoint, clamped to [min, max].
 */
static double bucket_value(const struct hist *h, unsigned int b, uint64_t step)
{
	uint64_t lo = hist_bucket_low(b), hi = hist_bucket_high(b);
	double mid = (double)lo + (double)(hi - lo) / 2.0;

	if (step > 1 && hi - lo < step) {
		uint64_t m = (hi / step) * step;

		if (m >= lo)
			return (double)m;
	}
	if (mid < (double)h->min)
		mid = (double)h->min;
	if (mid > (double)h->max)
		mid = (double)h->max;
	return mid;
}

/**
 * hist_trimmed_mean - mean of the smallest values, free of rare stalls
 * @h: histogram
 * @keep: fraction of the values to keep, in (0, 1] (0.99: drop the top 1%)
 * @step: the counter's step in the units recorded (1 when unknown)
 *
 * A mean resolves below the counter's step where a percentile cannot:
 * readings of an interval fall on the two steps around it in proportion to
 * where it lies between them.  One preemption in a million readings moves
 * a plain mean by nanoseconds, so the largest 1 - @keep are left out (a
 * bucket at the cut counts in part).  Each bucket counts at its samples'
 * exact value when @step makes that known (bucket narrower than the step),
 * else at its midpoint.
 *
 * Return: the trimmed mean, or 0 when @h is empty.
 */
double hist_trimmed_mean(const struct hist *h, double keep, uint64_t step)
{
	double want, taken = 0, sum = 0;
	unsigned int b;

	if (!h->count)
		return 0.0;
	if (!(keep > 0.0) || keep > 1.0)
		keep = 1.0;
	want = keep * (double)h->count;
	for (b = 0; b < HIST_BUCKETS && taken < want; b++) {
		double n = (double)h->bucket[b];

		if (!h->bucket[b])
			continue;
		if (taken + n > want)
			n = want - taken;
		sum += n * bucket_value(h, b, step);
		taken += n;
	}
	return taken > 0 ? sum / taken : 0.0;
}
