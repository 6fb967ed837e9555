// SPDX-License-Identifier: MIT
/*
 * summary.c - the mail-ready block of summary.h, from the regimes
 * summary_read.c read: one run, or two compared, each strategy against
 * locked; and a regime's cells for the matrix.  Every line it prints is
 * ASCII and at most 72 columns.
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "inference.h"
#include "summary.h"
#include "summary_private.h"
#include "table.h"

#define LEVEL		0.95

static const char *const floor_name[F_NR] = { "line transfer", "lock+unlock", "timer" };

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

double summary_resolution_ns(const struct summary *s)
{
	return s->resolution_ns;
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
