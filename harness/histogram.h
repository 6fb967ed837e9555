/* SPDX-License-Identifier: MIT */
/*
 * histogram.h - a log-linear latency histogram with fixed memory per thread
 * (mergeable, percentiles within one bucket width).  No I/O, no allocation,
 * no knowledge of fences.
 */
#ifndef FENCEBENCH_HISTOGRAM_H
#define FENCEBENCH_HISTOGRAM_H

#include <stdint.h>

#include "hist_bucket.h"

/*
 * Log-linear histogram of unsigned 64-bit values (cycles or ns); the bucket
 * mapping is hist_bucket.h's, shared with the kernel module (kmod/).
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
double hist_trimmed_mean(const struct hist *h, double keep, uint64_t step);

#endif
