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

#include "../floor.h"
#include "inference.h"
#include "summary.h"
#include "table.h"

#define MAX_STRATEGIES	16
#define LEVEL		0.95

/* A growing list of per-repetition values. */
struct series {
	size_t n, cap;
	double *x;
};

/*
 * Per strategy, one value per row.  Latencies come from timed rows only;
 * the round's cost from rows without a timer (--timing none) is kept apart
 * from the timed rows', which include the timer's own cost.  _NORM: the
 * same divided by that row's line transfer (c2c_ns).
 */
enum {
	V_P50, V_P99, V_MEAN_NET, V_ROUND_UNTIMED, V_ROUND_TIMED, V_P50_NORM,
	V_ROUND_UNTIMED_NORM, V_ROUND_TIMED_NORM, V_FAST, V_HAZARDS, V_REMOVES, V_NR
};

struct strat_data {
	char name[32];
	struct series v[V_NR];
	unsigned int disturbed;
};

/* The floor a run stood on, one value per row, and each value's spread. */
enum { F_C2C, F_LOCK, F_TIMER, F_NR };

static const char *const floor_name[F_NR] = { "line transfer", "lock+unlock", "timer" };

/*
 * Columns that are equal in every row of one regime: its configuration.  The
 * lock only within an engine: the model's lock beside the kernel's is the
 * point of a mixed user/kernel CSV, whose kernel rows are strategies of
 * their own, "kernel/NAME", each compared with "kernel/locked".
 */
static const char *const config_cols[] = {
	"wait", "waiters", "placement", "signaler_cpu", "waiter_cpus",
	"inject_init_gap_ns", "inject_pre_func_ns", "inject_irq_delay_ns", "lock_placement", "lock",
};
#define NR_CONFIG	(sizeof(config_cols) / sizeof(config_cols[0]))
#define CONFIG_PER_ENGINE (NR_CONFIG - 2)	/* lock_placement and lock */
#define KERNEL_PREFIX	"kernel/"

struct summary {
	char config[NR_CONFIG][48];	/* the first row's values */
	char kernel_config[NR_CONFIG][48]; /* the first kernel row's lock and placement */
	char machine[256];
	char command[256];
	char floor[160];
	char timer[160];
	char version[64];
	char wait[32];
	char waiters[16];
	char date[32];
	unsigned int nr;
	struct strat_data s[MAX_STRATEGIES];
	struct series floors[F_NR], floors_sd[F_NR];
	/*
	 * Its floor group: the repetitions of one configuration whose line
	 * transfer is not apart (floor_apart()) from @floor_anchor, the first
	 * one's.  @floor_lo..@floor_hi: every floor measured, before and after.
	 */
	double floor_anchor, floor_lo, floor_hi;
	bool per_rep_floor;		/* the CSV has c2c_after_ns: a floor per repetition */
	double resolution_ns;		/* the timer's step ('# timer:'), 0: unknown */
	unsigned int moved;		/* the file's repetitions whose floor moved: left out */
	unsigned int floor_group;	/* 0, 1...: among the regimes of its configuration */
	struct summary *next;		/* the file's next regime (configuration, floor) */
};

/*
 * Columns the block needs; their index in the header once found.  From
 * C_DISTURBED on they are optional (older CSVs lack them), and from C_P50
 * on a field may be empty: not measured (--timing none, or no floor).
 */
enum {
	C_VERSION, C_STRATEGY, C_WAIT, C_WAITERS, C_P50, C_P99, C_FAST, C_REMOVES,
	C_HZ1, C_HZ2, C_HZ3, C_HZ4, C_DISTURBED, C_TIMING, C_ROUND, C_MEAN_NET, C_C2C,
	C_LOCK, C_TIMER, C_C2C_SD, C_LOCK_SD, C_TIMER_SD, C_ENGINE, C_C2C_AFTER, C_MOVED, C_NR
};

static const char *const need[C_NR] = {
	"version", "strategy", "wait", "waiters", "remove_ns_p50", "remove_ns_p99",
	"fastpath_pct", "removes", "hazard_prev_store", "hazard_func_call",
	"hazard_payload_read", "hazard_payload_write", "disturbed", "timing", "round_ns",
	"remove_net_ns_tmean", "c2c_ns", "lock_uncontended_ns", "timer_overhead_ns",
	"c2c_sd_ns", "lock_uncontended_sd_ns", "timer_overhead_sd_ns", "engine",
	"c2c_after_ns", "floor_moved",
};

static void ascii_copy(char *dst, size_t len, const char *src)
{
	size_t i;

	for (i = 0; src[i] && src[i] != '\n' && i + 1 < len; i++)
		dst[i] = isprint((unsigned char)src[i]) ? src[i] : '?';
	dst[i] = 0;
}

/* Appends @x unless it is NaN (not measured). */
static int push(struct series *v, double x)
{
	if (isnan(x))
		return 0;
	if (v->n == v->cap) {
		size_t cap = v->cap ? 2 * v->cap : 8;
		double *p = realloc(v->x, cap * sizeof(double));

		if (!p)
			return -1;
		v->x = p;
		v->cap = cap;
	}
	v->x[v->n++] = x;
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
	else if (!strncmp(line, "# timer: ", 9)) {
		ascii_copy(s->timer, sizeof(s->timer), line + 9);
		/* the timer's step: what a per-repetition percentile is a multiple of */
		if (strstr(line, ", resolution "))
			s->resolution_ns = strtod(strstr(line, ", resolution ") + 13, NULL);
		if (!(s->resolution_ns >= 0 && s->resolution_ns < 1e6))
			s->resolution_ns = 0;
	} else if (!strncmp(line, "# fencebench ", 13) && strstr(line, ", "))
		ascii_copy(s->date, sizeof(s->date), strstr(line, ", ") + 2);
}

static bool same_config(const struct summary *a, const struct summary *b)
{
	return !memcmp(a->config, b->config, sizeof(a->config));
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
		    stat(csv, &st)) {
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
	struct summary *h, *s;
	char line[8192], *field[256];
	int col[C_NR], ccol[NR_CONFIG], nf, header_nf = 0, ret = -2;
	bool first_row = true;
	unsigned long lineno = 0;
	unsigned int i, nregimes = 1;

	h = s = calloc(1, sizeof(*s));
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
			meta_line(h, line);
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
				if (k == nf && i >= C_DISTURBED) {
					k = -1;	/* older CSVs: not measured */
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
			bool untimed = col[C_TIMING] >= 0 && !strcmp(field[col[C_TIMING]], "none");
			bool kernel = col[C_ENGINE] >= 0 && !strcmp(field[col[C_ENGINE]], "kernel");
			char name[sizeof(d->name)];
			int bad = 0;
			double c2c = col[C_C2C] >= 0 && *field[col[C_C2C]] ?
				     strtod(field[col[C_C2C]], NULL) : NAN;

			/* its floor moved under it: it stood on no one floor */
			if (col[C_MOVED] >= 0 && !strcmp(field[col[C_MOVED]], "1")) {
				h->moved++;
				continue;
			}
			/*
			 * Rows of another configuration, or of this one on a floor
			 * of another regime, go to that regime's summary.
			 * Its key: the columns both engines share, and for the model's
			 * rows its lock; a kernel row joins the regime with the same
			 * shared columns, its own lock checked within the engine.
			 */
			{
				char val[NR_CONFIG][48];
				const size_t shared = CONFIG_PER_ENGINE * sizeof(val[0]);
				const size_t own = sizeof(val) - shared;

				memset(val, 0, sizeof(val));
				for (i = 0; i < NR_CONFIG; i++)
					if (ccol[i] >= 0)
						ascii_copy(val[i], sizeof(val[i]), field[ccol[i]]);
				if (first_row) {
					memcpy(h->config, val, shared);
					h->floor_anchor = c2c;
				}
				for (s = h; s; s = s->next) {
					if (memcmp(val, s->config, shared) ||
					    floor_apart(s->floor_anchor, c2c, h->resolution_ns))
						continue;
					if (kernel)
						break;
					if (!s->config[CONFIG_PER_ENGINE][0] &&
					    !s->config[CONFIG_PER_ENGINE + 1][0]) {
						memcpy(s->config[CONFIG_PER_ENGINE], val[CONFIG_PER_ENGINE], own);
						break;
					}
					if (!memcmp(val[CONFIG_PER_ENGINE], s->config[CONFIG_PER_ENGINE], own))
						break;
				}
				if (!s) {
					if (nregimes == SUMMARY_MAX_REGIMES) {
						snprintf(err, errlen, "%s:%lu: more than %d configurations",
							 path, lineno, SUMMARY_MAX_REGIMES);
						goto bad;
					}
					s = calloc(1, sizeof(*s));
					if (!s) {
						snprintf(err, errlen, "out of memory");
						ret = -1;
						goto bad;
					}
					memcpy(s->config, val, kernel ? shared : sizeof(val));
					s->floor_anchor = c2c;
					s->next = h->next;	/* kept in order below */
					h->next = s;
					nregimes++;
				}
				for (i = CONFIG_PER_ENGINE; kernel && i < NR_CONFIG; i++) {
					if (ccol[i] < 0)
						continue;
					if (!*s->kernel_config[i]) {
						memcpy(s->kernel_config[i], val[i], sizeof(val[i]));
					} else if (strcmp(val[i], s->kernel_config[i])) {
						snprintf(err, errlen, "%s:%lu: %s is %s here but %s in the first "
							 "kernel row: --report summarises one configuration",
							 path, lineno, config_cols[i], val[i],
							 s->kernel_config[i]);
						goto bad;
					}
				}
			}
			first_row = false;
			snprintf(name, sizeof(name), "%s%s", kernel ? KERNEL_PREFIX : "",
				 field[col[C_STRATEGY]]);
			for (i = C_P50; i < C_NR; i++) {
				v[i] = NAN;
				if (i == C_TIMING || i == C_ENGINE || col[i] < 0 || !*field[col[i]])
					continue;
				if (!number(field[col[i]], &v[i]) || v[i] < 0) {
					snprintf(err, errlen, "%s:%lu: column %s: '%s' is not a number",
						 path, lineno, need[i], field[col[i]]);
					goto bad;
				}
			}
			for (i = 0; i < s->nr; i++)
				if (!strcmp(s->s[i].name, name))
					d = &s->s[i];
			if (!d) {
				if (s->nr == MAX_STRATEGIES || !*field[col[C_STRATEGY]]) {
					snprintf(err, errlen, "%s:%lu: too many or empty strategy names",
						 path, lineno);
					goto bad;
				}
				d = &s->s[s->nr++];
				ascii_copy(d->name, sizeof(d->name), name);
			}
			bad |= push(&d->v[V_P50], v[C_P50]);
			bad |= push(&d->v[V_P99], v[C_P99]);
			bad |= push(&d->v[V_MEAN_NET], v[C_MEAN_NET]);
			bad |= push(&d->v[untimed ? V_ROUND_UNTIMED : V_ROUND_TIMED], v[C_ROUND]);
			if (v[C_C2C] > 0) {
				bad |= push(&d->v[V_P50_NORM], v[C_P50] / v[C_C2C]);
				bad |= push(&d->v[untimed ? V_ROUND_UNTIMED_NORM : V_ROUND_TIMED_NORM],
					    v[C_ROUND] / v[C_C2C]);
			}
			bad |= push(&d->v[V_FAST], v[C_FAST]);
			bad |= push(&d->v[V_HAZARDS], v[C_HZ1] + v[C_HZ2] + v[C_HZ3] + v[C_HZ4]);
			bad |= push(&d->v[V_REMOVES], v[C_REMOVES]);
			for (i = 0; i < F_NR; i++) {
				bad |= push(&s->floors[i], v[C_C2C + i]);
				bad |= push(&s->floors_sd[i], v[C_C2C_SD + i]);
			}
			for (i = C_C2C; i <= C_C2C_AFTER; i += C_C2C_AFTER - C_C2C) {
				if (isnan(v[i]))
					continue;
				s->floor_lo = s->floor_lo > 0 ? fmin(s->floor_lo, v[i]) : v[i];
				s->floor_hi = fmax(s->floor_hi, v[i]);
			}
			s->per_rep_floor = col[C_C2C_AFTER] >= 0;
			if (bad) {
				snprintf(err, errlen, "out of memory");
				ret = -1;
				goto bad;
			}
			d->disturbed += !isnan(v[C_DISTURBED]) && v[C_DISTURBED] > 0;
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
	if (!h->nr) {
		snprintf(err, errlen, "%s: no result rows", path);
		goto bad;
	}
	/* the regimes in the order the CSV first shows them; the file's facts in each */
	{
		struct summary *rev = NULL, *n;

		for (s = h->next; s; s = n) {
			n = s->next;
			s->next = rev;
			rev = s;
		}
		h->next = rev;
	}
	for (s = h; s; s = s->next) {
		const struct summary *e;

		for (e = h; e != s; e = e->next)
			s->floor_group += same_config(e, s);
	}
	for (s = h->next; s; s = s->next) {
		s->resolution_ns = h->resolution_ns;
		memcpy(s->machine, h->machine, sizeof(s->machine));
		memcpy(s->command, h->command, sizeof(s->command));
		memcpy(s->floor, h->floor, sizeof(s->floor));
		memcpy(s->timer, h->timer, sizeof(s->timer));
		memcpy(s->date, h->date, sizeof(s->date));
	}
	*out = h;
	ret = 0;
	goto out;
bad:
	summary_free(h);
out:
	return ret;
}

void summary_free(struct summary *s)
{
	unsigned int i, k;

	if (!s)
		return;
	summary_free(s->next);
	for (i = 0; i < s->nr; i++)
		for (k = 0; k < V_NR; k++)
			free(s->s[i].v[k].x);
	for (k = 0; k < F_NR; k++) {
		free(s->floors[k].x);
		free(s->floors_sd[k].x);
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

static double mean_of(const struct series *v)
{
	return v->n ? sum(v->x, v->n) / (double)v->n : NAN;
}

/*
 * The step series @k's values are multiples of: the timer's resolution for
 * a percentile (as a fraction of the line transfer when normalised), plus
 * the 0.1 that two values the CSV prints with one decimal may differ by
 * from rounding alone, which is all for a series that resolves below the
 * timer's step (mean net, round cost).
 */
static double quantum(const struct summary *s, unsigned int k)
{
	double c2c = summary_c2c_ns(s), res = fmax(s->resolution_ns, 0);

	if (k == V_P50 || k == V_P99)
		return res + 0.1;
	if (k == V_P50_NORM)
		return c2c > 0 ? (res + 0.1) / c2c : 0;
	return k == V_ROUND_UNTIMED_NORM || k == V_ROUND_TIMED_NORM ? 0 : 0.1;
}

/*
 * Below this a mean net latency is the timer's noise, not a measurement:
 * the timer's own spread (sd per reading pair), else its step.
 */
static double timer_bound(const struct summary *s)
{
	const struct series *sd = &s->floors_sd[F_TIMER];

	return sd->n ? mean_of(sd) : s->resolution_ns;
}

/* Series @k of a strategy within the timer's spread: printed as a bound only. */
static bool below_timer(const struct summary *s, const struct series *v, unsigned int k)
{
	return k == V_MEAN_NET && v->n && mean_of(v) < fmax(timer_bound(s), 0.05);
}

/*
 * "123 +- 6" (one decimal with @dec), or the one value without an interval;
 * the interval no narrower than half the values' step @q; "< 5" within the
 * timer's spread.
 */
static void fmt_ci(char *buf, size_t len, const struct summary *s, const struct series *v,
		   unsigned int k, int dec)
{
	struct ci ci;

	if (below_timer(s, v, k))
		snprintf(buf, len, "< %.0f", ceil(fmax(timer_bound(s), 1)));
	else if (stats_mean_ci(v->x, v->n, LEVEL, &ci) == 0)
		snprintf(buf, len, "%.*f +- %.*f", dec, ci.mean, dec, fmax(ci.half, quantum(s, k) / 2));
	else if (v->n)
		snprintf(buf, len, "%.*f", dec, v->x[0]);
	else
		snprintf(buf, len, "-");
}

/*
 * Welch's t of @x (in @sx) against @base (in @sa), series kind @k, its
 * interval no narrower than the values' step: 0, or -1 when n < 2.
 */
static int compare(const struct summary *sa, const struct series *base, const struct summary *sx,
		   const struct series *x, unsigned int k, struct compare *c)
{
	if (stats_welch(base->x, base->n, x->x, x->n, LEVEL, c) < 0)
		return -1;
	stats_compare_step(c, fmax(quantum(sa, k), quantum(sx, k)), mean_of(base));
	return 0;
}

/*
 * The one verdict: the change with its interval, or "no difference" with
 * the smallest change the run could have seen; no percentage from a value
 * within the timer's spread.
 */
static void fmt_compare(char *buf, size_t len, const struct summary *sa, const struct series *base,
			const struct summary *sx, const struct series *x, unsigned int k,
			bool compact)
{
	struct compare c;

	if (below_timer(sa, base, k) || below_timer(sx, x, k))
		snprintf(buf, len, "below timer");
	else if (compare(sa, base, sx, x, k, &c) < 0)
		snprintf(buf, len, "n < 2");
	else if (!c.significant)
		snprintf(buf, len, compact ? "same +- %.0f%%" : "no difference +- %.1f%%", c.pct_half);
	else if (compact)
		snprintf(buf, len, "%+.0f%% +- %.0f%%", c.pct, c.pct_half);
	else
		snprintf(buf, len, "%+.1f%% +- %.1f%%", c.pct, c.pct_half);
}

/* Column @col of @row: series @k of @d with @dec decimals, fewer when cramped. */
static void cell_ci(struct table *t, int row, unsigned int col, const struct summary *s,
		    const struct strat_data *d, unsigned int k, int dec)
{
	char full[TABLE_CELL], compact[TABLE_CELL];

	fmt_ci(full, sizeof(full), s, &d->v[k], k, dec);
	fmt_ci(compact, sizeof(compact), s, &d->v[k], k, dec > 1 ? 1 : 0);
	table_cell(t, row, col, full, compact);
}

/* Column @col of @row: series @kx of @x against @kb of @base, by Welch's t. */
static void cell_compare(struct table *t, int row, unsigned int col, const struct summary *sb,
			 const struct strat_data *base, unsigned int kb, const struct summary *sx,
			 const struct strat_data *x, unsigned int kx)
{
	char full[TABLE_CELL], compact[TABLE_CELL];

	fmt_compare(full, sizeof(full), sb, &base->v[kb], sx, &x->v[kx], kx, false);
	fmt_compare(compact, sizeof(compact), sb, &base->v[kb], sx, &x->v[kx], kx, true);
	table_cell(t, row, col, full, compact);
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

static const struct strat_data *find(const struct summary *s, const char *name)
{
	unsigned int i;

	for (i = 0; i < s->nr; i++)
		if (!strcmp(s->s[i].name, name))
			return &s->s[i];
	return NULL;
}

/* What @d is compared with: locked of the same engine. */
static const struct strat_data *base_of(const struct summary *s, const struct strat_data *d)
{
	return find(s, strncmp(d->name, KERNEL_PREFIX, strlen(KERNEL_PREFIX)) ? "locked" :
		       KERNEL_PREFIX "locked");
}

static void header(FILE *f, const struct summary *s, const char *tag)
{
	if (*s->machine)
		summary_wrapped(f, tag, s->machine);
	if (*s->command)
		summary_wrapped(f, "$ ", s->command);
}

/* The round's cost from untimed rows when the run has them, else timed. */
static unsigned int round_series(const struct summary *s, bool norm)
{
	unsigned int i;

	for (i = 0; i < s->nr; i++)
		if (s->s[i].v[V_ROUND_UNTIMED].n)
			return norm ? V_ROUND_UNTIMED_NORM : V_ROUND_UNTIMED;
	return norm ? V_ROUND_TIMED_NORM : V_ROUND_TIMED;
}

static const char *round_source(unsigned int v)
{
	return v == V_ROUND_UNTIMED || v == V_ROUND_UNTIMED_NORM ?
	       "the untimed runs (--timing none)" :
	       "timed runs (the timer's cost included)";
}

/* Each strategy's mean net latency and round cost, and their change vs locked. */
static void print_round_table(FILE *f, const struct summary *a)
{
	static const char *const head[] = { "strategy", "mean net ns", "vs locked", "round ns",
					    "vs locked" };
	unsigned int i, rv = round_series(a, false);
	struct table t;
	bool any = false;

	for (i = 0; i < a->nr; i++)
		any |= a->s[i].v[V_MEAN_NET].n || a->s[i].v[rv].n;
	if (!any)
		return;
	fprintf(f, "\nmean net: mean of the fastest 99%% of removals less the timer's\n"
		"mean cost (resolves below the counter's step); round: run\n"
		"duration / rounds, from %s\n\n", round_source(rv));
	table_init(&t, 5, head);
	for (i = 0; i < a->nr; i++) {
		const struct strat_data *d = &a->s[i], *base = base_of(a, d);
		int row = table_row(&t, d->name);

		cell_ci(&t, row, 1, a, d, V_MEAN_NET, 1);
		cell_ci(&t, row, 3, a, d, rv, 0);
		if (!base || d == base) {
			table_cell(&t, row, 2, base ? "-" : "no locked rows", NULL);
			table_cell(&t, row, 4, base ? "-" : "no locked rows", NULL);
		} else {
			cell_compare(&t, row, 2, a, base, V_MEAN_NET, a, d, V_MEAN_NET);
			cell_compare(&t, row, 4, a, base, rv, a, d, rv);
		}
	}
	table_print(f, &t);
}

/* Mean and spread of one floor figure over a run's rows. */
static void floor_of(const struct summary *s, unsigned int k, double *mean, double *spread)
{
	const struct series *v = &s->floors[k], *sd = &s->floors_sd[k];
	double row_sd = 0;
	size_t i;

	*mean = v->n ? sum(v->x, v->n) / (double)v->n : NAN;
	for (i = 0; i < v->n; i++)
		row_sd += (v->x[i] - *mean) * (v->x[i] - *mean);
	row_sd = v->n > 1 ? sqrt(row_sd / (double)(v->n - 1)) : 0;
	*spread = sd->n ? sum(sd->x, sd->n) / (double)sd->n : 0;
	if (row_sd > *spread)
		*spread = row_sd;
}

/*
 * Did the two runs stand on the same floor?  Each figure differs when the
 * gap exceeds both spreads added and 5% of the larger value (the 5% keeps
 * CSVs without spread columns, and rounding, from crying wolf).  Prints the
 * warning and returns true when any figure (or the machine) differs.
 */
static bool floor_warning(FILE *f, const struct summary *a, const struct summary *b)
{
	bool differ = false, machine = *a->machine && *b->machine &&
				       strcmp(a->machine, b->machine);
	char line[F_NR][96];
	unsigned int k;

	for (k = 0; k < F_NR; k++) {
		double ma, sa, mb, sb;

		line[k][0] = 0;
		floor_of(a, k, &ma, &sa);
		floor_of(b, k, &mb, &sb);
		if (isnan(ma) || isnan(mb))
			continue;
		if (fabs(ma - mb) > sa + sb && fabs(ma - mb) > 0.05 * fmax(ma, mb)) {
			differ = true;
			snprintf(line[k], sizeof(line[k]), "  %-13s %6.1f +- %.1f ns before, "
				 "%6.1f +- %.1f ns after", floor_name[k], ma, sa, mb, sb);
		}
	}
	if (!differ && !machine)
		return false;
	if (differ)
		fprintf(f, "WARNING: the two runs stand on different floors (mean +- spread\n"
			"of the floor's own samples); a change below may be the machine's,\n"
			"not the code's:\n");
	for (k = 0; k < F_NR; k++)
		if (line[k][0])
			summary_wrapped(f, "  ", line[k] + 2);
	if (machine)
		fprintf(f, "%s runs come from different machines (see above).\n",
			differ ? "The two" : "NOTE: the two");
	if (differ)
		fprintf(f, "The tables after the first compare values divided by each\n"
			"run's line transfer (floor-normalised).\n");
	fputc('\n', f);
	return differ;
}

/* One before/after table of series @va (before) and @vb (after); @dec decimals. */
static void print_change(FILE *f, const struct summary *a, const struct summary *b,
			 unsigned int va, unsigned int vb, int dec, bool ns)
{
	const char *const head[] = { "strategy", ns ? "before ns" : "before",
				     ns ? "after ns" : "after", "change" };
	struct table t;
	unsigned int i;

	table_init(&t, 4, head);
	for (i = 0; i < a->nr; i++) {
		const struct strat_data *d = &a->s[i], *e = find(b, d->name);
		int row;

		if (!e || (!d->v[va].n && !e->v[vb].n))
			continue;
		row = table_row(&t, d->name);
		cell_ci(&t, row, 1, a, d, va, dec);
		cell_ci(&t, row, 2, b, e, vb, dec);
		cell_compare(&t, row, 3, a, d, va, b, e, vb);
	}
	table_print(f, &t);
}

/* "PREFIX: strategy 1.2%, ..." over the repetitions of series @v. */
static void print_cov(FILE *f, const struct summary *a, const char *prefix, unsigned int v)
{
	char cov[512];
	size_t off = 0;
	unsigned int i;

	for (i = 0; i < a->nr && off + 64 < sizeof(cov); i++)
		if (a->s[i].v[v].n > 1)
			off += (size_t)snprintf(cov + off, sizeof(cov) - off, "%s%s %.1f%%",
						off ? ", " : "", a->s[i].name,
						100 * stats_cov(a->s[i].v[v].x, a->s[i].v[v].n));
	if (off)
		summary_wrapped(f, prefix, cov);
}

/* The single run's main table: p50, p99, change of p50 vs locked, fast path. */
static void print_p50_table(FILE *f, const struct summary *a)
{
	static const char *const head[] = { "strategy", "n", "p50 ns", "p99 ns", "p50 vs locked",
					    "fast%" };
	struct table t;
	char buf[TABLE_CELL];
	unsigned int i;

	table_init(&t, 6, head);
	for (i = 0; i < a->nr; i++) {
		const struct strat_data *d = &a->s[i], *base = base_of(a, d);
		const struct series *fast = &d->v[V_FAST];
		int row = table_row(&t, d->name);

		snprintf(buf, sizeof(buf), "%zu", d->v[V_P50].n);
		table_cell(&t, row, 1, buf, NULL);
		cell_ci(&t, row, 2, a, d, V_P50, 0);
		cell_ci(&t, row, 3, a, d, V_P99, 0);
		if (!base || d == base)
			table_cell(&t, row, 4, base ? "-" : "no locked rows", NULL);
		else
			cell_compare(&t, row, 4, a, base, V_P50, a, d, V_P50);
		snprintf(buf, sizeof(buf), "%.1f", fast->n ? sum(fast->x, fast->n) / (double)fast->n : 0);
		table_cell(&t, row, 5, buf, NULL);
	}
	table_print(f, &t);
}

/*
 * The floor a summary stands on: the mean line transfer of its rows and the
 * range measured before and after each, or the one measurement of a CSV
 * from before the floor was measured per repetition.
 */
static void floor_line(FILE *f, const char *prefix, const struct summary *s)
{
	char line[256];
	double c2c = summary_c2c_ns(s), lock = mean_of(&s->floors[F_LOCK]);

	if (isnan(c2c)) {	/* the kernel engine: no line transfer */
		if (*s->floor)
			summary_wrapped(f, prefix, s->floor);
		return;
	}
	if (s->per_rep_floor)
		snprintf(line, sizeof(line), "one-way line transfer %.1f ns, mean over the %zu runs "
			 "summarised (%.1f to %.1f ns before and after each); lock+unlock %.1f ns",
			 c2c, s->floors[F_C2C].n, s->floor_lo, s->floor_hi, lock);
	else
		snprintf(line, sizeof(line), "one-way line transfer %.1f ns, measured once before "
			 "the first repetition; lock+unlock %.1f ns", c2c, lock);
	summary_wrapped(f, prefix, line);
}

/* The regimes of @s's configuration on other floors, @s's own included. */
static unsigned int floor_groups(const struct summary *s)
{
	const struct summary *r;
	unsigned int n = 0;

	for (r = s; r; r = r->next)
		n += same_config(r, s);
	return n;
}

/* One line naming every floor group of @a's configuration. */
static void groups_line(FILE *f, const char *prefix, const struct summary *a)
{
	char line[512];
	size_t off;
	const struct summary *r;

	off = (size_t)snprintf(line, sizeof(line), "the repetitions stood on floors in %u regimes "
			       "(more than 2x apart), never pooled:", floor_groups(a));
	for (r = a; r && off < sizeof(line); r = r->next)
		if (same_config(r, a))
			off += (size_t)snprintf(line + off, sizeof(line) - off, "%s line transfer "
						"%.1f ns in %zu runs", r == a ? "" : ",",
						summary_c2c_ns(r), r->floors[F_C2C].n);
	summary_wrapped(f, prefix, line);
}

/* The moved repetitions a file's summaries leave out. */
static void moved_line(FILE *f, const struct summary *a)
{
	if (a->moved)
		fprintf(f, "%u run(s) left out: their floor moved during them (floor_moved)\n",
			a->moved);
}

/* Of @a's floor groups, the one nearest to a floor of @b's; *@bo: that one. */
static const struct summary *nearest_group(const struct summary *a, const struct summary *b,
					   const struct summary **bo)
{
	const struct summary *r, *q, *best = a;
	double d = INFINITY;

	*bo = b;
	for (r = a; r; r = r->next) {
		for (q = b; same_config(r, a) && q; q = q->next) {
			/* NaN (no line transfer: the kernel engine) never wins */
			double x = fabs(log(summary_c2c_ns(r) / summary_c2c_ns(q)));

			if (same_config(q, b) && x < d) {
				d = x;
				best = r;
				*bo = q;
			}
		}
	}
	return best;
}

static void print_one(FILE *f, const struct summary *a, bool head);
static void print_two(FILE *f, const struct summary *a, const struct summary *b);

void summary_print(FILE *f, const struct summary *a, const struct summary *b)
{
	const struct summary *r;
	unsigned int k = 0;

	if (b) {
		/* two runs: the floor groups that stand nearest each other */
		const struct summary *ga, *gb;

		ga = nearest_group(a, b, &gb);
		header(f, a, "before: ");
		header(f, b, "after:  ");
		floor_line(f, "floor before: ", ga);
		floor_line(f, "floor after:  ", gb);
		if (floor_groups(a) > 1)
			groups_line(f, "NOTE: before: ", a);
		if (floor_groups(b) > 1)
			groups_line(f, "NOTE: after: ", b);
		if (floor_groups(a) > 1 || floor_groups(b) > 1)
			fprintf(f, "Compared below: the groups on the nearest floors.\n");
		moved_line(f, a);
		moved_line(f, b);
		fputc('\n', f);
		print_two(f, ga, gb);
		return;
	}
	if (floor_groups(a) > 1) {
		groups_line(f, "NOTE: ", a);
		fputc('\n', f);
	}
	for (r = a; r; r = r->next) {
		if (!same_config(r, a))
			continue;
		if (floor_groups(a) > 1)
			/* %.4g past a second: an absurd floor still fits in 72 columns */
			fprintf(f, summary_c2c_ns(r) < 1e9 ?
				"%s--- floor group %u of %u: line transfer %.1f ns ---\n\n" :
				"%s--- floor group %u of %u: line transfer %.4g ns ---\n\n",
				k++ ? "\n" : "", r->floor_group + 1, floor_groups(a), summary_c2c_ns(r));
		print_one(f, r, k <= 1);
	}
	moved_line(f, a);
}

/* One floor group's block; @head: with the machine and the command above. */
static void print_one(FILE *f, const struct summary *a, bool head)
{
	char line[320];
	unsigned int i, disturbed = 0;

	if (head)
		header(f, a, "");
	snprintf(line, sizeof(line), "fencebench %.40s, %s waiter(s), wait %s; mean of "
		 "per-rep values with 95%% CI (Student's t); change vs locked by Welch's t "
		 "at 95%%, \"no difference +- X%%\": X is the smallest change this run "
		 "could have seen", a->version, a->waiters, a->wait);
	summary_wrapped(f, "", line);
	fputc('\n', f);
	print_p50_table(f, a);
	for (i = 0; i < a->nr; i++)
		disturbed += a->s[i].disturbed;
	print_round_table(f, a);
	fputc('\n', f);
	for (i = 0; i < a->nr; i++) {
		const struct strat_data *d = &a->s[i];
		double hz = sum(d->v[V_HAZARDS].x, d->v[V_HAZARDS].n);
		double rm = sum(d->v[V_REMOVES].x, d->v[V_REMOVES].n);

		if (hz > 0) {
			snprintf(line, sizeof(line), "%s %.0f in %.3g removals (%.2f/M)",
				 d->name, hz, rm, rm > 0 ? 1e6 * hz / rm : 0);
			summary_wrapped(f, "hazards ", line);
		}
	}
	print_cov(f, a, "p50 CoV: ", V_P50);
	print_cov(f, a, "mean net CoV: ", V_MEAN_NET);
	print_cov(f, a, "round CoV: ", round_series(a, false));
	floor_line(f, "floor: ", a);
	if (*a->timer)
		summary_wrapped(f, "timer: ", a->timer);
	if (a->floors_sd[F_TIMER].n)
		fprintf(f, "timer spread: sd %.1f ns per reading, left in the net figures\n",
			sum(a->floors_sd[F_TIMER].x, a->floors_sd[F_TIMER].n) /
			(double)a->floors_sd[F_TIMER].n);
	if (disturbed)
		fprintf(f, "%u repetition(s) were disturbed by other load\n", disturbed);
}

/* @a before, @b after: one floor group each. */
static void print_two(FILE *f, const struct summary *a, const struct summary *b)
{
	bool differ = floor_warning(f, a, b);
	unsigned int ra = round_series(a, false), rb = round_series(b, false);

	fprintf(f, "p50 of the removal, mean of per-rep values with 95%% CI;\n"
		"change by Welch's t at 95%%, \"no difference +- X%%\": X is the\n"
		"smallest change these runs could have seen\n\n");
	print_change(f, a, b, V_P50, V_P50, 0, true);
	fprintf(f, "\nmean of the fastest 99%% of removals, net of the timer (resolves\n"
		"below the counter's step)\n\n");
	print_change(f, a, b, V_MEAN_NET, V_MEAN_NET, 1, true);
	fprintf(f, "\nround cost (duration / rounds), before from %s,\nafter from %s\n\n",
		ra == V_ROUND_UNTIMED ? "untimed runs" : "timed runs",
		rb == V_ROUND_UNTIMED ? "untimed runs" : "timed runs");
	print_change(f, a, b, ra, rb, 1, true);
	if (!differ)
		return;
	fprintf(f, "\nfloor-normalised: p50 / line transfer\n\n");
	print_change(f, a, b, V_P50_NORM, V_P50_NORM, 2, false);
	fprintf(f, "\nfloor-normalised: round cost / line transfer\n\n");
	print_change(f, a, b, round_series(a, true), round_series(b, true), 2, false);
}

const struct summary *summary_next(const struct summary *s)
{
	return s->next;
}

bool summary_several(const struct summary *s)
{
	const struct summary *r;

	for (r = s->next; r; r = r->next)
		if (!same_config(r, s))
			return true;
	return false;
}

unsigned int summary_floor_group(const struct summary *s)
{
	return s->floor_group;
}

unsigned int summary_moved(const struct summary *s)
{
	return s->moved;
}

const char *summary_config(const struct summary *s, enum summary_config i)
{
	return i < NR_CONFIG ? s->config[i] : "";
}

const char *summary_machine(const struct summary *s)
{
	return s->machine;
}

const char *summary_date(const struct summary *s)
{
	return s->date;
}

const char *summary_version(const struct summary *s)
{
	return s->version;
}

double summary_c2c_ns(const struct summary *s)
{
	const struct series *v = &s->floors[F_C2C];

	return v->n ? sum(v->x, v->n) / (double)v->n : NAN;
}

unsigned int summary_nr_strategies(const struct summary *s)
{
	return s->nr;
}

const char *summary_strategy(const struct summary *s, unsigned int i)
{
	return i < s->nr ? s->s[i].name : NULL;
}

int summary_cell(const struct summary *s, const char *name, struct summary_cell *c)
{
	const struct strat_data *d = find(s, name), *base = d ? base_of(s, d) : NULL;
	struct compare cmp;

	memset(c, 0, sizeof(*c));
	c->pct = c->pct_half = NAN;
	if (!d || !d->v[V_P50].n)
		return -1;
	c->n = d->v[V_P50].n;
	c->p50_ns = sum(d->v[V_P50].x, c->n) / (double)c->n;
	c->fast_pct = d->v[V_FAST].n ? sum(d->v[V_FAST].x, d->v[V_FAST].n) / (double)d->v[V_FAST].n
				     : NAN;
	c->hazards = sum(d->v[V_HAZARDS].x, d->v[V_HAZARDS].n);
	if (!base) {
		snprintf(c->text, sizeof(c->text), "no locked rows");
		return 0;
	}
	if (base == d) {
		c->baseline = true;
		snprintf(c->text, sizeof(c->text), "-");
		return 0;
	}
	if (compare(s, &base->v[V_P50], s, &d->v[V_P50], V_P50, &cmp) < 0) {
		snprintf(c->text, sizeof(c->text), "n < 2");
		return 0;
	}
	c->compared = true;
	c->significant = cmp.significant;
	c->pct = cmp.pct;
	c->pct_half = cmp.pct_half;
	fmt_compare(c->text, sizeof(c->text), s, &base->v[V_P50], s, &d->v[V_P50], V_P50, false);
	return 0;
}
