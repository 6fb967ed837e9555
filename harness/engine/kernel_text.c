// SPDX-License-Identifier: MIT
/*
 * kernel_text.c - reads what fencebench.ko prints (kmod/fbk_main.c:
 * "key value" lines, then per run a "run key=value..." line and three
 * "hist NAME ..." lines) and turns one run into the measured part of a
 * result row: its counts and histograms through row_derive(), as the user
 * engine's.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../row_derive.h"
#include "../strategy.h"
#include "kernel.h"

bool kernel_has_strategy(const char *name)
{
	const struct strategy *s = strategy_named(name);

	return s && s->kernel;
}

void kernel_results_free(struct kernel_results *kr)
{
	unsigned int i;

	for (i = 0; i < kr->nr; i++) {
		free(kr->run[i].fast_h);
		free(kr->run[i].slow_h);
		free(kr->run[i].signal_h);
		free(kr->run[i].wait_h);
	}
	free(kr->run);
	kr->run = NULL;
	kr->nr = 0;
}

static bool u64_of(const char *s, uint64_t *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 10);
	return *s && !*end && !errno;
}

/* "key=value" of a run line into the run record. */
static bool run_field(struct kernel_run *r, const char *key, const char *val)
{
	static const struct {
		const char *key;
		size_t off;
	} u64s[] = {
#define F(k, m) { k, offsetof(struct kernel_run, m) }
		F("rounds", rounds), F("measured_cycles", measured_cycles), F("fast", fast),
		F("slow_hit", slow_hit), F("slow_miss", slow_miss),
		F("hazard_prev_store", hazard_prev_store),
		F("hazard_func_call", hazard_func_call),
		F("hazard_payload_read", hazard_payload_read),
		F("hazard_payload_write", hazard_payload_write),
		F("nivcsw", nivcsw), F("timer_overhead_cycles", timer_overhead_cycles),
		F("lock_cycles", lock_cycles),
#undef F
	};
	uint64_t v;
	size_t i;

	if (!strcmp(key, "strategy"))
		return snprintf(r->strategy, sizeof(r->strategy), "%s", val) <
		       (int)sizeof(r->strategy) && kernel_has_strategy(val);
	if (!strcmp(key, "waiter_cpus"))
		return snprintf(r->waiter_cpus, sizeof(r->waiter_cpus), "%s", val) <
		       (int)sizeof(r->waiter_cpus);
	if (!strcmp(key, "spin"))
		return snprintf(r->spin, sizeof(r->spin), "%s", val) < (int)sizeof(r->spin);
	if (!strcmp(key, "timing"))	/* absent: a module that timed every run */
		return (r->untimed = !strcmp(val, "none")) || !strcmp(val, "removal");
	if (!u64_of(val, &v))
		return false;
	if (!strcmp(key, "rep"))
		return (r->rep = (unsigned int)v) == v;
	if (!strcmp(key, "signaler_cpu"))
		return (r->signaler_cpu = (int)v) >= 0;
	for (i = 0; i < sizeof(u64s) / sizeof(u64s[0]); i++)
		if (!strcmp(key, u64s[i].key)) {
			*(uint64_t *)((char *)r + u64s[i].off) = v;
			return true;
		}
	return true;	/* a key a newer module added: ignored */
}

static int parse_run(char *line, struct kernel_run *r)
{
	char *tok, *save = NULL;

	memset(r, 0, sizeof(*r));
	for (tok = strtok_r(line, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		char *eq = strchr(tok, '=');

		if (!eq)
			return -1;
		*eq = 0;
		if (!run_field(r, tok, eq + 1))
			return -1;
	}
	return r->strategy[0] && r->rep ? 0 : -1;
}

/* "count=.. sum=.. min=.. max=.. B:C B:C ..." into a histogram. */
static int parse_hist(char *line, struct hist *h)
{
	char *tok, *save = NULL;
	uint64_t total = 0;

	hist_init(h);
	for (tok = strtok_r(line, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		char *sep = strchr(tok, '=');
		uint64_t v, b;

		if (sep) {
			*sep = 0;
			if (!u64_of(sep + 1, &v))
				return -1;
			if (!strcmp(tok, "count"))
				h->count = v;
			else if (!strcmp(tok, "sum"))
				h->sum = v;
			else if (!strcmp(tok, "min"))
				h->min = v;
			else if (!strcmp(tok, "max"))
				h->max = v;
			continue;
		}
		sep = strchr(tok, ':');
		if (!sep)
			return -1;
		*sep = 0;
		if (!u64_of(tok, &b) || !u64_of(sep + 1, &v) || b >= HIST_BUCKETS)
			return -1;
		h->bucket[b] += v;
		total += v;
	}
	if (total != h->count)
		return -1;
	if (!h->count)
		h->min = UINT64_MAX;
	return 0;
}

int kernel_results_parse(FILE *f, struct kernel_results *out, char *err, size_t errlen)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	unsigned long lineno = 0;
	bool version = false, end = false;
	struct kernel_run *cur = NULL;

	memset(out, 0, sizeof(*out));
	while ((len = getline(&line, &cap, f)) > 0) {
		char *val;

		lineno++;
		line[strcspn(line, "\n")] = 0;
		val = strchr(line, ' ');
		if (val)
			*val++ = 0;
		else
			val = line + strlen(line);
		if (!version) {
			if (strcmp(line, "fencebench-kmod") || strcmp(val, "1")) {
				snprintf(err, errlen, "the module speaks another format ('%s %s'): rebuild it (make kmod)",
					 line, val);
				goto bad;
			}
			version = true;
		} else if (!strcmp(line, "state")) {
			snprintf(out->state, sizeof(out->state), "%s", val);
			out->failed = !strncmp(val, "failed", 6);
		} else if (!strcmp(line, "tsc_khz")) {
			out->tsc_khz = (unsigned int)strtoul(val, NULL, 10);
		} else if (!strcmp(line, "lock")) {
			snprintf(out->lock, sizeof(out->lock), "%s", val);
		} else if (!strcmp(line, "preempt")) {
			snprintf(out->preempt, sizeof(out->preempt), "%s", val);
		} else if (!strcmp(line, "fence_nodes")) {
			snprintf(out->fence_nodes, sizeof(out->fence_nodes), "%s", val);
		} else if (!strcmp(line, "run")) {
			struct kernel_run *r = realloc(out->run, (out->nr + 1) * sizeof(*r));

			if (!r)
				goto nomem;
			out->run = r;
			cur = &r[out->nr];
			if (parse_run(val, cur) < 0) {
				snprintf(err, errlen, "module output line %lu: a bad run line", lineno);
				goto bad;
			}
			cur->fast_h = malloc(sizeof(struct hist));
			cur->slow_h = malloc(sizeof(struct hist));
			cur->signal_h = malloc(sizeof(struct hist));
			cur->wait_h = malloc(sizeof(struct hist));
			out->nr++;
			if (!cur->fast_h || !cur->slow_h || !cur->signal_h || !cur->wait_h)
				goto nomem;
			hist_init(cur->fast_h);
			hist_init(cur->slow_h);
			hist_init(cur->signal_h);
			hist_init(cur->wait_h);
		} else if (!strcmp(line, "hist") && cur) {
			char *name = val, *rest = strchr(val, ' ');
			struct hist *h;

			if (rest)
				*rest++ = 0;
			h = !strcmp(name, "fast") ? cur->fast_h : !strcmp(name, "slow") ? cur->slow_h :
			    !strcmp(name, "signal") ? cur->signal_h :
			    !strcmp(name, "wait") ? cur->wait_h : NULL;
			if (h && parse_hist(rest ? rest : name + strlen(name), h) < 0) {
				snprintf(err, errlen, "module output line %lu: a bad %s histogram",
					 lineno, name);
				goto bad;
			}
		} else if (!strcmp(line, "end")) {
			end = true;
			break;
		}
	}
	free(line);
	if (!end || !out->tsc_khz) {
		snprintf(err, errlen, "the module's output ended early (no %s)",
			 !version ? "version line" : !out->tsc_khz ? "tsc_khz" : "end line");
		kernel_results_free(out);
		return -1;
	}
	return 0;
nomem:
	snprintf(err, errlen, "out of memory");
bad:
	free(line);
	kernel_results_free(out);
	return -1;
}

/* The module's counts (summed over its waiters) and the row's columns they fill (uint64_t). */
static const struct {
	size_t row, run;
} counts[] = {
#define C(col, key) { offsetof(struct result_row, col), offsetof(struct kernel_run, key) }
	C(rounds, rounds), C(fastpath, fast), C(slowpath_hit, slow_hit),
	C(slowpath_miss, slow_miss), C(hazard_prev_store, hazard_prev_store),
	C(hazard_func_call, hazard_func_call), C(hazard_payload_read, hazard_payload_read),
	C(hazard_payload_write, hazard_payload_write), C(nivcsw, nivcsw),
#undef C
};

void kernel_row(const struct kernel_results *kr, unsigned int i, struct result_row *row,
		struct hist *merged)
{
	const struct kernel_run *r = &kr->run[i];
	const double cpn = (double)kr->tsc_khz / 1e6;	/* cycles per ns */
	/*
	 * The module times with rdtsc_ordered(), which ticks every cycle: its
	 * resolution is one cycle.  Of the floor it measures the timer's and
	 * the lock's medians only, not their spread nor the line transfer.
	 */
	const struct row_scale sc = {
		.cycles_per_ns = cpn, .resolution = 1, .overhead = r->timer_overhead_cycles,
		.overhead_mean = NAN, .overhead_sd = NAN, .c2c_ns = NAN, .c2c_sd_ns = NAN,
		.lock_ns = (double)r->lock_cycles / cpn, .lock_sd_ns = NAN,
	};
	const struct counters_sum none = { .ok = false };	/* no hardware counters */
	struct hist *fast = &merged[1], *slow = &merged[2];
	size_t k;

	*fast = *r->fast_h;
	*slow = *r->slow_h;
	hist_init(merged);
	hist_merge(merged, fast);
	hist_merge(merged, slow);
	for (k = 0; k < sizeof(counts) / sizeof(counts[0]); k++)
		*(uint64_t *)((char *)row + counts[k].row) =
			*(const uint64_t *)((const char *)r + counts[k].run);
	row->strategy = r->strategy;
	row->rep = r->rep;
	row->spin = r->spin;
	row->duration_ns = (uint64_t)row_ns(&sc, (double)r->measured_cycles);
	row->rounds_per_sec = row->duration_ns ? 1e9 * (double)r->rounds / (double)row->duration_ns
					       : 0;
	row->other_load_pct = NAN;		/* the kthreads are not our process */
	row->c2c_after_ns = NAN;		/* no floor measured after the run */
	/* an untimed run's histograms are empty: its counts are all there is */
	row_derive(row, merged, r->signal_h, &none, &sc, !r->untimed);
	/* empty unless the waiters slept (the module's wait histogram is empty) */
	row_derive_wait(row, r->wait_h, cpn);
}
