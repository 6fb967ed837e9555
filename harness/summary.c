// SPDX-License-Identifier: MIT
/*
 * summary.c - reads fencebench CSV and prints the mail-ready block of
 * summary.h.  Every line it prints is ASCII and at most 72 columns.
 */
#include <ctype.h>
#include <err.h>
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "statistics.h"
#include "summary.h"

#define MAX_STRATEGIES	16
#define LEVEL		0.95

struct strat_data {
	char name[32];
	size_t n, cap;
	double *p50, *p99, *fast, *hazards, *removes;
	unsigned int disturbed;
};

/* Columns that must be equal in every row: one run's configuration. */
static const char *const config_cols[] = {
	"wait", "waiters", "lock", "placement", "signaler_cpu", "waiter_cpus",
	"inject_init_gap_ns", "inject_pre_func_ns",
};
#define NR_CONFIG	(sizeof(config_cols) / sizeof(config_cols[0]))

struct summary {
	char config[NR_CONFIG][48];	/* the first row's values */
	char machine[256];
	char command[256];
	char floor[160];
	char timer[160];
	char version[64];
	char wait[32];
	char waiters[16];
	unsigned int nr;
	struct strat_data s[MAX_STRATEGIES];
};

/* Columns the block needs; their index in the header once found. */
enum {
	C_VERSION, C_STRATEGY, C_WAIT, C_WAITERS, C_P50, C_P99, C_FAST, C_REMOVES,
	C_HZ1, C_HZ2, C_HZ3, C_HZ4, C_DISTURBED, C_NR
};

static const char *const need[C_NR] = {
	"version", "strategy", "wait", "waiters", "remove_ns_p50", "remove_ns_p99",
	"fastpath_pct", "removes", "hazard_prev_store", "hazard_func_call",
	"hazard_payload_read", "hazard_payload_write", "disturbed",
};

static void ascii_copy(char *dst, size_t len, const char *src)
{
	size_t i;

	for (i = 0; src[i] && src[i] != '\n' && i + 1 < len; i++)
		dst[i] = isprint((unsigned char)src[i]) ? src[i] : '?';
	dst[i] = 0;
}

static int push(struct strat_data *d, double p50, double p99, double fast, double hz,
		double removes)
{
	if (d->n == d->cap) {
		size_t cap = d->cap ? 2 * d->cap : 8;
		double **arr[] = { &d->p50, &d->p99, &d->fast, &d->hazards, &d->removes };
		unsigned int i;

		for (i = 0; i < 5; i++) {
			double *p = realloc(*arr[i], cap * sizeof(double));

			if (!p)
				return -1;
			*arr[i] = p;
		}
		d->cap = cap;
	}
	d->p50[d->n] = p50;
	d->p99[d->n] = p99;
	d->fast[d->n] = fast;
	d->hazards[d->n] = hz;
	d->removes[d->n] = removes;
	d->n++;
	return 0;
}

static int split(char *line, char **field, int max)
{
	int n = 0;
	char *p = line;

	line[strcspn(line, "\r\n")] = 0;
	while (n < max) {
		field[n++] = p;
		p = strchr(p, ',');
		if (!p)
			break;
		*p++ = 0;
	}
	return p ? -1 : n;
}

static bool number(const char *s, double *v)
{
	char *end;

	errno = 0;
	*v = strtod(s, &end);
	return *s && !*end && errno != ERANGE && isfinite(*v);
}

static void meta_line(struct summary *s, const char *line)
{
	if (!strncmp(line, "# machine: ", 11))
		ascii_copy(s->machine, sizeof(s->machine), line + 11);
	else if (!strncmp(line, "# command: ", 11))
		ascii_copy(s->command, sizeof(s->command), line + 11);
	else if (!strncmp(line, "# floor: ", 9))
		ascii_copy(s->floor, sizeof(s->floor), line + 9);
	else if (!strncmp(line, "# timer: ", 9))
		ascii_copy(s->timer, sizeof(s->timer), line + 9);
}

int summary_read(const char *path, struct summary **out, char *err, size_t errlen)
{
	char csv[4096];
	struct stat st;
	FILE *f;
	int ret;

	/* an lkp-tests result directory: programs/fencebench/run left the CSV there */
	if (strcmp(path, "-") && !stat(path, &st) && S_ISDIR(st.st_mode)) {
		if ((size_t)snprintf(csv, sizeof(csv), "%s/fencebench.csv", path) >= sizeof(csv) ||
		    access(csv, F_OK)) {
			snprintf(err, errlen, "%s: a directory without fencebench.csv "
				 "(not an lkp-tests result of fencebench)", path);
			return -2;
		}
		path = csv;
	}
	f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	ret = summary_read_stream(f, path, out, err, errlen);
	if (f != stdin)
		fclose(f);
	return ret;
}

int summary_read_stream(FILE *f, const char *path, struct summary **out, char *err,
			size_t errlen)
{
	struct summary *s;
	char line[8192], *field[256];
	int col[C_NR], ccol[NR_CONFIG], nf, header_nf = 0, ret = -2;
	bool first_row = true;
	unsigned long lineno = 0;
	unsigned int i;

	s = calloc(1, sizeof(*s));
	if (!s) {
		snprintf(err, errlen, "out of memory");
		ret = -1;
		goto out;
	}
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		if (!strchr(line, '\n') && !feof(f)) {
			snprintf(err, errlen, "%s:%lu: line too long", path, lineno);
			goto bad;
		}
		if (line[0] == '#') {
			meta_line(s, line);
			continue;
		}
		if (line[0] == '\n' || line[0] == 0)
			continue;
		nf = split(line, field, 256);
		if (nf < 0) {
			snprintf(err, errlen, "%s:%lu: too many columns", path, lineno);
			goto bad;
		}
		if (!header_nf) {
			for (i = 0; i < C_NR; i++) {
				int k;

				for (k = 0; k < nf && strcmp(field[k], need[i]); k++)
					;
				if (k == nf && i == C_DISTURBED) {
					k = -1;	/* older CSVs: nothing was flagged */
				} else if (k == nf) {
					snprintf(err, errlen, "%s: not a fencebench CSV (no column '%s')",
						 path, need[i]);
					goto bad;
				}
				col[i] = k;
			}
			for (i = 0; i < NR_CONFIG; i++) {
				int k;

				for (k = 0; k < nf && strcmp(field[k], config_cols[i]); k++)
					;
				ccol[i] = k < nf ? k : -1;	/* older CSVs lack some */
			}
			header_nf = nf;
			continue;
		}
		if (nf != header_nf) {
			snprintf(err, errlen, "%s:%lu: %d columns, the header has %d", path, lineno,
				 nf, header_nf);
			goto bad;
		}
		{
			double v[C_NR];
			struct strat_data *d = NULL;

			/* several configurations (a sweep) would be averaged together */
			for (i = 0; i < NR_CONFIG; i++) {
				char val[48];

				if (ccol[i] < 0)
					continue;
				ascii_copy(val, sizeof(val), field[ccol[i]]);
				if (first_row) {
					memcpy(s->config[i], val, sizeof(val));
				} else if (strcmp(val, s->config[i])) {
					snprintf(err, errlen, "%s:%lu: %s is %s here but %s in the first row: "
						 "--report summarises one configuration", path, lineno,
						 config_cols[i], val, s->config[i]);
					goto bad;
				}
			}
			first_row = false;
			v[C_DISTURBED] = 0;
			for (i = C_P50; i < C_NR; i++)
				if (col[i] >= 0 && (!number(field[col[i]], &v[i]) || v[i] < 0)) {
					snprintf(err, errlen, "%s:%lu: column %s: '%s' is not a number",
						 path, lineno, need[i], field[col[i]]);
					goto bad;
				}
			for (i = 0; i < s->nr; i++)
				if (!strcmp(s->s[i].name, field[col[C_STRATEGY]]))
					d = &s->s[i];
			if (!d) {
				if (s->nr == MAX_STRATEGIES || !*field[col[C_STRATEGY]]) {
					snprintf(err, errlen, "%s:%lu: too many or empty strategy names",
						 path, lineno);
					goto bad;
				}
				d = &s->s[s->nr++];
				ascii_copy(d->name, sizeof(d->name), field[col[C_STRATEGY]]);
			}
			if (push(d, v[C_P50], v[C_P99], v[C_FAST],
				 v[C_HZ1] + v[C_HZ2] + v[C_HZ3] + v[C_HZ4], v[C_REMOVES])) {
				snprintf(err, errlen, "out of memory");
				ret = -1;
				goto bad;
			}
			d->disturbed += v[C_DISTURBED] > 0;
			ascii_copy(s->version, sizeof(s->version), field[col[C_VERSION]]);
			ascii_copy(s->wait, sizeof(s->wait), field[col[C_WAIT]]);
			ascii_copy(s->waiters, sizeof(s->waiters), field[col[C_WAITERS]]);
		}
	}
	if (ferror(f)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		ret = -1;
		goto bad;
	}
	if (!s->nr) {
		snprintf(err, errlen, "%s: no result rows", path);
		goto bad;
	}
	*out = s;
	ret = 0;
	goto out;
bad:
	summary_free(s);
out:
	return ret;
}

void summary_free(struct summary *s)
{
	unsigned int i;

	if (!s)
		return;
	for (i = 0; i < s->nr; i++) {
		free(s->s[i].p50);
		free(s->s[i].p99);
		free(s->s[i].fast);
		free(s->s[i].hazards);
		free(s->s[i].removes);
	}
	free(s);
}

static double sum(const double *x, size_t n)
{
	double t = 0;
	size_t i;

	for (i = 0; i < n; i++)
		t += x[i];
	return t;
}

/* "123.4 +- 5.6", or "123.4" when one repetition gives no interval. */
static void fmt_ci(char *buf, size_t len, const double *x, size_t n)
{
	struct ci ci;

	if (stats_mean_ci(x, n, LEVEL, &ci) == 0)
		snprintf(buf, len, "%.0f +- %.0f", ci.mean, ci.half);
	else
		snprintf(buf, len, "%.0f", n ? x[0] : 0.0);
}

static void fmt_compare(char *buf, size_t len, const double *base, size_t nb,
			const double *x, size_t nx)
{
	struct compare c;

	if (stats_welch(base, nb, x, nx, LEVEL, &c) < 0)
		snprintf(buf, len, "n < 2");
	else if (!c.significant)
		snprintf(buf, len, "no difference");
	else
		snprintf(buf, len, "%+.1f%% +- %.1f%%", c.pct, c.pct_half);
}

/* Wrap @text at 70 columns after @prefix. */
static void wrapped(FILE *f, const char *prefix, const char *text)
{
	size_t width = 72 - strlen(prefix), len = strlen(text);

	while (len > width) {
		size_t cut = width;

		while (cut > 0 && text[cut] != ' ')
			cut--;
		if (!cut)
			cut = width;
		fprintf(f, "%s%.*s\n", prefix, (int)cut, text);
		text += cut + (text[cut] == ' ');
		len = strlen(text);
		prefix = "  ";
		width = 70;
	}
	fprintf(f, "%s%s\n", prefix, text);
}

static const struct strat_data *find(const struct summary *s, const char *name)
{
	unsigned int i;

	for (i = 0; i < s->nr; i++)
		if (!strcmp(s->s[i].name, name))
			return &s->s[i];
	return NULL;
}

static void header(FILE *f, const struct summary *s, const char *tag)
{
	if (*s->machine)
		wrapped(f, tag, s->machine);
	if (*s->command)
		wrapped(f, "$ ", s->command);
}

void summary_print(FILE *f, const struct summary *a, const struct summary *b)
{
	const struct strat_data *base = find(a, "locked");
	char c1[32], c2[32], c3[32];
	unsigned int i, disturbed = 0;

	if (!b) {
		header(f, a, "");
		fprintf(f, "fencebench %.40s, %s waiter(s), wait %s; mean of per-rep\n"
			"values with 95%% CI (Student's t); change vs locked by Welch's t\n\n",
			a->version, a->waiters, a->wait);
		fprintf(f, "%-19s %3s %12s %12s %15s %5s\n", "strategy", "n", "p50 ns",
			"p99 ns", "p50 vs locked", "fast%");
		for (i = 0; i < a->nr; i++) {
			const struct strat_data *d = &a->s[i];

			fmt_ci(c1, sizeof(c1), d->p50, d->n);
			fmt_ci(c2, sizeof(c2), d->p99, d->n);
			if (!base)
				snprintf(c3, sizeof(c3), "no locked rows");
			else if (d == base)
				snprintf(c3, sizeof(c3), "-");
			else
				fmt_compare(c3, sizeof(c3), base->p50, base->n, d->p50, d->n);
			fprintf(f, "%-19.19s %3zu %12s %12s %15s %5.1f\n", d->name, d->n, c1, c2, c3,
				sum(d->fast, d->n) / (double)d->n);
			disturbed += d->disturbed;
		}
		fputc('\n', f);
		for (i = 0; i < a->nr; i++) {
			const struct strat_data *d = &a->s[i];
			double hz = sum(d->hazards, d->n), rm = sum(d->removes, d->n);

			if (hz > 0)
				fprintf(f, "hazards %-19.19s %8.0f in %.3g removals (%.2f/M)\n",
					d->name, hz, rm, rm > 0 ? 1e6 * hz / rm : 0);
		}
		{
			char cov[512];
			size_t off = 0;

			for (i = 0; i < a->nr && off + 64 < sizeof(cov); i++)
				if (a->s[i].n > 1)
					off += (size_t)snprintf(cov + off, sizeof(cov) - off, "%s%s %.1f%%",
								off ? ", " : "", a->s[i].name,
								100 * stats_cov(a->s[i].p50, a->s[i].n));
			if (off)
				wrapped(f, "p50 CoV: ", cov);
		}
		if (*a->floor)
			wrapped(f, "floor: ", a->floor);
		if (*a->timer)
			wrapped(f, "timer: ", a->timer);
		if (disturbed)
			fprintf(f, "%u repetition(s) were disturbed by other load\n", disturbed);
		return;
	}

	header(f, a, "before: ");
	header(f, b, "after:  ");
	fprintf(f, "p50 of the removal, mean of per-rep values with 95%% CI;\n"
		"change by Welch's t at 95%%\n\n");
	fprintf(f, "%-19s %14s %14s %18s\n", "strategy", "before ns", "after ns", "change");
	for (i = 0; i < a->nr; i++) {
		const struct strat_data *d = &a->s[i], *e = find(b, d->name);

		if (!e)
			continue;
		fmt_ci(c1, sizeof(c1), d->p50, d->n);
		fmt_ci(c2, sizeof(c2), e->p50, e->n);
		fmt_compare(c3, sizeof(c3), d->p50, d->n, e->p50, e->n);
		fprintf(f, "%-19.19s %14s %14s %18s\n", d->name, c1, c2, c3);
	}
}

int summary_report(char **files, unsigned int n)
{
	struct summary *s[2] = { NULL, NULL };
	char errbuf[512];
	unsigned int i;
	int ret;

	for (i = 0; i < (n ? n : 1); i++) {
		ret = summary_read(n ? files[i] : "-", &s[i], errbuf, sizeof(errbuf));
		if (ret < 0) {
			warnx("%s", errbuf);
			return ret == -2 ? 2 : 1;
		}
	}
	summary_print(stdout, s[0], s[1]);
	summary_free(s[0]);
	summary_free(s[1]);
	if (fflush(stdout) || ferror(stdout))
		err(1, "stdout");
	return 0;
}
