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

#include <stdio.h>

struct summary;

/**
 * summary_read - parse one fencebench CSV (the '#' lines included)
 * @path: file name, an lkp-tests result directory (its fencebench.csv), or
 *	"-" for standard input
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

/**
 * summary_print - the LKML block
 * @f: where to print
 * @a: the run, or the "before" run when @b is given
 * @b: NULL, or the "after" run to compare with @a strategy by strategy
 */
void summary_print(FILE *f, const struct summary *a, const struct summary *b);

/**
 * summary_report - --report: read one CSV (or standard input) or two, and
 * print the summary or the comparison on standard output
 * @files: the CSV files; none: standard input
 * @n: how many (0, 1 or 2)
 *
 * Returns the exit status: 0, 1 when a file cannot be read, 2 when it is
 * not fencebench's CSV.
 */
int summary_report(char **files, unsigned int n);

#endif
