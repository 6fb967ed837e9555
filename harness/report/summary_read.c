// SPDX-License-Identifier: MIT
/*
 * summary_read.c - a fencebench CSV (or an lkp-tests result directory's)
 * read into the chain of regimes of summary.h: the '#' facts, the columns
 * it needs found by name, one series per strategy and figure, the
 * repetitions split by configuration and floor.  Whatever the file holds,
 * it is read or refused with a reason.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../floor.h"
#include "summary.h"
#include "summary_private.h"

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
_Static_assert(sizeof(config_cols) / sizeof(config_cols[0]) == NR_CONFIG,
	       "a name for each configuration column");

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
