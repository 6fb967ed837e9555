/* SPDX-License-Identifier: MIT */
/*
 * summary.h - the numbers a reviewer asks for, from fencebench's CSV: per
 * strategy across repetitions, the mean of the per-repetition p50 and p99
 * with a 95% confidence interval (Student's t), the median, the coefficient
 * of variation, and Welch's t-test against "locked" ("-31.2% +- 2.1%" or
 * "no difference +- 8.1%": the smallest change the run could have seen;
 * no interval narrower than the timer's step).  With a second CSV, the
 * same strategies before and after.  Printed as a plain ASCII block of at
 * most 72 columns that pastes into a mail.  The maths is in inference.c;
 * this file reads and prints.
 */
#ifndef FENCEBENCH_SUMMARY_H
#define FENCEBENCH_SUMMARY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/*
 * One summary per regime: a CSV whose rows come from several configurations
 * reads as a chain of them (summary_next()), in the order the CSV first
 * shows them, each with the file's '#' facts.
 */
struct summary;

#define SUMMARY_MAX_REGIMES	64

/* The configuration columns of a regime, as summary_config() indexes them. */
enum summary_config {
	SUMMARY_WAIT, SUMMARY_WAITERS, SUMMARY_PLACEMENT, SUMMARY_SIGNALER_CPU, SUMMARY_WAITER_CPUS,
	SUMMARY_INIT_GAP, SUMMARY_PRE_FUNC, SUMMARY_IRQ_DELAY, SUMMARY_LOCK_PLACEMENT, SUMMARY_LOCK,
};

/**
 * struct summary_cell - one strategy in one regime, against locked
 * @n: repetitions with a p50
 * @p50_ns: mean of their p50
 * @fast_pct: mean fast-path share
 * @hazards: hazards counted, all kinds, all repetitions
 * @baseline: this is locked itself
 * @compared: Welch's t was possible (both n >= 2)
 * @significant: the 95% interval of the change excludes zero
 * @pct: p50 change vs locked, % of locked's mean (NAN: not compared)
 * @pct_half: half-width of its 95% interval
 * @text: "-31.2% +- 2.1%", "no difference +- 8.1%", "n < 2", "no locked rows", "-"
 */
struct summary_cell {
	size_t n;
	double p50_ns, fast_pct, hazards;
	bool baseline, compared, significant;
	double pct, pct_half;
	char text[24];
};

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

/*
 * The file's next regime, or NULL; true when a file holds several
 * configurations.  The repetitions of one configuration whose floors are
 * in different regimes (floor_apart(): more than 2x apart) are regimes of
 * their own, never pooled: summary_floor_group() numbers them 0, 1...  The
 * repetitions whose floor moved during them (floor_moved) are in none:
 * summary_moved() counts them, for the file.
 */
const struct summary *summary_next(const struct summary *s);
bool summary_several(const struct summary *s);
unsigned int summary_floor_group(const struct summary *s);
unsigned int summary_moved(const struct summary *s);
/* A regime's configuration value, its file's facts, its mean c2c_ns (NAN: none). */
const char *summary_config(const struct summary *s, enum summary_config i);
const char *summary_machine(const struct summary *s);
const char *summary_date(const struct summary *s);
const char *summary_version(const struct summary *s);
double summary_c2c_ns(const struct summary *s);
double summary_resolution_ns(const struct summary *s);	/* the timer's step, 0: unknown */
/* The strategies of a regime, in the order of the CSV. */
unsigned int summary_nr_strategies(const struct summary *s);
const char *summary_strategy(const struct summary *s, unsigned int i);
/* Strategy @name in regime @s (@c filled); -1 when it has no rows there. */
int summary_cell(const struct summary *s, const char *name, struct summary_cell *c);
/* Print @text wrapped at 72 columns, @prefix before the first line. */
void summary_wrapped(FILE *f, const char *prefix, const char *text);

#endif
