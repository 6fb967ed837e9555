// SPDX-License-Identifier: MIT
/*
 * regimes.c - the matrix of regimes.h: rows are CPU-distance classes (the
 * placement column: smt, llc, node, cross-node; any other placement keeps
 * its name), one block per machine; columns are wait modes.  Every line is
 * ASCII and at most 72 columns, so blocks hold as many wait modes as fit
 * and the rest follow in further blocks.
 */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "../floor.h"
#include "inference.h"
#include "regimes.h"
#include "summary.h"

#define MAX_WAITS	8
#define MAX_ROWS	(4 * SUMMARY_MAX_REGIMES)
#define MAX_STRATS	16
#define LABEL_W		25	/* "  list_empty_careful_2020" */
#define CELL_W		19	/* change, fast%, mark */
#define WIDTH		72

struct mrow {
	unsigned int file;
	char key[48];		/* the label without its floor group: rows are matched on it */
	char label[48];
	int rank;
	double anchor;		/* its first regime's line transfer: its floor group's */
	const struct summary *reg[MAX_WAITS];	/* the regime per wait column, or NULL */
	double transfer;
};

struct matrix {
	const struct summary *const *s;
	const char *const *names;
	unsigned int nfiles, nwaits, nrows, nstrats;
	char waits[MAX_WAITS][32];
	char strats[MAX_STRATS][32];
	struct mrow row[MAX_ROWS];
};

/* The distance class a placement policy asks for, nearest first. */
static const struct {
	const char *placement, *label;
} classes[] = {
	{ "smt", "SMT sibling" },
	{ "llc", "same LLC" },
	{ "node", "other LLC" },
	{ "cross-node", "other node" },
};
#define NR_CLASSES	(sizeof(classes) / sizeof(classes[0]))

static int class_of(const char *placement, const char **label)
{
	unsigned int i;

	for (i = 0; i < NR_CLASSES; i++)
		if (!strcmp(placement, classes[i].placement)) {
			*label = classes[i].label;
			return (int)i;
		}
	*label = *placement ? placement : "default";
	return (int)NR_CLASSES;
}

/*
 * A row's name: the class, and what else sets this regime apart (waiters,
 * lock, injected gaps), so rows of a sweep are not merged.  @cpus adds the
 * CPUs for regimes that differ by them alone.
 */
static int row_label(const struct summary *r, bool cpus, char *buf, size_t len)
{
	const char *cls, *waiters = summary_config(r, SUMMARY_WAITERS);
	const char *lock = summary_config(r, SUMMARY_LOCK);
	const char *gap = summary_config(r, SUMMARY_INIT_GAP), *pre = summary_config(r, SUMMARY_PRE_FUNC);
	int rank = class_of(summary_config(r, SUMMARY_PLACEMENT), &cls);
	size_t off;

	off = (size_t)snprintf(buf, len, "%s", cls);
	if (strcmp(waiters, "1") && off < len)
		off += (size_t)snprintf(buf + off, len - off, " x%s", waiters);
	if (strcmp(lock, "qspinlock") && *lock && off < len)
		off += (size_t)snprintf(buf + off, len - off, " %s", lock);
	if ((strcmp(gap, "0") || strcmp(pre, "0")) && *gap && off < len)
		off += (size_t)snprintf(buf + off, len - off, " gap %s+%s", gap, pre);
	if (cpus && off < len) {
		char sw[100];

		snprintf(sw, sizeof(sw), " %s>%s", summary_config(r, SUMMARY_SIGNALER_CPU),
			 summary_config(r, SUMMARY_WAITER_CPUS));
		snprintf(buf + off, len - off, "%.*s", (int)(len - off - 1), sw);
	}
	return rank;
}

static int wait_index(struct matrix *m, const char *wait)
{
	unsigned int i;

	for (i = 0; i < m->nwaits; i++)
		if (!strcmp(m->waits[i], wait))
			return (int)i;
	if (m->nwaits == MAX_WAITS)
		return -1;
	snprintf(m->waits[m->nwaits], sizeof(m->waits[0]), "%s", wait);
	return (int)m->nwaits++;
}

/*
 * The row of @label on @c2c's floor: a configuration whose repetitions
 * stood on floors apart (floor_apart()) is in one row per floor group, and
 * the groups are matched across the wait columns by their floors, so one
 * row never holds one wait mode's near repetitions beside another's far
 * ones.  @groups: how many rows @label has on other floors.
 */
static struct mrow *find_row(struct matrix *m, unsigned int file, const char *label, double c2c,
			     double step_ns, unsigned int *groups)
{
	unsigned int i;

	*groups = 0;
	for (i = 0; i < m->nrows; i++) {
		if (m->row[i].file != file || strcmp(m->row[i].key, label))
			continue;
		if (!floor_apart(m->row[i].anchor, c2c, step_ns))
			return &m->row[i];
		(*groups)++;
	}
	return NULL;
}

static void add_strategies(struct matrix *m, const struct summary *r)
{
	unsigned int i, j;

	for (i = 0; i < summary_nr_strategies(r); i++) {
		const char *name = summary_strategy(r, i);

		if (!strcmp(name, "locked"))
			continue;
		for (j = 0; j < m->nstrats && strcmp(m->strats[j], name); j++)
			;
		if (j == m->nstrats && j < MAX_STRATS)
			snprintf(m->strats[m->nstrats++], sizeof(m->strats[0]), "%s", name);
	}
}

static void build(struct matrix *m, const struct summary *const *s, const char *const *names,
		  unsigned int n)
{
	unsigned int k, i, j;

	memset(m, 0, sizeof(*m));
	m->s = s;
	m->names = names;
	m->nfiles = n;
	for (k = 0; k < n; k++) {
		const struct summary *r;

		for (r = s[k]; r; r = summary_next(r)) {
			int w = wait_index(m, summary_config(r, SUMMARY_WAIT)), rank;
			const double c2c = summary_c2c_ns(r), step = summary_resolution_ns(r);
			unsigned int groups;
			struct mrow *row;
			char label[48];

			if (w < 0)
				continue;
			rank = row_label(r, false, label, sizeof(label));
			row = find_row(m, k, label, c2c, step, &groups);
			if (row && row->reg[w]) {
				row_label(r, true, label, sizeof(label));
				row = find_row(m, k, label, c2c, step, &groups);
			}
			if (!row) {
				if (m->nrows == MAX_ROWS)
					continue;
				row = &m->row[m->nrows++];
				row->file = k;
				row->rank = rank;
				row->anchor = c2c;
				snprintf(row->key, sizeof(row->key), "%s", label);
				/* this configuration on another floor */
				snprintf(row->label, sizeof(row->label), groups ? "%.40s #%u" : "%s",
					 label, groups + 1);
			}
			if (!row->reg[w])
				row->reg[w] = r;
			add_strategies(m, r);
		}
	}
	/* a row's transfer: the mean of its regimes' (one run each) */
	for (i = 0; i < m->nrows; i++) {
		struct mrow *row = &m->row[i];
		double t = 0;
		unsigned int nt = 0;

		for (j = 0; j < m->nwaits; j++)
			if (row->reg[j] && !isnan(summary_c2c_ns(row->reg[j]))) {
				t += summary_c2c_ns(row->reg[j]);
				nt++;
			}
		row->transfer = nt ? t / nt : NAN;
	}
	/* per machine, nearest class first; insertion sort keeps the CSV's order */
	for (i = 1; i < m->nrows; i++) {
		struct mrow t = m->row[i];

		for (j = i; j > 0 && (m->row[j - 1].file > t.file ||
				      (m->row[j - 1].file == t.file && m->row[j - 1].rank > t.rank));
		     j--)
			m->row[j] = m->row[j - 1];
		m->row[j] = t;
	}
}

static const struct summary *cell_regime(const struct mrow *row, unsigned int w)
{
	return row->reg[w];
}

/* What a cell says about one strategy in one regime. */
struct verdict {
	const char *word;	/* "faster", "slower", "same", "n<2", NULL: not run */
	char text[24];		/* "-52.1% +- 3.0%", "no difference", ... */
	double pct, half, fast, p50, hazards;
	size_t n;
};

static void judge(const struct summary *r, const char *name, struct verdict *v)
{
	struct summary_cell c;

	memset(v, 0, sizeof(*v));
	v->pct = v->half = NAN;
	if (!r || summary_cell(r, name, &c) < 0)
		return;
	v->n = c.n;
	v->p50 = c.p50_ns;
	v->fast = c.fast_pct;
	v->hazards = c.hazards;
	snprintf(v->text, sizeof(v->text), "%s", c.text);
	if (c.baseline) {
		v->word = "same";
		return;
	}
	if (!c.compared) {
		v->word = "n<2";
		return;
	}
	v->pct = c.pct;
	v->half = c.pct_half;
	v->word = !c.significant ? "same" : c.pct < 0 ? "faster" : "slower";
	/* no difference, and the smallest change this regime could have seen */
	if (!c.significant)
		snprintf(v->text, sizeof(v->text), "same +- %.*f%%", c.pct_half < 9.95 ? 1 : 0,
			 c.pct_half);
	/* a cell has 14 columns: fewer decimals rather than a wider cell */
	if (c.significant && strlen(v->text) > 14)
		snprintf(v->text, sizeof(v->text), "%+.0f%% +- %.0f%%", c.pct, c.pct_half);
	if (c.significant && strlen(v->text) > 14)
		snprintf(v->text, sizeof(v->text), "%+.0f%%", c.pct);
}

/* "A: AMD EPYC 7B13" - the CPU model from the '# machine:' line, else the file. */
static void machine_name(const struct matrix *m, unsigned int k, char *buf, size_t len)
{
	const char *mc = summary_machine(m->s[k]);
	size_t l = strcspn(mc, ";");
	char *p;

	if (!l) {
		mc = strrchr(m->names[k], '/') ? strrchr(m->names[k], '/') + 1 : m->names[k];
		l = strlen(mc);
	}
	snprintf(buf, len, "%c: %.*s", 'A' + (int)(k % 26), (int)l, mc);
	for (p = buf; *p; p++)
		if (*p == ',')
			*p = ' ';
}

static void class_line(const struct matrix *m, const struct mrow *row, char *buf, size_t len)
{
	char t[16] = "n/a";

	if (!isnan(row->transfer))
		snprintf(t, sizeof(t), "%.0f ns", row->transfer);
	if (m->nfiles > 1)
		snprintf(buf, len, "%c %s %s", 'A' + (int)(row->file % 26), row->label, t);
	else
		snprintf(buf, len, "%s, %s", row->label, t);
}

/* vsnprintf at @off into @line[@len], never past its end: the new end */
static __attribute__((format(printf, 4, 5)))
size_t append(char *line, size_t len, size_t off, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (off >= len - 1)
		return len - 1;
	va_start(ap, fmt);
	n = vsnprintf(line + off, len - off, fmt, ap);
	va_end(ap);
	return n < 0 || (size_t)n >= len - off ? len - 1 : off + (size_t)n;
}

/* @line without its trailing blanks; wrapped if a value made it too wide */
static void trimmed(FILE *f, char *line, size_t off)
{
	if (off >= 128)
		off = strlen(line);
	while (off && line[off - 1] == ' ')
		line[--off] = 0;
	if (off > WIDTH)
		summary_wrapped(f, "", line);
	else
		fprintf(f, "%s\n", line);
}

static void print_block(FILE *f, const struct matrix *m, unsigned int w0, unsigned int w1)
{
	unsigned int i, j, w;
	char buf[64];

	char line[128];
	size_t off;

	off = (size_t)snprintf(line, sizeof(line), "%-*s", LABEL_W, "");
	for (w = w0; w < w1; w++)
		off = append(line, sizeof(line), off, "  %-*.*s", CELL_W, CELL_W,
					m->waits[w]);
	trimmed(f, line, off);
	for (i = 0; i < m->nrows; i++) {
		const struct mrow *row = &m->row[i];

		class_line(m, row, buf, sizeof(buf));
		if (strlen(buf) > LABEL_W) {
			fprintf(f, "%s\n", buf);
			buf[0] = 0;
		}
		off = (size_t)snprintf(line, sizeof(line), "%-*s", LABEL_W, buf);
		for (w = w0; w < w1; w++) {
			struct verdict v;

			judge(cell_regime(row, w), "locked", &v);
			if (v.n)
				snprintf(buf, sizeof(buf), "locked %.0f ns", v.p50);
			else
				snprintf(buf, sizeof(buf), "%s", cell_regime(row, w) ? "no locked" : "");
			off = append(line, sizeof(line), off, "  %-*s", CELL_W, buf);
		}
		trimmed(f, line, off);
		for (j = 0; j < m->nstrats; j++) {
			/* a name too long for the label column stands alone, whole */
			if (strlen(m->strats[j]) > LABEL_W - 2)
				fprintf(f, "  %s\n", m->strats[j]);
			off = (size_t)snprintf(line, sizeof(line), "  %-*.*s", LABEL_W - 2, LABEL_W - 2,
					       strlen(m->strats[j]) > LABEL_W - 2 ? "" : m->strats[j]);
			for (w = w0; w < w1; w++) {
				struct verdict v;

				judge(cell_regime(row, w), m->strats[j], &v);
				if (!v.n)
					off = append(line, sizeof(line), off, "  %-*s",
								CELL_W, "-");
				else
					off = append(line, sizeof(line), off,
								"  %-14s %3.0f%c", v.text, v.fast,
								v.hazards > 0 ? '!' : ' ');
			}
			trimmed(f, line, off);
		}
	}
}

struct text {
	char buf[1024];
	size_t off;
};

__attribute__((format(printf, 2, 3)))
static void add(struct text *t, const char *fmt, ...)
{
	va_list ap;

	if (t->off >= sizeof(t->buf))
		return;
	va_start(ap, fmt);
	t->off += (size_t)vsnprintf(t->buf + t->off, sizeof(t->buf) - t->off, fmt, ap);
	va_end(ap);
}

/* "a", "a and b", "a, b and c" */
static void add_names(struct text *t, const char *const *name, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		add(t, "%s%s", i == 0 ? "" : i + 1 == n ? " and " : ", ", name[i]);
}

static const char *wait_words(const char *wait)
{
	if (!strcmp(wait, "poll"))
		return "polling the signaled bit";
	if (!strcmp(wait, "callback"))
		return "waiting for the callback";
	return NULL;
}

/* One clause per group of strategies with the same verdict in one cell. */
static void add_group(struct text *t, const char *const *name, const struct verdict *v,
		      unsigned int n, const char *word, bool *first)
{
	static const char *const is[2][3] = {
		{ "is faster than locked", "is slower than locked", "shows no difference" },
		{ "are faster than locked", "are slower than locked", "show no difference" },
	};
	int kind = !strcmp(word, "faster") ? 0 : !strcmp(word, "slower") ? 1 : 2;
	double lo = INFINITY, hi = -INFINITY, flo = INFINITY, fhi = -INFINITY, half = 0;
	unsigned int i;

	if (!n)
		return;
	for (i = 0; i < n; i++) {
		lo = fmin(lo, v[i].pct);
		hi = fmax(hi, v[i].pct);
		flo = fmin(flo, v[i].fast);
		fhi = fmax(fhi, v[i].fast);
		half = fmax(half, isnan(v[i].half) ? 0 : v[i].half);
	}
	add(t, "%s", *first ? " " : ", ");
	*first = false;
	add_names(t, name, n);
	add(t, " %s", is[n > 1][kind]);
	if (kind == 2) {	/* with what it could have seen */
		if (half > 0)
			add(t, " (to within +-%.0f%%)", ceil(half));
		return;
	}
	if (lo == hi || (int)lrint(lo) == (int)lrint(hi))
		add(t, " (%+.0f%%", lo);
	else
		add(t, " (%+.0f%% to %+.0f%%", lo, hi);
	if ((int)lrint(flo) == (int)lrint(fhi))
		add(t, ", fast path %.0f%%)", flo);
	else
		add(t, ", fast path %.0f-%.0f%%)", flo, fhi);
}

static void sentence(FILE *f, const struct matrix *m, const struct mrow *row)
{
	struct text t = { .off = 0 };
	const char *hz[MAX_STRATS * MAX_WAITS];
	unsigned int w, j, nhz = 0, clauses = 0;
	char head[64];

	class_line(m, row, head, sizeof(head));
	add(&t, "%s%s:", m->nfiles > 1 ? "" : "", head);
	for (w = 0; w < m->nwaits; w++) {
		static const char *const words[] = { "faster", "slower", "same" };
		const struct summary *r = cell_regime(row, w);
		const char *ww;
		bool first = true;
		unsigned int g;

		if (!r)
			continue;
		ww = wait_words(m->waits[w]);
		add(&t, "%s %s%s,", clauses++ ? ";" : "", ww ? ww : "with wait ",
		    ww ? "" : m->waits[w]);
		for (g = 0; g < 3; g++) {
			const char *name[MAX_STRATS];
			struct verdict v[MAX_STRATS];
			unsigned int n = 0;

			for (j = 0; j < m->nstrats; j++) {
				judge(r, m->strats[j], &v[n]);
				if (!v[n].word || strcmp(v[n].word, words[g]))
					continue;
				name[n++] = m->strats[j];
			}
			add_group(&t, name, v, n, words[g], &first);
		}
		if (first)
			add(&t, " no comparison (fewer than two repetitions or no locked rows)");
		for (j = 0; j < m->nstrats; j++) {
			struct verdict v;

			judge(r, m->strats[j], &v);
			if (v.n && v.hazards > 0 && nhz < sizeof(hz) / sizeof(hz[0]))
				hz[nhz++] = m->strats[j];
		}
	}
	if (nhz) {
		/* each strategy once */
		const char *uniq[MAX_STRATS];
		unsigned int nu = 0, i, k;

		for (i = 0; i < nhz; i++) {
			for (k = 0; k < nu && strcmp(uniq[k], hz[i]); k++)
				;
			if (k == nu && nu < MAX_STRATS)
				uniq[nu++] = hz[i];
		}
		add(&t, "; hazards were counted with ");
		add_names(&t, uniq, nu);
	}
	add(&t, ".");
	summary_wrapped(f, "", t.buf);
}


void regimes_print(FILE *f, const struct summary *const *s, const char *const *names,
		   unsigned int n)
{
	static struct matrix m;
	unsigned int k, i, w, per = (WIDTH - LABEL_W) / (CELL_W + 2);
	char buf[320];

	build(&m, s, names, n);
	for (k = 0; k < n; k++) {
		const char *base = strrchr(names[k], '/') ? strrchr(names[k], '/') + 1 : names[k];

		machine_name(&m, k, buf, sizeof(buf));
		/* the date of the '# fencebench VERSION, DATE' line, when it is one */
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), " (%s%s%.10s)", base,
			 isdigit((unsigned char)summary_date(s[k])[0]) ? ", " : "",
			 isdigit((unsigned char)summary_date(s[k])[0]) ? summary_date(s[k]) : "");
		summary_wrapped(f, "", buf);
	}
	snprintf(buf, sizeof(buf), "fencebench %.40s; each cell: p50 change vs locked (mean of "
		 "per-rep p50, Welch's t, 95%%; \"same +- X%%\": no difference, X the "
		 "smallest change it could have seen), then the fast-path share in %%; "
		 "! hazards counted.", summary_version(s[0]));
	summary_wrapped(f, "", buf);
	fprintf(f, "Rows: CPU distance, one-way line transfer measured there\n"
		"(#2: the same on another floor, never pooled).\n");
	for (k = 0; k < n; k++)
		if (summary_moved(s[k]))
			fprintf(f, "%c: %u run(s) left out: their floor moved during them\n",
				'A' + (int)(k % 26), summary_moved(s[k]));
	for (w = 0; w < m.nwaits; w += per) {
		fputc('\n', f);
		print_block(f, &m, w, w + per < m.nwaits ? w + per : m.nwaits);
	}
	fputc('\n', f);
	for (i = 0; i < m.nrows; i++)
		sentence(f, &m, &m.row[i]);
}

void regimes_csv(FILE *f, const struct summary *const *s, const char *const *names,
		 unsigned int n)
{
	static struct matrix m;
	unsigned int i, j, w;
	char name[320];

	build(&m, s, names, n);
	fprintf(f, "machine,class,transfer_ns,wait,strategy,n,p50_ns,change_pct,"
		"change_half_pct,verdict,fastpath_pct,hazards\n");
	for (i = 0; i < m.nrows; i++) {
		const struct mrow *row = &m.row[i];

		machine_name(&m, row->file, name, sizeof(name));
		for (w = 0; w < m.nwaits; w++) {
			const struct summary *r = cell_regime(row, w);

			for (j = 0; r && j <= m.nstrats; j++) {
				const char *sn = j ? m.strats[j - 1] : "locked";
				struct verdict v;

				judge(r, sn, &v);
				if (!v.n)
					continue;
				fprintf(f, "%s,%s,%.1f,%s,%s,%zu,%.1f,", name, row->label, summary_c2c_ns(r),
					m.waits[w], sn, v.n, v.p50);
				if (isnan(v.pct))
					fprintf(f, "%s,,", j ? "" : "0");
				else
					fprintf(f, "%.2f,%.2f,", v.pct, v.half);
				fprintf(f, "%s,%.3f,%.0f\n", j ? v.word : "same", v.fast, v.hazards);
			}
		}
	}
}
