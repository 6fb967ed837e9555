// SPDX-License-Identifier: MIT
/*
 * session.c - one invocation's set-up and tear-down around its runs.
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>

#include "budget.h"
#include "compiler.h"
#include "cli.h"
#include "outfile.h"
#include "report/report.h"
#include "session.h"
#include "timer.h"

/* Where every thread and fence goes: a pure function of topology and request. */
static void plan_or_exit(const struct session *ses, const struct topo_request *req,
			 struct topo_plan *plan)
{
	char errbuf[512];

	if (topo_plan(ses->topo, req, plan, errbuf, sizeof(errbuf)) < 0)
		errx(2, "%s", errbuf);
}

int session_open(struct session *ses, struct bench_config *cfg, int argc, char **argv,
		 unsigned int fence_slots)
{
	char errbuf[512];

	*ses = (struct session){ .cfg = cfg };
	cli_parse(argc, argv, cfg);
	if (timer_init(errbuf, sizeof(errbuf)) < 0)
		cli_usage_error("%s", errbuf);
	if (cfg->report)
		return report_main(cfg->report_files, cfg->nr_report_files, cfg->format);
	test_hooks_read(&ses->hooks);

	if (topo_open(&ses->topo, errbuf, sizeof(errbuf)) < 0)
		errx(1, "%s", errbuf);
	/* an impossible placement is bad usage: say so before touching any file */
	ses->req = config_placement(cfg, fence_slots);
	if (cfg->topology || cfg->dry_run || !cfg->matrix) {
		struct topo_plan plan;

		plan_or_exit(ses, &ses->req, &plan);
		if (!cfg->topology)
			budget_check(cfg, plan.nr_threads, topo_nr_pus(ses->topo));
		/* the first line of an oversubscribed run: how long it will take */
		if (!cfg->topology && !cfg->dry_run && plan.oversubscribed)
			warnx("%u threads on %u usable CPUs: expected about %.0f s",
			      plan.nr_threads, topo_nr_pus(ses->topo),
			      budget_expected_s(cfg, plan.nr_threads, topo_nr_pus(ses->topo)));
		if (cfg->topology || cfg->dry_run) {
			topo_print_run(ses->topo, &plan, cfg->topology, cfg->nr_strategies,
				       cfg->repeat, cfg->duration_ns, cfg->warmup_ns, stdout);
			if (cfg->dry_run)
				budget_print(cfg, plan.nr_threads, topo_nr_pus(ses->topo), stdout);
			topo_plan_free(&plan);
			topo_close(ses->topo);
			return 0;
		}
		topo_plan_free(&plan);
	} else {
		if (!(ses->matrix_cpu = topo_matrix_cpus(ses->topo, cfg->matrix_cpus,
							 &ses->nr_matrix_cpus, errbuf,
							 sizeof(errbuf))))
			cli_usage_error("%s", errbuf);
	}
	{
		/* checked before any is opened: each can then be replaced whole */
		const char *path[] = { cfg->output, cfg->histogram, cfg->trace };
		const char *name[] = { "--output", "--histogram", "--trace" };
		const bool used[] = { true, cfg->histogram, cfg->trace };

		outfile_distinct(path, name, used, 3);
	}
	env_read(&ses->env);
	ses->sink = sink_open(cfg, &ses->env, argc, argv);
	ses->trace = trace_open(cfg->trace, cfg->trace_rounds);
	return -1;
}

struct topo_plan session_plan(const struct session *ses, const struct topo_request *req)
{
	struct topo_plan plan;

	plan_or_exit(ses, req, &plan);
	if (plan.oversubscribed)
		warnx("%u threads on %u usable CPUs: spin-waits yield the CPU, so latencies "
		      "include scheduling", plan.nr_threads, topo_nr_pus(ses->topo));
	return plan;
}

void session_signals(void (*handler)(int))
{
	static const int sigs[] = { SIGHUP, SIGINT, SIGPIPE, SIGALRM, SIGTERM, SIGUSR1, SIGUSR2,
				    SIGXFSZ };
	struct sigaction sa = { .sa_handler = handler };
	unsigned int i;

	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (sigaction(sigs[i], &sa, NULL) < 0)
			err(1, "sigaction");
}

void session_calibrate(struct session *ses)
{
	if (ses->cfg->meta)
		env_warn(&ses->env);
	ses->cycles_per_ns = timer_calibrate(50);
	ses->resolution = timer_resolution(10000);
}

int session_close(struct session *ses, int stop_signal)
{
	bool wrote;

	free(ses->matrix_cpu);
	/* the trace first: sink_close() replaces every output at once */
	trace_close(ses->trace, stop_signal);
	wrote = sink_close(ses->sink, stop_signal);
	topo_close(ses->topo);
	if (stop_signal) {
		if (wrote)
			warnx("interrupted: completed rows were written");
		return 128 + stop_signal;
	}
	return 0;
}
