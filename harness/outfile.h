/* SPDX-License-Identifier: MIT */
/*
 * outfile.h - the files a run writes (--output, --histogram, --trace).
 *
 * A regular file is written under a temporary name beside it and renamed
 * into place by outfile_commit(), all outputs together, only when every
 * one of them was written whole: a failed or killed run replaces none.
 * The replaced file keeps its mode (and, for root, its owner); a symbolic
 * link is followed and the file it names is replaced, the link kept.
 * A character device or a FIFO (/dev/null, /dev/stdout, a pipe) is written
 * in place, never replaced; a directory, a block device or a socket is
 * refused.  "-" is standard output.  Everything that can be checked is
 * checked when the file is opened, before the first measurement.  Every
 * temporary still there when the process exits (an error, the watchdog,
 * a signal) is removed.
 */
#ifndef FENCEBENCH_OUTFILE_H
#define FENCEBENCH_OUTFILE_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

struct outfile {
	const char *path;		/* as given; NULL: standard output */
	char *target;			/* the file replaced: path, or its link's target */
	char *tmp;			/* the temporary; NULL when written in place */
	FILE *f;
	bool appending;			/* --append: a header is already there */
	mode_t mode;			/* the replaced file's, or a plain create's */
	uid_t uid;			/* the replaced file's owner (kept by root) */
	gid_t gid;
	bool keep_owner;
};

/**
 * outfile_open - open @path for writing (see above); exit 2 when it names
 * something that is never written (a directory, a block device, a socket,
 * a dangling link), 1 when it cannot be written (permissions, a missing
 * directory, a FIFO without a reader)
 * @o: filled
 * @path: the file; NULL or "-": standard output
 */
void outfile_open(struct outfile *o, const char *path);

/**
 * outfile_open_append - --append: a regular file's rows are copied into
 * the temporary, and the new rows follow; a device is written in place
 * @o: filled; o->appending says the file had a header
 * @path: the file
 * @header: the CSV header line this version writes ("...\n")
 *
 * Exits 2 when the file's header is another, or its last line has no
 * newline (an incomplete row).
 */
void outfile_open_append(struct outfile *o, const char *path, const char *header);

/* Flushes, syncs and closes @o; a temporary waits for outfile_commit(),
 * which owns it from now on.  Exit 1 on a write error (nothing is then
 * replaced). */
void outfile_close(struct outfile *o);

/* Renames every closed temporary into place: all outputs together. */
void outfile_commit(void);

/* Closes and removes the temporary: nothing is written. */
void outfile_discard(struct outfile *o);

/**
 * outfile_distinct - exit 2 when two outputs are one file: the same device
 * and inode, or for files not yet there the same resolved path; standard
 * output ("-", or NULL) counts as one file
 * @path: the outputs; NULL entries are standard output
 * @name: their options, for the message
 * @n: how many
 * @used: which entries are in use
 */
void outfile_distinct(const char *const *path, const char *const *name, const bool *used,
		      unsigned int n);

#endif
