// SPDX-License-Identifier: MIT
/*
 * run_labels.c - the text columns of a run's rows and run facts.
 */
#include <inttypes.h>
#include <stdio.h>

#include "engine/engine.h"
#include "kernel_forms.h"
#include "run_labels.h"
#include "timer.h"
#include "verify.h"

#ifndef FENCEBENCH_VERSION
#define FENCEBENCH_VERSION "0.1"
#endif

void run_wait_name(const struct bench_config *cfg, char *buf, size_t len)
{
	if (cfg->wait == WAIT_TIMEOUT)
		snprintf(buf, len, "timeout:%" PRIu64, cfg->timeout_ns);
	else
		snprintf(buf, len, "%s", cfg->wait == WAIT_POLL ? "poll" :
			 cfg->wait == WAIT_CHECK ? "check-and-signal" :
			 cfg->wait == WAIT_SLEEP ? "sleep" : "callback");
}

void run_labels_init(struct run_labels *l, const struct engine *e,
		     const struct bench_config *cfg, const struct topo *topo,
		     const struct topo_plan *plan)
{
	l->engine = e;
	l->lock = e->lock ? e->lock : spin_kind_name[cfg->lock];
	l->lock_placement = e->lock_placement ? e->lock_placement :
			    lock_placement_name[cfg->lock_at];
	verify_format_cpus(plan->cpus + 1, plan->nr_threads - 1, l->cpus, sizeof(l->cpus));
	run_wait_name(cfg, l->wait, sizeof(l->wait));
	topo_count(topo, &l->machine);
	l->model[0] = '\0';
	l->placement = topo_policy_name(plan->policy);
}

const struct run_facts *run_labels_facts(const struct run_labels *l, const struct row_scale *sc,
					 const char *counters, const struct topo_plan *plan,
					 struct run_facts *f)
{
	*f = (struct run_facts){
		.machine = l->machine, .timer = l->engine->timer ? l->engine->timer : timer_source(),
		.lock = l->lock, .cycles_per_ns = sc->cycles_per_ns,
		.resolution_ns = row_ns(sc, (double)sc->resolution),
		.overhead_ns = row_ns(sc, (double)sc->overhead), .c2c_ns = sc->c2c_ns,
		.lock_ns = sc->lock_ns, .counters = counters, .signaler_cpu = plan->cpus[0],
		.nr_waiters = plan->nr_threads - 1, .waiter_cpus = l->cpus, .wait = l->wait,
		.lock_placement = l->lock_placement, .meta_model = l->engine->meta_model,
		.meta_placement = l->engine->meta_placement };
	return f;
}

void run_labels_row(struct run_labels *l, const struct bench_config *cfg,
		    enum remove_strategy s, struct result_row *row)
{
	const struct engine *e = l->engine;

	row->version = FENCEBENCH_VERSION;
	row->engine = e->name;
	row->wait = l->wait;
	row->waiter_cpus = l->cpus;
	row->placement = l->placement;
	e->describe(cfg, s, l->model, sizeof(l->model));
	row->model = l->model;
	row->lock_placement = l->lock_placement;
	/* 0 where --inject is refused (the kernel engine) */
	row->inject_init_gap_ns = cfg->init_gap_ns;
	row->inject_pre_func_ns = cfg->pre_func_ns;
	row->inject_irq_delay_ns = cfg->irq_delay_ns;
}
