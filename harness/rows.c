// SPDX-License-Identifier: MIT
/*
 * rows.c - the row formatter: result rows as CSV, JSON or a table.  One
 * column table drives the CSV header, the CSV and JSON rows and the JSON
 * header's column list, so they cannot drift apart.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <stddef.h>

#include "json.h"
#include "rows.h"

/*
 * COL_OPT: a double that may be NAN (not measured), written as an empty
 * field; COL_UOPT: an unsigned int that may be ROW_UNKNOWN, the same way
 */
enum col_kind { COL_STR, COL_UINT, COL_UOPT, COL_INT, COL_U64, COL_F1, COL_F3, COL_OPT };

struct column {
	const char *name;
	enum col_kind kind;
	size_t off;
};

#define COL(name, kind) { #name, kind, offsetof(struct result_row, name) }

static const struct column columns[] = {
	COL(version, COL_STR),
	COL(strategy, COL_STR),
	COL(wait, COL_STR),
	COL(waiters, COL_UINT),
	COL(signaler_cpu, COL_INT),
	COL(waiter_cpus, COL_STR),
	COL(placement, COL_STR),
	COL(signaler_node, COL_INT),
	COL(waiter_nodes, COL_STR),
	COL(fence_node_req, COL_STR),
	COL(fence_node_actual, COL_STR),
	COL(numa_distance, COL_STR),
	COL(spin, COL_STR),
	COL(lock, COL_STR),
	COL(inject_init_gap_ns, COL_U64),
	COL(inject_pre_func_ns, COL_U64),
	COL(rep, COL_UINT),
	COL(rounds, COL_U64),
	COL(duration_ns, COL_U64),
	COL(rounds_per_sec, COL_F1),
	COL(removes, COL_U64),
	COL(fastpath, COL_U64),
	COL(slowpath_hit, COL_U64),
	COL(slowpath_miss, COL_U64),
	COL(fastpath_pct, COL_F3),
	COL(remove_ns_mean, COL_F1),
	COL(remove_ns_p50, COL_F1),
	COL(remove_ns_p90, COL_F1),
	COL(remove_ns_p99, COL_F1),
	COL(remove_ns_p999, COL_F1),
	COL(remove_ns_max, COL_F1),
	COL(fastpath_ns_p50, COL_F1),
	COL(slowpath_ns_p50, COL_F1),
	COL(signal_ns_mean, COL_F1),
	COL(signal_ns_p50, COL_F1),
	COL(signal_ns_p99, COL_F1),
	COL(timer_overhead_ns, COL_F1),
	COL(c2c_ns, COL_F1),
	COL(lock_uncontended_ns, COL_F1),
	COL(lock_contentions, COL_U64),
	COL(lock_handoffs, COL_U64),
	COL(cycles_per_remove, COL_OPT),
	COL(instructions_per_remove, COL_OPT),
	COL(cache_misses_per_remove, COL_OPT),
	COL(hitm_per_remove, COL_OPT),
	COL(hazard_prev_store, COL_U64),
	COL(hazard_func_call, COL_U64),
	COL(hazard_payload_read, COL_U64),
	COL(hazard_payload_write, COL_U64),
	COL(other_load_pct, COL_F1),
	COL(nivcsw, COL_U64),
	COL(retries, COL_UINT),
	COL(disturbed, COL_UOPT),
	COL(timing, COL_STR),
	COL(round_ns, COL_F1),
	COL(remove_ns_tmean, COL_F1),
	COL(remove_net_ns_tmean, COL_F1),
	COL(remove_net_ns_p50, COL_F1),
	COL(remove_net_ns_p90, COL_F1),
	COL(remove_net_ns_p99, COL_F1),
	COL(remove_net_ns_p999, COL_F1),
	COL(fastpath_net_ns_p50, COL_F1),
	COL(timer_overhead_mean_ns, COL_F1),
	COL(timer_overhead_sd_ns, COL_F1),
	COL(c2c_sd_ns, COL_F1),
	COL(lock_uncontended_sd_ns, COL_F1),
	COL(lock_placement, COL_STR),
	COL(inject_irq_delay_ns, COL_U64),
	COL(waiter_signalled_rounds, COL_U64),
	COL(model, COL_STR),
	COL(engine, COL_STR),
	COL(c2c_after_ns, COL_F1),
	COL(floor_moved, COL_UINT),
	COL(wait_ns_mean, COL_OPT),
	COL(wait_ns_p50, COL_OPT),
	COL(wait_ns_p99, COL_OPT),
	COL(remove_share_pct, COL_OPT),
};

#define NR_COLUMNS (sizeof(columns) / sizeof(columns[0]))

void row_clear_latencies(struct result_row *r)
{
	double *latency[] = {
		&r->remove_ns_mean, &r->remove_ns_p50, &r->remove_ns_p90, &r->remove_ns_p99,
		&r->remove_ns_p999, &r->remove_ns_max, &r->fastpath_ns_p50, &r->slowpath_ns_p50,
		&r->signal_ns_mean, &r->signal_ns_p50, &r->signal_ns_p99, &r->remove_ns_tmean,
		&r->remove_net_ns_p50, &r->remove_net_ns_p90, &r->remove_net_ns_p99,
		&r->remove_net_ns_p999, &r->fastpath_net_ns_p50, &r->wait_ns_mean, &r->wait_ns_p50,
		&r->wait_ns_p99, &r->remove_share_pct,
	};
	size_t i;

	for (i = 0; i < sizeof(latency) / sizeof(latency[0]); i++)
		*latency[i] = NAN;
}

unsigned int row_nr_columns(void)
{
	return NR_COLUMNS;
}

const char *row_column_name(unsigned int i)
{
	return i < NR_COLUMNS ? columns[i].name : NULL;
}

void row_format_csv_header(FILE *f)
{
	unsigned int i;

	for (i = 0; i < NR_COLUMNS; i++)
		fprintf(f, "%s%s", i ? "," : "", columns[i].name);
	fputc('\n', f);
}

/*
 * One value.  A number that was not measured (NaN) is an empty CSV field
 * and a JSON null; JSON strings are quoted and escaped.
 */
static void write_value(FILE *f, const struct column *c, const void *p, bool json)
{
	double d;

	switch (c->kind) {
	case COL_STR:
		if (json)
			json_string(f, *(const char *const *)p);
		else
			fputs(*(const char *const *)p ? *(const char *const *)p : "", f);
		break;
	case COL_UINT:
		fprintf(f, "%u", *(const unsigned int *)p);
		break;
	case COL_UOPT:
		if (*(const unsigned int *)p != ROW_UNKNOWN)
			fprintf(f, "%u", *(const unsigned int *)p);
		else if (json)
			fputs("null", f);
		break;
	case COL_INT:
		fprintf(f, "%d", *(const int *)p);
		break;
	case COL_U64:
		fprintf(f, "%" PRIu64, *(const uint64_t *)p);
		break;
	case COL_F1:
	case COL_F3:
	case COL_OPT:
		d = *(const double *)p;
		if (isfinite(d))
			fprintf(f, c->kind == COL_F1 ? "%.1f" : c->kind == COL_F3 ? "%.3f" : "%.2f", d);
		else if (json)
			fputs("null", f);
		break;
	}
}

void row_format_csv_row(FILE *f, const struct result_row *r)
{
	unsigned int i;

	for (i = 0; i < NR_COLUMNS; i++) {
		if (i)
			fputc(',', f);
		write_value(f, &columns[i], (const char *)r + columns[i].off, false);
	}
	fputc('\n', f);
}

/* 78 columns: fits a terminal and, quoted once, a mail. */
void row_format_table_header(FILE *f)
{
	fprintf(f, "%-24s %3s %9s %6s %-29s %6s %5s\n",
		"", "", "", "", "---------- remove ns ----------", "signal", "");
	fprintf(f, "%-24s %3s %9s %6s %6s %6s %7s %7s %6s %5s\n",
		"strategy", "rep", "removes", "fast%", "p50", "p99", "p99.9", "max",
		"p50 ns", "haz/M");
}

void row_format_table_row(FILE *f, const struct result_row *r)
{
	uint64_t hazards = r->hazard_prev_store + r->hazard_func_call +
			   r->hazard_payload_read + r->hazard_payload_write;
	double per_m = r->removes ? 1e6 * (double)hazards / (double)r->removes : 0.0;

	/* after the repetition: '~' its floor moved, '*' other load disturbed it */
	if (isnan(r->remove_ns_p50)) {	/* --timing none: only the round's cost */
		char untimed[32];

		snprintf(untimed, sizeof(untimed), "untimed, %.1f ns/round", r->round_ns);
		fprintf(f, "%-24s %2u%c %9" PRIu64 " %6.2f %29s %6s %5.1f\n", r->strategy,
			r->rep, r->floor_moved ? '~' : r->disturbed == 1 ? '*' : ' ', r->removes,
			r->fastpath_pct, untimed,
			"-", per_m);
		return;
	}
	fprintf(f, "%-24s %2u%c %9" PRIu64 " %6.2f %6.0f %6.0f %7.0f %7.0f %6.0f %5.1f\n",
		r->strategy, r->rep, r->floor_moved ? '~' : r->disturbed == 1 ? '*' : ' ', r->removes,
		r->fastpath_pct, r->remove_ns_p50,
		r->remove_ns_p99, r->remove_ns_p999, r->remove_ns_max, r->signal_ns_p50, per_m);
}

void row_format_json_row(FILE *f, const struct result_row *r)
{
	unsigned int i;

	fputs("{\"type\":\"row\"", f);
	for (i = 0; i < NR_COLUMNS; i++) {
		fputc(',', f);
		json_string(f, columns[i].name);
		fputc(':', f);
		write_value(f, &columns[i], (const char *)r + columns[i].off, true);
	}
	fputs("}\n", f);
}
