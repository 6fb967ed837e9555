/* SPDX-License-Identifier: MIT */
/*
 * report.h - --report: no run; one or more of fencebench's CSVs read and
 * printed as a mail block (summary.h: one run, or two compared; regimes.h:
 * the matrix of several regimes or machines) or as the matrix's numbers
 * (-f csv).  What --report accepts and what each format means is decided
 * here and nowhere else.
 */
#ifndef FENCEBENCH_REPORT_H
#define FENCEBENCH_REPORT_H

#include "../config.h"

/* One CSV per machine, each lettered A to Z in the matrix. */
#define REPORT_MAX_FILES	26

/**
 * report_refused - whether --report can serve a request
 * @nr_files: how many CSV files were named
 * @format: the -f given (FORMAT_AUTO: none)
 *
 * Returns NULL, or the reason it cannot, as one line for a usage error.
 */
const char *report_refused(unsigned int nr_files, enum out_format format);

/**
 * report_main - read the CSVs (none: standard input) and print on standard
 * output the summary of one regime, the comparison of two (before, after),
 * or, for a CSV of several regimes or more than two CSVs, the matrix; with
 * -f csv, the matrix's numbers (regimes_csv())
 * @files: the CSV files
 * @n: how many
 * @format: the -f given
 *
 * Returns the exit status: 0, 1 when a file cannot be read, 2 when it is
 * not fencebench's CSV or report_refused() refuses the request.
 */
int report_main(char **files, unsigned int n, enum out_format format);

#endif
