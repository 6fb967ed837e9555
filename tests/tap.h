/* SPDX-License-Identifier: MIT */
/*
 * tap.h - a tiny TAP producer in the spirit of the kernel's kselftest.h.
 * Each test program prints "ok N - ..." / "not ok N - ..." lines and a plan;
 * tests/run.sh adds them up and prints the closing "N passed, N failed".
 * Exit status: 0 all passed, 1 something failed, 4 skipped (KSFT_SKIP).
 */
#ifndef FENCEBENCH_TAP_H
#define FENCEBENCH_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#define TAP_SKIP 4

static unsigned int tap_count, tap_failed;

static inline void tap_plan_tests(unsigned int n)
{
	printf("1..%u\n", n);
	fflush(stdout);
}

__attribute__((format(printf, 2, 3)))
static inline int ok(int cond, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %u - ", cond ? "" : "not ", ++tap_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	if (!cond)
		tap_failed++;
	return cond;
}

__attribute__((format(printf, 1, 2)))
static inline void diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

__attribute__((format(printf, 1, 2), noreturn))
static inline void tap_skip_all(const char *fmt, ...)
{
	va_list ap;

	fputs("1..0 # SKIP ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	exit(TAP_SKIP);
}

static inline int tap_exit(void)
{
	if (tap_failed)
		printf("# %u of %u failed\n", tap_failed, tap_count);
	return tap_failed ? 1 : 0;
}

#endif
