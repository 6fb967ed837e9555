/* SPDX-License-Identifier: MIT */
/*
 * hist_bucket.h - the bucket mapping of fencebench's log-linear latency
 * histogram, the one definition shared by the userspace harness (histogram.h)
 * and the kernel module (kmod/), so that a percentile means the same thing
 * whichever engine measured it.
 *
 * Values below 2^HIST_SUB_BITS get a bucket each; above that, every power
 * of two is split into 2^HIST_SUB_BITS equal buckets, so a bucket is at
 * most 1/2^HIST_SUB_BITS (1.6%) of its value wide.
 *
 * No includes and no libc: plain C types and a compiler builtin only, so
 * it compiles unchanged in the kernel and in userspace.
 */
#ifndef FENCEBENCH_HIST_BUCKET_H
#define FENCEBENCH_HIST_BUCKET_H

#define HIST_SUB_BITS	6
#define HIST_SUB	(1u << HIST_SUB_BITS)
#define HIST_BUCKETS	((64 - HIST_SUB_BITS + 1) * HIST_SUB)

/**
 * hist_bucket_index - bucket of a value
 * @v: value (cycles or ns)
 *
 * One count-leading-zeros, two shifts and a mask: cheap enough for the
 * measured loops of both engines.
 *
 * Return: the bucket index, in [0, HIST_BUCKETS).
 */
static inline unsigned int hist_bucket_index(unsigned long long v)
{
	unsigned int shift;

	if (v < HIST_SUB)
		return (unsigned int)v;
	shift = 63u - (unsigned int)__builtin_clzll(v) - HIST_SUB_BITS;
	return ((shift + 1) << HIST_SUB_BITS) +
	       (unsigned int)((v >> shift) & (HIST_SUB - 1));
}

#endif
