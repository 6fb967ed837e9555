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

#include "statistics.h"
#include "summary.h"

#define LEVEL		0.95

/* Columns that must be equal in every row of one regime: its configuration. */
static const char *const config_cols[SUMMARY_NR_CONFIG] = {
	"wait", "waiters", "lock", "placement", "signaler_cpu", "waiter_cpus",
	"inject_init_gap_ns", "inject_pre_func_ns",
};

/* Columns the block needs; their index in the header once found. */
enum {
	C_VERSION, C_STRATEGY, C_WAIT, C_WAITERS, C_P50, C_P99, C_FAST, C_REMOVES,
	C_HZ1, C_HZ2, C_HZ3, C_HZ4, C_DISTURBED, C_C2C, C_NR
};

static const char *const need[C_NR] = {
	"version", "strategy", "wait", "waiters", "remove_ns_p50", "remove_ns_p99",
	"fastpath_pct", "removes", "hazard_prev_store", "hazard_func_call",
	"hazard_payload_read", "hazard_payload_write", "disturbed", "c2c_ns",
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

static int push_c2c(struct regime *r, double v)
{
	double *p = realloc(r->c2c, (r->nc2c + 1) * sizeof(double));

	if (!p)
		return -1;
	r->c2c = p;
	r->c2c[r->nc2c++] = v;
	return 0;
}

const char *summary_config_name(unsigned int i)
{
	return i < SUMMARY_NR_CONFIG ? config_cols[i] : NULL;
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
	else if (!strncmp(line, "# fencebench ", 13) && strstr(line, ", "))
		ascii_copy(s->date, sizeof(s->date), strstr(line, ", ") + 2);
}

int summary_read(const char *path, struct summary **out, char *err, size_t errlen)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	int ret;

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
	int col[C_NR], ccol[SUMMARY_NR_CONFIG], nf, header_nf = 0, ret = -2;
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
				if (k == nf && (i == C_DISTURBED || i == C_C2C)) {
					k = -1;	/* older CSVs: nothing flagged, no floor */
				} else if (k == nf) {
					snprintf(err, errlen, "%s: not a fencebench CSV (no column '%s')",
						 path, need[i]);
					goto bad;
				}
				col[i] = k;
			}
			for (i = 0; i < SUMMARY_NR_CONFIG; i++) {
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
			struct regime *r = NULL;
			char val[SUMMARY_NR_CONFIG][48];

			/* rows of different configurations go to different regimes */
			memset(val, 0, sizeof(val));
			for (i = 0; i < SUMMARY_NR_CONFIG; i++)
				ascii_copy(val[i], sizeof(val[i]), ccol[i] < 0 ? "" : field[ccol[i]]);
			for (i = 0; i < s->nr && !r; i++)
				if (!memcmp(val, s->r[i].config, sizeof(val)))
					r = &s->r[i];
			if (!r) {
				if (s->nr == SUMMARY_MAX_REGIMES) {
					snprintf(err, errlen, "%s:%lu: more than %d configurations", path,
						 lineno, SUMMARY_MAX_REGIMES);
					goto bad;
				}
				r = &s->r[s->nr++];
				memcpy(r->config, val, sizeof(val));
				ascii_copy(r->wait, sizeof(r->wait), field[col[C_WAIT]]);
				ascii_copy(r->waiters, sizeof(r->waiters), field[col[C_WAITERS]]);
				ascii_copy(r->placement, sizeof(r->placement), val[3]);
			}
			v[C_DISTURBED] = 0;
			v[C_C2C] = NAN;
			for (i = C_P50; i < C_NR; i++)
				if (col[i] >= 0 && (!number(field[col[i]], &v[i]) || v[i] < 0)) {
					snprintf(err, errlen, "%s:%lu: column %s: '%s' is not a number",
						 path, lineno, need[i], field[col[i]]);
					goto bad;
				}
			for (i = 0; i < r->nr; i++)
				if (!strcmp(r->s[i].name, field[col[C_STRATEGY]]))
					d = &r->s[i];
			if (!d) {
				if (r->nr == SUMMARY_MAX_STRATEGIES || !*field[col[C_STRATEGY]]) {
					snprintf(err, errlen, "%s:%lu: too many or empty strategy names",
						 path, lineno);
					goto bad;
				}
				d = &r->s[r->nr++];
				ascii_copy(d->name, sizeof(d->name), field[col[C_STRATEGY]]);
			}
			if (push(d, v[C_P50], v[C_P99], v[C_FAST],
				 v[C_HZ1] + v[C_HZ2] + v[C_HZ3] + v[C_HZ4], v[C_REMOVES]) ||
			    (!isnan(v[C_C2C]) && push_c2c(r, v[C_C2C]))) {
				snprintf(err, errlen, "out of memory");
				ret = -1;
				goto bad;
			}
			d->disturbed += v[C_DISTURBED] > 0;
			ascii_copy(s->version, sizeof(s->version), field[col[C_VERSION]]);
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
	for (i = 0; i < s->nr; i++)
		s->r[i].c2c_ns = s->r[i].nc2c ? stats_median(s->r[i].c2c, s->r[i].nc2c) : NAN;
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
	unsigned int i, k;

	if (!s)
		return;
	for (k = 0; k < s->nr; k++) {
		struct regime *r = &s->r[k];

		for (i = 0; i < r->nr; i++) {
			free(r->s[i].p50);
			free(r->s[i].p99);
			free(r->s[i].fast);
			free(r->s[i].hazards);
			free(r->s[i].removes);
		}
		free(r->c2c);
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

int summary_change(char *buf, size_t len, const struct strat_data *base,
		   const struct strat_data *d, struct compare *out)
{
	struct compare c;

	if (stats_welch(base->p50, base->n, d->p50, d->n, LEVEL, &c) < 0) {
		snprintf(buf, len, "n < 2");
		return -1;
	}
	if (!c.significant)
		snprintf(buf, len, "no difference");
	else
		snprintf(buf, len, "%+.1f%% +- %.1f%%", c.pct, c.pct_half);
	if (out)
		*out = c;
	return 0;
}

/* Wrap @text at 70 columns after @prefix. */
void summary_wrapped(FILE *f, const char *prefix, const char *text)
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

const struct strat_data *summary_find(const struct regime *r, const char *name)
{
	unsigned int i;

	for (i = 0; i < r->nr; i++)
		if (!strcmp(r->s[i].name, name))
			return &r->s[i];
	return NULL;
}

static void header(FILE *f, const struct summary *s, const char *tag)
{
	if (*s->machine)
		summary_wrapped(f, tag, s->machine);
	if (*s->command)
		summary_wrapped(f, "$ ", s->command);
}

void summary_print(FILE *f, const struct summary *a, const struct summary *b)
{
	const struct regime *ra = &a->r[0], *rb = b ? &b->r[0] : NULL;
	const struct strat_data *base = summary_find(ra, "locked");
	char c1[32], c2[32], c3[32];
	unsigned int i, disturbed = 0;

	if (!b) {
		header(f, a, "");
		fprintf(f, "fencebench %.40s, %s waiter(s), wait %s; mean of per-rep\n"
			"values with 95%% CI (Student's t); change vs locked by Welch's t\n\n",
			a->version, ra->waiters, ra->wait);
		fprintf(f, "%-19s %3s %12s %12s %15s %5s\n", "strategy", "n", "p50 ns",
			"p99 ns", "p50 vs locked", "fast%");
		for (i = 0; i < ra->nr; i++) {
			const struct strat_data *d = &ra->s[i];

			fmt_ci(c1, sizeof(c1), d->p50, d->n);
			fmt_ci(c2, sizeof(c2), d->p99, d->n);
			if (!base)
				snprintf(c3, sizeof(c3), "no locked rows");
			else if (d == base)
				snprintf(c3, sizeof(c3), "-");
			else
				summary_change(c3, sizeof(c3), base, d, NULL);
			fprintf(f, "%-19.19s %3zu %12s %12s %15s %5.1f\n", d->name, d->n, c1, c2, c3,
				sum(d->fast, d->n) / (double)d->n);
			disturbed += d->disturbed;
		}
		fputc('\n', f);
		for (i = 0; i < ra->nr; i++) {
			const struct strat_data *d = &ra->s[i];
			double hz = sum(d->hazards, d->n), rm = sum(d->removes, d->n);

			if (hz > 0)
				fprintf(f, "hazards %-19.19s %8.0f in %.3g removals (%.2f/M)\n",
					d->name, hz, rm, rm > 0 ? 1e6 * hz / rm : 0);
		}
		{
			char cov[512];
			size_t off = 0;

			for (i = 0; i < ra->nr && off + 64 < sizeof(cov); i++)
				if (ra->s[i].n > 1)
					off += (size_t)snprintf(cov + off, sizeof(cov) - off, "%s%s %.1f%%",
								off ? ", " : "", ra->s[i].name,
								100 * stats_cov(ra->s[i].p50, ra->s[i].n));
			if (off)
				summary_wrapped(f, "p50 CoV: ", cov);
		}
		if (*a->floor)
			summary_wrapped(f, "floor: ", a->floor);
		if (*a->timer)
			summary_wrapped(f, "timer: ", a->timer);
		if (disturbed)
			fprintf(f, "%u repetition(s) were disturbed by other load\n", disturbed);
		return;
	}

	header(f, a, "before: ");
	header(f, b, "after:  ");
	fprintf(f, "p50 of the removal, mean of per-rep values with 95%% CI;\n"
		"change by Welch's t at 95%%\n\n");
	fprintf(f, "%-19s %14s %14s %18s\n", "strategy", "before ns", "after ns", "change");
	for (i = 0; i < ra->nr; i++) {
		const struct strat_data *d = &ra->s[i], *e = summary_find(rb, d->name);

		if (!e)
			continue;
		fmt_ci(c1, sizeof(c1), d->p50, d->n);
		fmt_ci(c2, sizeof(c2), e->p50, e->n);
		summary_change(c3, sizeof(c3), d, e, NULL);
		fprintf(f, "%-19.19s %14s %14s %18s\n", d->name, c1, c2, c3);
	}
}
