// SPDX-License-Identifier: MIT
/*
 * output.c - the output sink.  sink_open() picks the format once; from then
 * on the run loop only says "a configuration begins" and "here is a row",
 * and this file decides what that means for CSV, the table, JSON Lines and
 * the --histogram CSV.  Formatting of a single row is rows.c's job.
 */
#include <err.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "json.h"
#include "kernel_forms.h"
#include "outfile.h"
#include "output.h"
#include "timer.h"
#include "report/summary.h"

#ifndef FENCEBENCH_VERSION
#define FENCEBENCH_VERSION "0.1"
#endif
#ifndef FENCEBENCH_CFLAGS
#define FENCEBENCH_CFLAGS "unknown flags"
#endif

struct sink {
	const struct bench_config *cfg;
	const struct env_info *env;
	int argc;
	char **argv;
	struct outfile out, hist;
	bool table, started;
	unsigned long nr_rows;		/* rows written */
	double cycles_per_ns;		/* of the first configuration, for --histogram */
	FILE *rows;			/* the table's rows as CSV, for its closing summary */
	char *rows_buf;
	size_t rows_len;
	/* the floors seen before and after each repetition, for the closing line */
	double floor_lo, floor_hi;
	unsigned int floor_reps, floor_moved;
};

/* --append: the header a file's must equal */
static char *csv_header(void)
{
	char *want = NULL;
	size_t wlen = 0;
	FILE *hdr = open_memstream(&want, &wlen);

	if (!hdr)
		err(1, "open_memstream");
	row_format_csv_header(hdr);
	if (fclose(hdr))
		err(1, "open_memstream");
	return want;
}

struct sink *sink_open(const struct bench_config *cfg, const struct env_info *env, int argc,
		       char **argv)
{
	struct sink *s = calloc(1, sizeof(*s));

	if (!s)
		err(1, "calloc");
	s->cfg = cfg;
	s->env = env;
	s->argc = argc;
	s->argv = argv;
	if (cfg->append) {
		char *header = csv_header();

		outfile_open_append(&s->out, cfg->output, header);
		free(header);
	} else {
		outfile_open(&s->out, cfg->output);
	}
	if (cfg->histogram) {
		outfile_open(&s->hist, cfg->histogram);
		fprintf(s->hist.f, "strategy,rep,bucket_low_ns,count,cum_fraction\n");
	}
	s->table = cfg->format == FORMAT_TABLE ||
		   (cfg->format == FORMAT_AUTO && !s->out.path && isatty(STDOUT_FILENO));
	return s;
}

/* The header's date: UTC, to the second. */
static void run_date(char *buf, size_t len)
{
	time_t now = time(NULL);

	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
}

/* The '#' lines above a CSV: the machine, the timer, the floor, the build. */
static void write_meta(FILE *f, const struct sink *s, const struct run_facts *r)
{
	const struct env_info *e = s->env;
	char date[64], machine[160];
	int i;

	run_date(date, sizeof(date));
	fprintf(f, "# fencebench %s, %s\n# command:", FENCEBENCH_VERSION, date);
	for (i = 0; i < s->argc; i++)
		fprintf(f, " %s", s->argv[i]);
	topo_counts_describe(&r->machine, machine, sizeof(machine));
	fprintf(f, "\n# machine: %s; %s; %s\n", e->cpu_model, machine, e->kernel);
	fprintf(f, "# environment: clocksource %s, governor %s, boost %s, smt %s, %s, "
		"numa_balancing %s\n", e->clocksource, e->governor, e->boost, e->smt,
		e->hypervisor > 0 ? "virtualised" : e->hypervisor == 0 ? "bare metal" :
		"virtualisation unknown",
		e->numa_balancing < 0 ? "n/a" : e->numa_balancing ? "on" : "off");
	if (r->kernel)
		fprintf(f, "# kernel: %s\n", r->kernel);
	fprintf(f, "# timer: %s at %.3f GHz, resolution %.1f ns, overhead %.1f ns per reading "
		"pair%s%s\n", r->timer, r->cycles_per_ns, r->resolution_ns, r->overhead_ns,
		*timer_notes() ? "; " : "", timer_notes());
	if (isnan(r->c2c_ns))	/* the kernel engine does not measure it */
		fprintf(f, "# floor: uncontended lock+unlock %.1f ns\n", r->lock_ns);
	else
		fprintf(f, "# floor: one-way line transfer %.1f ns (signaler to waiters, median), "
			"uncontended lock+unlock %.1f ns\n", r->c2c_ns, r->lock_ns);
	if (r->meta_model)
		fprintf(f, "# model: %s\n# lock placement: %s\n", r->meta_model,
			r->meta_placement);
	else
		model_write_meta(f, s->cfg->lock_at, s->cfg->lock);
	fprintf(f, "# compiler: %s, %s\n", __VERSION__, FENCEBENCH_CFLAGS);
	fprintf(f, "# counters: %s\n", r->counters);
}

/* ,"key":"string" */
static void json_member(FILE *f, const char *key, const char *value)
{
	fputc(',', f);
	json_key(f, key);
	json_string(f, value);
}

/* ,"key":number, with the decimals of its '#' line; null when not measured */
static void json_member_number(FILE *f, const char *key, double value, int decimals)
{
	fputc(',', f);
	json_key(f, key);
	json_number(f, value, decimals);
}

/* ,"key":true, false, or null (unknown: @value < 0) */
static void json_member_bool(FILE *f, const char *key, int value)
{
	fputc(',', f);
	json_key(f, key);
	fputs(value < 0 ? "null" : value ? "true" : "false", f);
}

/*
 * The first object of JSON Lines: the facts of the '#' lines, taken from
 * where the '#' lines take them, numbers as JSON numbers.
 */
static void write_json_header(FILE *f, const struct sink *s, const struct run_facts *r)
{
	const struct env_info *e = s->env;
	char date[64], text[MODEL_TEXT_LEN];
	unsigned int c;
	int i;

	run_date(date, sizeof(date));
	fputs("{\"type\":\"header\"", f);
	json_member(f, "version", FENCEBENCH_VERSION);
	json_member(f, "date", date);
	fputs(",\"argv\":[", f);
	for (i = 0; i < s->argc; i++) {
		if (i)
			fputc(',', f);
		json_string(f, s->argv[i]);
	}
	fputs("],\"machine\":{", f);
	json_key(f, "cpu");
	json_string(f, e->cpu_model);
	json_member_number(f, "packages", r->machine.packages, 0);
	json_member_number(f, "nodes", r->machine.nodes, 0);
	json_member_number(f, "cores", r->machine.cores, 0);
	json_member_number(f, "pus", r->machine.pus, 0);
	json_member_number(f, "usable_pus", r->machine.usable, 0);
	json_member(f, "kernel", e->kernel);
	fputs("},\"environment\":{", f);
	json_key(f, "clocksource");
	json_string(f, e->clocksource);
	json_member(f, "governor", e->governor);
	json_member(f, "boost", e->boost);
	json_member(f, "smt", e->smt);
	json_member_bool(f, "virtualised", e->hypervisor);
	json_member_bool(f, "numa_balancing", e->numa_balancing);
	fputc('}', f);
	if (r->kernel)
		json_member(f, "kernel", r->kernel);
	fputs(",\"timer\":{", f);
	json_key(f, "source");
	json_string(f, r->timer);
	json_member_number(f, "ghz", r->cycles_per_ns, 3);
	json_member_number(f, "resolution_ns", r->resolution_ns, 1);
	json_member_number(f, "overhead_ns", r->overhead_ns, 1);
	json_member(f, "notes", timer_notes());
	fputs("},\"floor\":{", f);
	json_key(f, "line_transfer_ns");
	json_number(f, r->c2c_ns, 1);	/* null: the kernel engine does not measure it */
	json_member_number(f, "lock_unlock_ns", r->lock_ns, 1);
	fputc('}', f);
	model_run_text(text, sizeof(text), s->cfg->lock);
	json_member(f, "model", r->meta_model ? r->meta_model : text);
	model_placement_text(text, sizeof(text), s->cfg->lock_at);
	json_member(f, "lock_placement", r->meta_model ? r->meta_placement : text);
	fputs(",\"compiler\":{", f);
	json_key(f, "version");
	json_string(f, __VERSION__);
	json_member(f, "flags", FENCEBENCH_CFLAGS);
	fputc('}', f);
	json_member(f, "counters", r->counters);
	json_member(f, "lock", r->lock);
	fputs(",\"columns\":[", f);
	for (c = 0; c < row_nr_columns(); c++) {
		if (c)
			fputc(',', f);
		json_string(f, row_column_name(c));
	}
	fputs("]}\n", f);
}

static void write_table_header(FILE *f, struct sink *s, const struct run_facts *r)
{
	char c2c[32] = "n/a";	/* the kernel engine does not measure it */

	if (!isnan(r->c2c_ns))
		snprintf(c2c, sizeof(c2c), "%.0f ns", r->c2c_ns);
	if (s->cfg->meta_table)
		write_meta(f, s, r);
	fprintf(f, "fencebench %s on %s, %s\n", FENCEBENCH_VERSION, s->env->cpu_model,
		s->env->kernel);
	fprintf(f, "signaler CPU %d, %u waiter%s on CPU %s, wait %s; timer %s, "
		"resolution %.0f ns,\noverhead %.0f ns (included below); floor: line "
		"transfer %s, lock+unlock %.0f ns\n\n", r->signaler_cpu, r->nr_waiters,
		r->nr_waiters > 1 ? "s" : "", r->waiter_cpus, r->wait, r->timer,
		r->resolution_ns, r->overhead_ns, c2c, r->lock_ns);
	fprintf(f, "lock %s, placement %s; counters: %s\n\n", r->lock, r->lock_placement,
		r->counters);
	row_format_table_header(f);
	/* the table ends with the summary: keep the CSV in memory for it */
	s->rows = open_memstream(&s->rows_buf, &s->rows_len);
	if (!s->rows)
		err(1, "open_memstream");
	write_meta(s->rows, s, r);
	row_format_csv_header(s->rows);
}

void sink_begin(struct sink *s, const struct run_facts *facts)
{
	FILE *out = s->out.f;

	if (s->started)
		return;
	s->started = true;
	s->cycles_per_ns = facts->cycles_per_ns;
	if (s->table) {
		write_table_header(out, s, facts);
	} else if (s->cfg->format == FORMAT_JSON) {
		if (s->cfg->meta)
			write_json_header(out, s, facts);
	} else {
		if (s->cfg->meta)
			write_meta(out, s, facts);
		if (!s->out.appending)
			row_format_csv_header(out);
	}
	fflush(out);
}

/* The merged removal histogram of one strategy and repetition, for CDFs. */
static void write_histogram(FILE *f, const struct sink *s, const struct result_row *row,
			    const struct hist *h)
{
	uint64_t cum = 0;
	unsigned int i;

	for (i = 0; i < HIST_BUCKETS; i++) {
		if (!h->bucket[i])
			continue;
		cum += h->bucket[i];
		fprintf(f, "%s,%u,%.1f,%" PRIu64 ",%.6f\n", row->strategy, row->rep,
			(double)hist_bucket_low(i) / s->cycles_per_ns, h->bucket[i],
			(double)cum / (double)h->count);
	}
}

void sink_row(struct sink *s, const struct result_row *row, const struct hist *merged)
{
	FILE *out = s->out.f;

	s->nr_rows++;
	if (s->cfg->histogram)
		write_histogram(s->hist.f, s, row, merged);
	if (isfinite(row->c2c_ns) && isfinite(row->c2c_after_ns)) {
		double lo = fmin(row->c2c_ns, row->c2c_after_ns);
		double hi = fmax(row->c2c_ns, row->c2c_after_ns);

		s->floor_lo = s->floor_reps ? fmin(s->floor_lo, lo) : lo;
		s->floor_hi = s->floor_reps ? fmax(s->floor_hi, hi) : hi;
		s->floor_reps++;
		s->floor_moved += row->floor_moved;
	}
	if (s->table) {
		row_format_table_row(out, row);
		row_format_csv_row(s->rows, row);
	} else if (s->cfg->format == FORMAT_JSON) {
		row_format_json_row(out, row);
	} else {
		row_format_csv_row(out, row);
	}
	fflush(out);
}

/* The table's closing summary, built from the rows kept in memory. */
static void print_summary(struct sink *s)
{
	struct summary *sum;
	char errbuf[256];
	FILE *in;

	if (!s->rows)
		return;
	fclose(s->rows);
	s->rows = NULL;
	in = fmemopen(s->rows_buf, s->rows_len, "r");
	if (s->rows_len && in &&
	    summary_read_stream(in, "rows", &sum, errbuf, sizeof(errbuf)) == 0) {
		fputc('\n', s->out.f);
		summary_print(s->out.f, sum, NULL);
		summary_free(sum);
	}
	if (in)
		fclose(in);
	free(s->rows_buf);
	s->rows_buf = NULL;
}

/*
 * The range of the floors the repetitions stood on, known only at the end:
 * the '# floor:' line above holds the first measurement, and the rows went
 * out as they came.  A '#' line, so every reader skips it as the header's.
 */
static void write_floor_range(struct sink *s)
{
	if (!s->floor_reps || s->cfg->format == FORMAT_JSON || (!s->table && !s->cfg->meta))
		return;		/* JSON, --no-meta: each row carries its own floors */
	fprintf(s->out.f, "%sfloor over the run: one-way line transfer %.1f to %.1f ns, "
		"before and after each of %u runs; %u moved during the run%s\n",
		s->table ? "" : "# ", s->floor_lo, s->floor_hi, s->floor_reps,
		s->floor_moved, s->floor_moved ? " (column floor_moved)" : "");
}

bool sink_close(struct sink *s, int stop_signal)
{
	/* interrupted before the first row: no file is replaced for nothing */
	if (stop_signal && !s->nr_rows) {
		outfile_discard(&s->out);
		outfile_discard(&s->hist);
		if (s->rows)
			fclose(s->rows);
		free(s->rows_buf);
		warnx("interrupted before the first row: no output written");
		free(s);
		return false;
	}
	print_summary(s);
	write_floor_range(s);
	/* the rows above are complete; the repetition under way was dropped */
	if (stop_signal)
		fprintf(s->out.f, "# interrupted by signal %d: the rows above are "
			"complete, the repetition under way was dropped\n", stop_signal);
	outfile_close(&s->out);
	if (s->cfg->histogram)
		outfile_close(&s->hist);
	/* every output written whole (--trace closed before): replace them all */
	outfile_commit();
	free(s);
	return true;
}

void sink_leave(struct sink *s, int stop_signal, const char *when)
{
	sink_close(s, stop_signal);
	warnx("interrupted %s", when);
	exit(128 + stop_signal);
}
