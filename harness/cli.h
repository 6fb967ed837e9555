/* SPDX-License-Identifier: MIT */
/*
 * cli.h - the command line: one options table drives getopt_long and
 * --help; parsing and checking turn argv into a struct bench_config that
 * nothing changes afterwards.  Bad usage ends here with a one-line message
 * and exit status 2.
 */
#ifndef FENCEBENCH_CLI_H
#define FENCEBENCH_CLI_H

#include "config.h"

/**
 * cli_parse - the configuration an argv asks for
 * @argc: argument count
 * @argv: arguments
 * @cfg: filled in: the defaults, the options, then the derived values
 *	(--matrix's short runs, the watchdog's default)
 *
 * Exits 0 after --help or --version, 2 on bad usage.
 */
void cli_parse(int argc, char **argv, struct bench_config *cfg);

/* One line "PROGRAM: MESSAGE (see --help)" on stderr, then exit 2. */
__attribute__((noreturn, format(printf, 1, 2)))
void cli_usage_error(const char *fmt, ...);

#endif
