/* SPDX-License-Identifier: MIT */
/*
 * parse.h - the command line's value parsers: whole numbers, times with
 * units and CPU lists.  Pure: they never print or exit, they fill a
 * one-line reason; bench.c and topology.c turn that into "option: reason"
 * and exit status 2.  Small enough to fuzz (tests/fuzz/).
 */
#ifndef FENCEBENCH_PARSE_H
#define FENCEBENCH_PARSE_H

#include <stddef.h>
#include <stdint.h>

/* The largest time accepted, and the largest CPU number in a list. */
#define PARSE_TIME_MAX_NS	86400000000000ull	/* a day */
#define PARSE_CPU_MAX		(1u << 20)

/**
 * parse_count - a whole decimal number within [@min, @max]
 * @s: the text
 * @min: smallest value accepted
 * @max: largest value accepted
 * @out: the value
 * @err: a one-line reason on failure
 * @errlen: size of @err
 *
 * Returns 0, or -1 with @err filled in.
 */
int parse_count(const char *s, unsigned long long min, unsigned long long max,
		unsigned long long *out, char *err, size_t errlen);

/**
 * parse_time - a time such as 500ms, 2s, 1.5us or 300ns
 * @s: the text
 * @bare_unit_ns: what a number without unit counts in, in ns
 * @out_ns: the time, rounded to whole ns, at most PARSE_TIME_MAX_NS
 * @err: a one-line reason on failure
 * @errlen: size of @err
 */
int parse_time(const char *s, uint64_t bare_unit_ns, uint64_t *out_ns, char *err, size_t errlen);

/**
 * parse_cpulist - a CPU list such as 0-3,8,10-15:2 (ranges with a stride)
 * @s: the text
 * @cpus: where the CPU numbers go, in the order written
 * @max: room in @cpus
 * @n: how many were written
 * @err: a one-line reason on failure
 * @errlen: size of @err
 */
int parse_cpulist(const char *s, int *cpus, unsigned int max, unsigned int *n, char *err,
		  size_t errlen);

#endif
