// SPDX-License-Identifier: MIT
/*
 * outfile.c - output files replaced together when complete (outfile.h).
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "outfile.h"

/*
 * The file-scope state: exit() from anywhere must still remove the
 * temporaries, open or closed, and outfile_commit() renames the closed
 * ones all at once.  A closed temporary is handed over to ready[] (its
 * outfile may be freed before the commit).  A run has at most the CSV,
 * the histogram and the trace.
 */
#define OUTFILES_OPEN	4
static struct outfile *open_files[OUTFILES_OPEN];
static struct ready {
	char *tmp, *target;
} ready[OUTFILES_OPEN];

static void remove_tmps(void)
{
	unsigned int i;

	for (i = 0; i < OUTFILES_OPEN; i++) {
		if (open_files[i] && open_files[i]->tmp)
			unlink(open_files[i]->tmp);
		if (ready[i].tmp)
			unlink(ready[i].tmp);
	}
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

static bool is_stdout(const char *path)
{
	return !path || !strcmp(path, "-");
}

static const char *kind_refused(mode_t m)
{
	if (S_ISDIR(m))
		return "is a directory";
	if (S_ISBLK(m))
		return "is a block device: never written";
	if (S_ISSOCK(m))
		return "is a socket";
	if (!S_ISREG(m) && !S_ISCHR(m) && !S_ISFIFO(m))
		return "is not a file, a character device or a FIFO";
	return NULL;
}

/* A device or FIFO, written where it is: O_NONBLOCK so that a FIFO
 * without a reader fails at once instead of blocking for ever. */
static void open_in_place(struct outfile *o, const char *path)
{
	int fd = open(path, O_WRONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0 && errno == ENXIO)
		errx(1, "%s: a FIFO with no reader", path);
	if (fd < 0)
		err(1, "%s", path);
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) < 0)
		err(1, "%s", path);
	o->f = fdopen(fd, "w");
	if (!o->f)
		err(1, "fdopen");
}

/*
 * rename() onto an existing file in a sticky directory (/tmp) fails at the
 * end of the run unless we own the file or the directory, or are root:
 * say so now.
 */
static void check_replaceable(const char *target, const struct stat *st)
{
	char *copy = strdup(target);
	struct stat d;

	if (!copy)
		err(1, "strdup");
	if (stat(dirname(copy), &d) == 0 && (d.st_mode & S_ISVTX) && geteuid() != 0 &&
	    st->st_uid != geteuid() && d.st_uid != geteuid())
		errx(1, "%s: cannot be replaced: another user's file in a sticky directory",
		     target);
	free(copy);
}

/*
 * Sets o->target, o->mode and the owner; returns true when @path is a
 * device or FIFO to write in place.  Exit 2 for what is never written.
 */
static bool resolve(struct outfile *o, const char *path)
{
	struct stat st, lst;
	const char *why;
	mode_t mask;

	mask = umask(0);
	umask(mask);
	o->mode = 0666 & ~mask;
	o->keep_owner = false;
	if (lstat(path, &lst) < 0) {
		if (errno != ENOENT)
			err(1, "%s", path);
		o->target = strdup(path);
		if (!o->target)
			err(1, "strdup");
		return false;
	}
	if (stat(path, &st) < 0)
		errx(2, "%s: a symbolic link to nothing (%s)", path, strerror(errno));
	if ((why = kind_refused(st.st_mode)))
		errx(2, "%s %s", path, why);
	if (!S_ISREG(st.st_mode))
		return true;
	/* a link is followed: the file it names is replaced, the link stays */
	o->target = S_ISLNK(lst.st_mode) ? realpath(path, NULL) : strdup(path);
	if (!o->target)
		err(1, "%s", path);
	check_replaceable(o->target, &st);
	o->mode = st.st_mode & 07777;
	o->uid = st.st_uid;
	o->gid = st.st_gid;
	o->keep_owner = geteuid() == 0;
	return false;
}

static void open_tmp(struct outfile *o)
{
	int fd;

	if (asprintf(&o->tmp, "%s.tmp.XXXXXX", o->target) < 0)
		err(1, "asprintf");
	fd = mkstemp(o->tmp);
	if (fd < 0) {
		warn("%s: cannot write here", o->path);
		free(o->tmp);
		o->tmp = NULL;
		exit(1);
	}
	track(o, NULL);
	o->f = fdopen(fd, "w");
	if (!o->f)
		err(1, "fdopen");
}

static void init(struct outfile *o, const char *path)
{
	*o = (struct outfile){ .path = is_stdout(path) ? NULL : path, .f = stdout };
}

void outfile_open(struct outfile *o, const char *path)
{
	init(o, path);
	if (!o->path)
		return;
	if (resolve(o, path))
		open_in_place(o, path);
	else
		open_tmp(o);
}

/* The file's first line that is not a comment equals @header; a last line
 * without its newline would be an incomplete row. */
static void check_append(FILE *in, const char *path, const char *header, bool *has_header)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int c = '\n';

	while ((n = getline(&line, &cap, in)) > 0 && line[0] == '#')
		;
	if (n > 0 && strcmp(line, header))
		errx(2, "--append: %s has other columns than this version writes", path);
	*has_header = n > 0;
	if (fseek(in, -1, SEEK_END) == 0)
		c = fgetc(in);
	if (c != '\n')
		errx(2, "--append: %s does not end with a newline: its last row is incomplete",
		     path);
	free(line);
}

void outfile_open_append(struct outfile *o, const char *path, const char *header)
{
	char buf[65536];
	FILE *in;
	size_t n;

	init(o, path);
	if (!o->path || resolve(o, path)) {
		if (o->path)
			open_in_place(o, path);
		return;			/* a header follows, as for a new file */
	}
	in = fopen(o->target, "r");
	if (!in) {
		if (errno != ENOENT)
			err(1, "%s", path);
		open_tmp(o);		/* a new file */
		return;
	}
	check_append(in, path, header, &o->appending);
	open_tmp(o);
	/* the earlier rows, byte for byte: the file is replaced only on success */
	rewind(in);
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, o->f) != n)
			err(1, "%s", o->tmp);
	if (ferror(in))
		err(1, "%s", path);
	fclose(in);
}

void outfile_close(struct outfile *o)
{
	int fd;

	if (fflush(o->f) || ferror(o->f)) {
		/* standard output's reader went away (| head): SIGPIPE stopped
		 * the run, nothing more can reach it; the other outputs can */
		if (!o->path && errno == EPIPE)
			return;
		err(1, "%s", o->path ? o->path : "stdout");
	}
	if (!o->path)
		return;
	fd = fileno(o->f);
	if (o->tmp) {
		/* mkstemp made it 0600: the mode (and owner) of the file replaced */
		if (o->keep_owner && fchown(fd, o->uid, o->gid) < 0)
			warn("%s: cannot keep the owner", o->path);
		if (fchmod(fd, o->mode) < 0)
			err(1, "chmod %s", o->tmp);
		if (fsync(fd) < 0)
			err(1, "%s", o->tmp);
	}
	if (fclose(o->f))
		err(1, "%s", o->tmp ? o->tmp : o->path);
	o->f = NULL;
	if (o->tmp) {
		unsigned int i;

		for (i = 0; i < OUTFILES_OPEN && ready[i].tmp; i++)
			;
		if (i == OUTFILES_OPEN)
			errx(1, "more than %d output files", OUTFILES_OPEN);
		ready[i] = (struct ready){ o->tmp, o->target };
		o->tmp = NULL;
		o->target = NULL;
		track(NULL, o);
	}
}

void outfile_commit(void)
{
	unsigned int i;

	for (i = 0; i < OUTFILES_OPEN; i++) {
		struct ready *r = &ready[i];

		if (!r->tmp)
			continue;
		if (rename(r->tmp, r->target) < 0)
			err(1, "rename %s to %s", r->tmp, r->target);
		free(r->tmp);
		free(r->target);
		*r = (struct ready){ NULL, NULL };
	}
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
	free(o->target);
	o->target = NULL;
}

/* The file @path names, or will name: its identity, else its resolved path. */
struct identity {
	bool exists, null;		/* null: /dev/null, which any number may share */
	dev_t dev;
	ino_t ino;
	char *where;
};

static void identify(const char *path, struct identity *id)
{
	char *dir, *base, *rdir;
	struct stat st;

	*id = (struct identity){ 0 };
	if (is_stdout(path)) {
		/* standard output: its file when it has one, else itself */
		if (fstat(STDOUT_FILENO, &st) == 0)
			goto found;
		else
			id->where = strdup("-");
		return;
	}
	if (stat(path, &st) == 0)
		goto found;
	dir = strdup(path);
	base = strdup(path);
	if (!dir || !base)
		err(1, "strdup");
	rdir = realpath(dirname(dir), NULL);
	if (!rdir || asprintf(&id->where, "%s/%s", rdir, basename(base)) < 0)
		id->where = strdup(path);	/* a missing directory: open fails later */
	free(rdir);
	free(dir);
	free(base);
	return;
found:
	*id = (struct identity){ .exists = true, .dev = st.st_dev, .ino = st.st_ino,
				 .null = S_ISCHR(st.st_mode) && st.st_rdev == makedev(1, 3) };
}

static bool same(const struct identity *a, const struct identity *b)
{
	if (a->exists && b->exists)
		return a->dev == b->dev && a->ino == b->ino && !a->null;
	return !a->exists && !b->exists && a->where && b->where && !strcmp(a->where, b->where);
}

void outfile_distinct(const char *const *path, const char *const *name, const bool *used,
		      unsigned int n)
{
	struct identity id[OUTFILES_OPEN];
	unsigned int i, j;

	if (n > OUTFILES_OPEN)
		errx(1, "more than %d output files", OUTFILES_OPEN);
	for (i = 0; i < n; i++)
		if (used[i])
			identify(path[i], &id[i]);
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			if (used[i] && used[j] && same(&id[i], &id[j]))
				errx(2, "%s and %s name the same file (%s): one would be lost",
				     name[i], name[j], path[j] ? path[j] : "standard output");
	for (i = 0; i < n; i++)
		if (used[i])
			free(id[i].where);
}
