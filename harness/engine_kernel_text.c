// SPDX-License-Identifier: MIT
/*
 * engine_kernel_text.c - reads what fencebench.ko prints (kmod/fbk_main.c:
 * "key value" lines, then per run a "run key=value..." line and three
 * "hist NAME ..." lines) and turns one run into the measured part of a
 * result row, with the same arithmetic as the userspace engine's collect().
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine_kernel.h"
#include "row_derive.h"
#include "statistics.h"
#include "strategy.h"

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

void kernel_row(const struct kernel_results *kr, unsigned int i, struct result_row *row,
		struct hist *merged)
{
	const struct kernel_run *r = &kr->run[i];
	double cpn = (double)kr->tsc_khz / 1e6;	/* cycles per ns */
	struct hist *fast = &merged[1], *slow = &merged[2];

	*fast = *r->fast_h;
	*slow = *r->slow_h;
	hist_init(merged);
	hist_merge(merged, fast);
	hist_merge(merged, slow);
	row->strategy = r->strategy;
	row->rep = r->rep;
	row->rounds = r->rounds;
	row->duration_ns = (uint64_t)((double)r->measured_cycles / cpn);
	row->rounds_per_sec = row->duration_ns ? 1e9 * (double)r->rounds / (double)row->duration_ns
					       : 0;
	row->fastpath = r->fast;
	row->slowpath_hit = r->slow_hit;
	row->slowpath_miss = r->slow_miss;
	/* an untimed run's histograms are empty: its counts are all there is */
	row->removes = r->untimed ? r->fast + r->slow_hit + r->slow_miss : merged->count;
	row->fastpath_pct = row->removes ? 100.0 * (double)row->fastpath / (double)row->removes : 0;
	row->remove_ns_mean = hist_mean(merged) / cpn;
	row->remove_ns_p50 = hist_quantile(merged, 0.50) / cpn;
	row->remove_ns_p90 = hist_quantile(merged, 0.90) / cpn;
	row->remove_ns_p99 = hist_quantile(merged, 0.99) / cpn;
	row->remove_ns_p999 = hist_quantile(merged, 0.999) / cpn;
	row->remove_ns_max = (double)merged->max * (merged->count > 0) / cpn;
	row->fastpath_ns_p50 = fast->count ? hist_quantile(fast, 0.50) / cpn : NAN;
	row->slowpath_ns_p50 = slow->count ? hist_quantile(slow, 0.50) / cpn : NAN;
	row->signal_ns_mean = hist_mean(r->signal_h) / cpn;
	row->signal_ns_p50 = hist_quantile(r->signal_h, 0.50) / cpn;
	row->signal_ns_p99 = hist_quantile(r->signal_h, 0.99) / cpn;
	row->timer_overhead_ns = (double)r->timer_overhead_cycles / cpn;
	row->c2c_ns = NAN;			/* not measured in the kernel */
	row->c2c_after_ns = NAN;
	row->lock_uncontended_ns = (double)r->lock_cycles / cpn;
	row->cycles_per_remove = NAN;		/* no hardware counters */
	row->instructions_per_remove = NAN;
	row->cache_misses_per_remove = NAN;
	row->hitm_per_remove = NAN;
	row->hazard_prev_store = r->hazard_prev_store;
	row->hazard_func_call = r->hazard_func_call;
	row->hazard_payload_read = r->hazard_payload_read;
	row->hazard_payload_write = r->hazard_payload_write;
	row->nivcsw = r->nivcsw;
	row->spin = r->spin;
	row->other_load_pct = NAN;		/* the kthreads are not our process */
	/* empty unless the waiters slept (the module's wait histogram is empty) */
	row_derive_wait(row, r->wait_h, cpn);
	row->timing = r->untimed ? "none" : "removal";
	row->round_ns = r->rounds ? (double)row->duration_ns / (double)r->rounds : NAN;
	row->remove_ns_tmean = hist_trimmed_mean(merged, 0.99, 1) / cpn;
	row->remove_net_ns_p50 = stats_net(row->remove_ns_p50, row->timer_overhead_ns);
	row->remove_net_ns_p90 = stats_net(row->remove_ns_p90, row->timer_overhead_ns);
	row->remove_net_ns_p99 = stats_net(row->remove_ns_p99, row->timer_overhead_ns);
	row->remove_net_ns_p999 = stats_net(row->remove_ns_p999, row->timer_overhead_ns);
	row->fastpath_net_ns_p50 = stats_net(row->fastpath_ns_p50, row->timer_overhead_ns);
	/* the module measures the floor's median only, not its mean and spread */
	row->timer_overhead_mean_ns = NAN;
	row->timer_overhead_sd_ns = NAN;
	row->remove_net_ns_tmean = NAN;
	row->c2c_sd_ns = NAN;
	row->lock_uncontended_sd_ns = NAN;
	if (r->untimed)		/* as the model's --timing none: no latency, not 0 ns */
		row_clear_latencies(row);
}
