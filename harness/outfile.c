// SPDX-License-Identifier: MIT
/*
 * outfile.c - output files renamed into place when complete (outfile.h).
 */
#include <err.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "outfile.h"

/*
 * The one piece of file-scope state: exit() from anywhere must still
 * remove the temporaries, and atexit() handlers take no argument.  A run
 * has at most the CSV, the histogram and the trace open.
 */
#define OUTFILES_OPEN	4
static struct outfile *open_files[OUTFILES_OPEN];

static void remove_tmps(void)
{
	unsigned int i;

	for (i = 0; i < OUTFILES_OPEN; i++)
		if (open_files[i] && open_files[i]->tmp)
			unlink(open_files[i]->tmp);
}

static void track(struct outfile *o, struct outfile *was)
{
	static bool registered;
	unsigned int i;

	if (!registered && atexit(remove_tmps) == 0)
		registered = true;
	for (i = 0; i < OUTFILES_OPEN; i++)
		if (open_files[i] == was) {
			open_files[i] = o;
			return;
		}
	errx(1, "more than %d output files", OUTFILES_OPEN);
}

void outfile_open(struct outfile *o, const char *path)
{
	int fd;

	o->path = path;
	o->tmp = NULL;
	o->f = stdout;
	o->appending = false;
	if (!path)
		return;
	if (asprintf(&o->tmp, "%s.tmp.XXXXXX", path) < 0)
		err(1, "asprintf");
	fd = mkstemp(o->tmp);
	if (fd < 0) {
		warn("%s: cannot write here", path);
		free(o->tmp);
		o->tmp = NULL;
		exit(1);
	}
	track(o, NULL);
	o->f = fdopen(fd, "w");
	if (!o->f)
		err(1, "fdopen");
}

void outfile_close(struct outfile *o)
{
	mode_t mask;

	if (fflush(o->f) || ferror(o->f))
		err(1, "%s", o->path ? o->path : "stdout");
	if (!o->path)
		return;
	if (fsync(fileno(o->f)) < 0 || fclose(o->f))
		err(1, "%s", o->tmp ? o->tmp : o->path);
	o->f = NULL;
	if (!o->tmp)
		return;		/* appended in place */
	/* mkstemp made it 0600: give it the mode a plain create would */
	mask = umask(0);
	umask(mask);
	if (chmod(o->tmp, 0666 & ~mask) < 0)
		err(1, "chmod %s", o->tmp);
	if (rename(o->tmp, o->path) < 0)
		err(1, "rename %s to %s", o->tmp, o->path);
	free(o->tmp);
	o->tmp = NULL;
	track(NULL, o);
}

void outfile_discard(struct outfile *o)
{
	if (!o->path)
		return;
	if (o->f)
		fclose(o->f);
	o->f = NULL;
	if (o->tmp) {
		unlink(o->tmp);
		free(o->tmp);
		o->tmp = NULL;
		track(NULL, o);
	}
}
