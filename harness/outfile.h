/* SPDX-License-Identifier: MIT */
/*
 * outfile.h - an output file written under a temporary name in its own
 * directory and renamed into place when complete: a failed or killed run
 * never leaves a half-written file.  Every temporary still open when the
 * process exits (an error, the watchdog) is removed.
 */
#ifndef FENCEBENCH_OUTFILE_H
#define FENCEBENCH_OUTFILE_H

#include <stdbool.h>
#include <stdio.h>

struct outfile {
	const char *path;		/* NULL: standard output */
	char *tmp;			/* the temporary name; NULL once renamed */
	FILE *f;
	bool appending;			/* --append to an existing file: no header */
};

/* Opens @path's temporary (mkstemp, mode as a plain create); exit 1 if it cannot. */
void outfile_open(struct outfile *o, const char *path);

/* Flushes, syncs and renames the temporary to @o->path; exit 1 on a write error. */
void outfile_close(struct outfile *o);

/* Closes and removes the temporary: nothing is written. */
void outfile_discard(struct outfile *o);

#endif
