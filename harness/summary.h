/* SPDX-License-Identifier: MIT */
/*
 * summary.h - the numbers a reviewer asks for, from fencebench's CSV: per
 * strategy across repetitions, the mean of the per-repetition p50 and p99
 * with a 95% confidence interval (Student's t), the median, the coefficient
 * of variation, and Welch's t-test against "locked" ("-31.2% +- 2.1%" or
 * "no difference proven").  With a second CSV, the same strategies before
 * and after.  Printed as a plain ASCII block of at most 72 columns that
 * pastes into a mail.  The maths is in stats.c; this file reads and prints.
 */
#ifndef FENCEBENCH_SUMMARY_H
#define FENCEBENCH_SUMMARY_H

#include <stddef.h>
#include <stdio.h>

#include "statistics.h"

#define SUMMARY_MAX_STRATEGIES	16
#define SUMMARY_MAX_REGIMES	64
#define SUMMARY_NR_CONFIG	8	/* wait, waiters, lock, placement, CPUs, gaps */

/* One strategy's per-repetition values in one regime. */
struct strat_data {
	char name[32];
	size_t n, cap;
	double *p50, *p99, *fast, *hazards, *removes;
	unsigned int disturbed;
};

/*
 * struct regime - the rows of one configuration (wait mode, waiters, lock,
 * placement, CPUs, injected gaps): what one fencebench run measures.
 * @c2c_ns: the one-way line transfer of its rows (their median), the
 * distance between the signaler's and the waiters' CPUs as measured
 */
struct regime {
	char config[SUMMARY_NR_CONFIG][48];
	char wait[32];
	char waiters[16];
	char placement[32];
	double c2c_ns;
	double *c2c;
	size_t nc2c;
	unsigned int nr;
	struct strat_data s[SUMMARY_MAX_STRATEGIES];
};

/* One CSV: its machine ('#' lines) and its regimes in order of appearance. */
struct summary {
	char machine[256];
	char command[256];
	char floor[160];
	char timer[160];
	char version[64];
	char date[32];
	unsigned int nr;
	struct regime r[SUMMARY_MAX_REGIMES];
};

/* Name of configuration column @i (config[@i] of a regime). */
const char *summary_config_name(unsigned int i);

/**
 * summary_read - parse one fencebench CSV (the '#' lines included)
 * @path: file name, or "-" for standard input
 * @out: where to store the parsed summary
 * @err: one-line reason on failure
 * @errlen: size of @err
 *
 * Returns 0, -1 when the file cannot be read (exit 1), -2 when it is not a
 * fencebench CSV (exit 2).
 */
int summary_read(const char *path, struct summary **out, char *err, size_t errlen);
/* The same, from an open stream; @path only names it in messages. */
int summary_read_stream(FILE *f, const char *path, struct summary **out, char *err,
			size_t errlen);
void summary_free(struct summary *s);

/* Print @text wrapped at 72 columns, @prefix before the first line. */
void summary_wrapped(FILE *f, const char *prefix, const char *text);

/* The strategy called @name in regime @r, or NULL. */
const struct strat_data *summary_find(const struct regime *r, const char *name);

/**
 * summary_change - a strategy's p50 against a baseline's, for a mail
 * @buf: receives "-31.2% +- 2.1%", "no difference" or "n < 2"
 * @len: size of @buf
 * @base: the baseline (e.g. locked)
 * @d: the strategy
 * @c: if not NULL, receives the comparison; returns -1 when n < 2
 */
int summary_change(char *buf, size_t len, const struct strat_data *base,
		   const struct strat_data *d, struct compare *c);

/**
 * summary_print - the LKML block of one regime
 * @f: where to print
 * @a: the run, or the "before" run when @b is given
 * @b: NULL, or the "after" run to compare with @a strategy by strategy
 *
 * Both must hold one regime (@a->nr == 1); several go to regimes_print().
 */
void summary_print(FILE *f, const struct summary *a, const struct summary *b);

#endif
