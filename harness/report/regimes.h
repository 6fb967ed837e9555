/* SPDX-License-Identifier: MIT */
/*
 * regimes.h - when does the lockless precheck pay?  The answer changes sign
 * with the distance between the signaler's and the waiter's CPUs and with how
 * the waiter learns that the fence signaled, so one table misleads.  This
 * module turns the regimes of one or more CSVs (one per machine) into one
 * matrix: a row per CPU-distance class with its measured one-way transfer,
 * a column per wait mode, in each cell a strategy's p50 change against
 * "locked" (Welch's t, 95%), its fast-path share and a mark when hazards
 * were counted; then one plain sentence per row.  The same numbers as CSV
 * feed plots/crossover.gp.  Reads struct summary; prints; no maths of its
 * own beyond what inference.c provides.
 */
#ifndef FENCEBENCH_REGIMES_H
#define FENCEBENCH_REGIMES_H

#include <stdbool.h>
#include <stdio.h>

#include "summary.h"

/**
 * regimes_print - the mail matrix and its sentences, at most 72 columns
 * @f: where to print
 * @s: the CSVs, one per machine
 * @names: their file names (a machine without '#' lines is named by it)
 * @n: how many
 */
void regimes_print(FILE *f, const struct summary *const *s, const char *const *names,
		   unsigned int n);

/**
 * regimes_csv - the matrix's numbers, one line per (machine, regime,
 * strategy), for plots/crossover.gp
 * @f: where to print
 * @s: the CSVs
 * @names: their file names
 * @n: how many
 *
 * Columns: machine, class, transfer_ns, wait, strategy, n, p50_ns,
 * change_pct, change_half_pct, verdict (faster, slower, same, n<2),
 * fastpath_pct, hazards.
 */
void regimes_csv(FILE *f, const struct summary *const *s, const char *const *names,
		 unsigned int n);

#endif
