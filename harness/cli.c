// SPDX-License-Identifier: MIT
/*
 * cli.c - fencebench's command line.  The options[] table is the one source
 * of every option's name, argument, default and help text: getopt_long's
 * table and --help are both made from it, and tests/options.sh checks that
 * the man page (fencebench.1) and docs/options.md say the same.
 */
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "engine/kernel.h"
#include "parse.h"
#include "report/report.h"
#include "strategy.h"
#include "trace.h"

#ifndef FENCEBENCH_VERSION
#define FENCEBENCH_VERSION "0.1"
#endif

enum {
	OPT_NO_META = 256,
	OPT_META,
	OPT_RETRIES,
	OPT_STRICT,
	OPT_OVERSUBSCRIBE,
	OPT_REPORT,
	OPT_HISTOGRAM,
	OPT_PLACEMENT,
	OPT_SIGNALER_CPUS,
	OPT_WAITER_CPUS,
	OPT_FENCE_NODE,
	OPT_TOPOLOGY,
	OPT_DRY_RUN,
	OPT_TIMEOUT,
	OPT_APPEND,
	OPT_MATRIX,
	OPT_MATRIX_CPUS,
	OPT_LOCK,
	OPT_COUNTERS,
	OPT_TIMING,
	OPT_LOCK_PLACEMENT,
	OPT_ENGINE,
	OPT_TRACE,
	OPT_TRACE_ROUNDS,
};

/**
 * struct cli_option - one command-line option
 * @name: long name, without the dashes
 * @val: the short option's letter, or an OPT_* value
 * @arg: the argument as --help shows it; NULL: none
 * @def: the default as --help shows it ("(default: @def)"); NULL: none
 * @help: the rest of the help text; '\n' starts a continuation line
 * @section: printed as a heading above this option
 */
struct cli_option {
	const char *name;
	int val;
	const char *arg;
	const char *def;
	const char *help;
	const char *section;
};

/* An option; FIRST(heading, ...) also starts a section of --help. */
#define OPT(name, val, arg, def, help)		{ name, val, arg, def, help, NULL }
#define FIRST(sec, name, val, arg, def, help)	{ name, val, arg, def, help, sec }

static const struct cli_option options[] = {
	OPT("threads", 't', "N", "1", "waiter threads; the signaler is extra"),
	OPT("oversubscribe", OPT_OVERSUBSCRIBE, NULL, NULL, "allow more than 8 threads per usable\n"
	  "CPU (the start-up then takes minutes;\n--dry-run gives the expected time)"),
	/* the default: strategy.c's by_default entries (usage() prints them) */
	OPT("strategy", 's', "LIST", "", "comma-separated strategies, or 'all'"),
	OPT("duration", 'd', "TIME", "400ms", "measured time per strategy, timing mode and\n"
	  "repetition (200ms with --timing both)"),
	OPT("warmup", 'w', "TIME", "50ms", "unmeasured rounds before each measurement\n"
	  "(25ms with --timing both)"),
	OPT("repeat", 'r', "N", "5", "repetitions; strategy order rotates each time"),
	OPT("wait", 'W', "MODE", "poll", "poll | callback | timeout:TIME | check-and-signal\n"
	  "| sleep; check-and-signal: the fence has ->signaled,\nthe waiter polls the hardware's "
	  "seqno and signals\nthe fence itself when it sees it first; sleep: the\nwaiter sleeps "
	  "on a futex until the callback wakes\nit (wait_ns_*, remove_share_pct)"),
	OPT("inject", 'i', "SPEC", NULL, "widen a window: init-gap:TIME (between the two\n"
	  "INIT_LIST_HEAD stores; finish_wait: between\nlist_del_init_careful's two) or "
	  "pre-func:TIME\n(between INIT_LIST_HEAD and the call; finish_wait:\nbefore the call); "
	  "irq-delay:TIME (with\ncheck-and-signal: hardware done to the signal, an\n"
	  "interrupt's latency); repeat -i for other windows\n(the same window twice is refused)"),
	OPT("output", 'o', "FILE", NULL, "write results to FILE ('-': standard output),\n"
	  "replaced with --histogram and --trace, keeping\nits mode, only on success; a "
	  "device or FIFO is\nwritten in place, a link's target replaced"),
	OPT("append", OPT_APPEND, NULL, NULL, "add rows to the end of --output FILE if it exists\n"
	  "(its header must match; earlier rows are kept;\nnothing added unless a row is)"),
	OPT("format", 'f', "FMT", "table on a terminal, else csv",
	  "csv | table | json (JSON Lines: a header\nobject, then the rows)"),
	OPT("matrix", OPT_MATRIX, NULL, NULL, "every ordered pair of usable CPUs (signaler, waiter),\n"
	  "one short run each (50ms, 1 repetition by default),\nfor a heatmap; prints its time "
	  "estimate first"),
	OPT("matrix-cpus", OPT_MATRIX_CPUS, "LIST", NULL, "--matrix over these CPUs only "
	  "(0-3,8,10-15:2)"),
	OPT("histogram", OPT_HISTOGRAM, "FILE", NULL, "also write each strategy's merged latency "
	  "histogram\nas CSV (strategy, rep, bucket_low_ns, count,\ncum_fraction)"),
	OPT("meta", OPT_META, NULL, NULL, "the '#' lines describing the machine (CSV default),\n"
	  "above a table too"),
	OPT("no-meta", OPT_NO_META, NULL, NULL, "no '#' lines describing the machine above the CSV,\n"
	  "and no warnings about the environment"),
	OPT("retries", OPT_RETRIES, "N", "2", "rerun a repetition disturbed by other load, or\n"
	  "whose floor moved during it"),
	OPT("strict", OPT_STRICT, NULL, NULL, "fail (exit 1) if a repetition stays disturbed or\n"
	  "its floor moved"),
	OPT("timeout", OPT_TIMEOUT, "TIME", "4 x (warm-up + duration), at least 5s",
	  "watchdog: stop (exit 1) naming the stuck thread when\nno round completes for TIME "
	  "(startup included);\nthe default adds twice every waiter's\ninjected gaps"),
	OPT("lock", OPT_LOCK, "LOCK", "qspinlock", "the fence lock: qspinlock, ticket, ttas\n"
	  "(also a guest's virt_spin_lock), pthread,\npvqspinlock (a KVM guest's paravirt slow "
	  "path);\nsee docs/kernel-forms.md"),
	OPT("lock-placement", OPT_LOCK_PLACEMENT, "WHERE", "inline", "where the fence lock "
	  "lives: inline (v7.1,\nthe fence's own), next-line (i915 to v7.0: the\nnext cache "
	  "line), shared (one lock for the timeline:\namdgpu, drm_sched, xe)"),
	OPT("counters", OPT_COUNTERS, "on|off", "on", "hardware counters per waiter (off: no\n"
	  "perf_event_open at all); empty columns when none"),
	OPT("timing", OPT_TIMING, "MODE", "removal", "removal: time each removal; none: no timer\n"
	  "in the loop (round_ns and counts only, latency\ncolumns empty); both: the two, "
	  "interleaved"),
	OPT("engine", OPT_ENGINE, "ENGINE", "user", "user: the model; kernel: the same rounds on\n"
	  "the kernel's own dma-fence, by fencebench.ko\n(make kmod; root; see docs/kernel.md)"),
	OPT("trace", OPT_TRACE, "FILE", NULL, "after the measured runs, one traced run per\n"
	  "strategy: write cycle-counter stamps of sampled\nrounds (signal steps, wait exit, precheck, "
	  "lock,\nreturn) and the counter's cross-CPU skew as CSV\n(x86 with invariant TSC, arm64; "
	  "docs/precheck.md)"),
	OPT("trace-rounds", OPT_TRACE_ROUNDS, "N", "100", "rounds --trace samples, spread over the run"),
	OPT("report", OPT_REPORT, "[CSV]...", NULL, "no run: print a summary of a CSV (or "
	  "standard\ninput) for a mail, at most 72 columns; with two,\ncompare them (before, "
	  "after); a CSV of several\nregimes, or more than two CSVs (one per machine):\nthe "
	  "matrix of p50 change vs locked per CPU\ndistance and wait mode (-f csv: its numbers);\nfor an lkp-tests result directory, its\nfencebench.csv"),
	FIRST("Placement (see docs/placement.md):",
	      "placement", OPT_PLACEMENT, "POLICY", "compact", "compact: round-robin over usable "
	  "CPUs,\nsignaler first; spread: nodes, then cores, then SMT\nsiblings; smt: waiters on "
	  "the signaler's core's\nsiblings; llc: other cores of its last-level cache;\nnode: its "
	  "node, other LLCs (or cores); cross-node:\nother nodes, nearest first"),
	OPT("signaler-cpus", OPT_SIGNALER_CPUS, "LIST", NULL, "signaler on the first CPU of LIST "
	  "(0-3,8,10-15:2)"),
	OPT("waiter-cpus", OPT_WAITER_CPUS, "LIST", NULL, "waiters on these CPUs, in order "
	  "(cycling); both\nlists override --placement"),
	OPT("fence-node", OPT_FENCE_NODE, "WHERE", "signaler", "fences' memory: signaler, waiter, a "
	  "node\nnumber, or interleave (ring slots over nodes)"),
	OPT("topology", OPT_TOPOLOGY, NULL, NULL, "print the machine and the placement plan; exit"),
	OPT("dry-run", OPT_DRY_RUN, NULL, NULL, "print the plan of the full run, its expected\n"
	  "time and watchdog; do not run"),
	FIRST("", "help", 'h', NULL, NULL, "this text"),
	OPT("version", 'V', NULL, NULL, "version"),
};

#define NR_OPTIONS (sizeof(options) / sizeof(options[0]))

static const struct bench_config defaults = {
	.threads	= 1,
	.wait		= WAIT_POLL,
	.duration_ns	= 400000000ull,
	.warmup_ns	= 50000000ull,
	.repeat		= 5,
	.format		= FORMAT_AUTO,
	.meta		= true,
	.retries	= 2,
	.placement	= TOPO_COMPACT,
	.fence_node	= TOPO_FENCE_SIGNALER,
	.lock		= SPIN_QSPINLOCK,
	.lock_at	= LOCK_INLINE,
	.counters	= true,
	.timing		= TIMING_REMOVAL,
	.trace_rounds	= 100,
};

/* Help lines: "  -t, --threads N" padded to this column, then the text. */
#define HELP_COL	26

static void usage(FILE *f)
{
	char by_default[256];
	unsigned int i;

	strategy_names(STRATEGIES_DEFAULT, ",", by_default, sizeof(by_default));
	fprintf(f,
"Usage: fencebench [OPTION]...\n"
"Measure dma_fence_remove_callback() strategies: one signaler and N waiters,\n"
"each on its own CPU, race a lockless precheck against the fence signal.\n"
"\n");
	for (i = 0; i < NR_OPTIONS; i++) {
		const struct cli_option *o = &options[i];
		const char *p = o->help, *nl, *def = o->val == 's' ? by_default : o->def;
		int len;

		if (o->section)
			fprintf(f, "\n%s%s", o->section, *o->section ? "\n" : "");
		if (o->val < 256)
			len = fprintf(f, "  -%c, --%s", o->val, o->name);
		else
			len = fprintf(f, "      --%s", o->name);
		if (o->arg)
			len += fprintf(f, " %s", o->arg);
		/* a long first column gets its own line's worth of room */
		fprintf(f, "%*s", len < HELP_COL - 1 ? HELP_COL - len : 2, "");
		while ((nl = strchr(p, '\n'))) {
			fprintf(f, "%.*s\n%*s", (int)(nl - p), p, HELP_COL, "");
			p = nl + 1;
		}
		len = HELP_COL + fprintf(f, "%s", p);
		/* the default ends the entry, on a line of its own if need be */
		if (def && len + (int)strlen(def) + 12 > 79)
			fprintf(f, "\n%*s(default: %s)", HELP_COL, "", def);
		else if (def)
			fprintf(f, " (default: %s)", def);
		fputc('\n', f);
	}
	fprintf(f,
"\n"
"TIME is a number with a unit: ns, us, ms or s (a bare number is seconds for\n"
"--duration/--warmup/--timeout, nanoseconds for --inject and timeout:).\n"
"\n"
"Strategies:\n");
	for (i = 0; i < REMOVE_NR; i++)
		fprintf(f, "  %-24s %s\n", strategies[i].name, strategies[i].help);
	fprintf(f,
"\n"
"Exit status: 0 success, 1 runtime failure (a broken exactly-once invariant,\n"
"a thread not on its planned CPU, fences not on their node, the watchdog,\n"
"a repetition that completed no round), 2 bad usage or an impossible\n"
"placement, 128+N interrupted by signal N (HUP, INT, PIPE, ALRM, TERM, USR1,\n"
"USR2, XFSZ: completed rows kept; nothing replaced before the first row).\n");
}

void cli_usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", program_invocation_short_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (see --help)\n");
	exit(2);
}

static unsigned long long opt_count(const char *opt, const char *s, unsigned long long min,
				    unsigned long long max)
{
	unsigned long long v;
	char why[128];

	if (parse_count(s, min, max, &v, why, sizeof(why)) < 0)
		cli_usage_error("%s: %s", opt, why);
	return v;
}

/* A time with a unit (ns, us, ms, s); a bare number is in @bare_unit_ns. */
static uint64_t opt_time(const char *opt, const char *s, uint64_t bare_unit_ns)
{
	uint64_t v;
	char why[128];

	if (parse_time(s, bare_unit_ns, &v, why, sizeof(why)) < 0)
		cli_usage_error("%s: %s", opt, why);
	return v;
}

/* Every comma list: "a,,b", ",a" and "a," name an element that is not there. */
static const char *opt_list(const char *opt, const char *s)
{
	size_t n = strlen(s);

	if (!n || s[0] == ',' || s[n - 1] == ',' || strstr(s, ",,"))
		cli_usage_error("%s: empty element in '%s'", opt, s);
	return s;
}

/* Every strategy of the table, or its by_default ones, in its order. */
static void select_strategies(struct bench_config *cfg, bool all)
{
	unsigned int i;

	cfg->nr_strategies = 0;
	for (i = 0; i < REMOVE_NR; i++)
		if (all || strategies[i].by_default)
			cfg->strategy[cfg->nr_strategies++] = (enum remove_strategy)i;
}

static void parse_strategies(struct bench_config *cfg, const char *arg)
{
	char *copy, *tok, *save = NULL, names[256];
	bool seen[REMOVE_NR] = { false };
	const struct strategy *st;

	if (!strcmp(arg, "all")) {
		select_strategies(cfg, true);
		return;
	}
	opt_list("--strategy", arg);
	copy = strdup(arg);
	if (!copy)
		err(1, "strdup");
	cfg->nr_strategies = 0;
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		st = strategy_named(tok);
		if (!st)
			cli_usage_error("--strategy: unknown strategy '%s' (valid: %s, all)", tok,
					strategy_names(STRATEGIES_ALL, ", ", names, sizeof(names)));
		if (seen[st - strategies])
			cli_usage_error("--strategy: '%s' is listed twice", tok);
		seen[st - strategies] = true;
		cfg->strategy[cfg->nr_strategies++] = (enum remove_strategy)(st - strategies);
	}
	free(copy);
}

static void parse_wait(struct bench_config *cfg, const char *arg)
{
	if (!strcmp(arg, "poll")) {
		cfg->wait = WAIT_POLL;
	} else if (!strcmp(arg, "callback")) {
		cfg->wait = WAIT_CALLBACK;
	} else if (!strncmp(arg, "timeout:", 8)) {
		cfg->wait = WAIT_TIMEOUT;
		cfg->timeout_ns = opt_time("--wait timeout", arg + 8, 1);
	} else if (!strcmp(arg, "check-and-signal")) {
		cfg->wait = WAIT_CHECK;
	} else if (!strcmp(arg, "sleep")) {
		cfg->wait = WAIT_SLEEP;
	} else {
		cli_usage_error("--wait: unknown mode '%s' (valid: poll, callback, timeout:TIME, "
				"check-and-signal, sleep)",
				arg);
	}
}

/* One window's gap, once: each window widened by one -i; a second -i for
 * the same window is refused rather than replacing the first. */
static void inject_once(uint64_t *gap, const char *what, const char *value)
{
	if (*gap)
		cli_usage_error("%s given twice (one -i per window; different windows combine)",
				what);
	*gap = opt_time(what, value, 1);
}

static void parse_inject(struct bench_config *cfg, const char *arg)
{
	if (!strncmp(arg, "init-gap:", 9))
		inject_once(&cfg->init_gap_ns, "--inject init-gap", arg + 9);
	else if (!strncmp(arg, "pre-func:", 9))
		inject_once(&cfg->pre_func_ns, "--inject pre-func", arg + 9);
	else if (!strncmp(arg, "irq-delay:", 10))
		inject_once(&cfg->irq_delay_ns, "--inject irq-delay", arg + 10);
	else
		cli_usage_error("--inject: unknown window '%s' (valid: init-gap:TIME, "
				"pre-func:TIME, irq-delay:TIME)", arg);
}

static void parse_format(struct bench_config *cfg, const char *arg)
{
	if (!strcmp(arg, "csv"))
		cfg->format = FORMAT_CSV;
	else if (!strcmp(arg, "table"))
		cfg->format = FORMAT_TABLE;
	else if (!strcmp(arg, "json"))
		cfg->format = FORMAT_JSON;
	else
		cli_usage_error("--format: unknown format '%s' (valid: csv, table, json)", arg);
}

static void parse_fence_node(struct bench_config *cfg, const char *arg)
{
	if (!strcmp(arg, "signaler"))
		cfg->fence_node = TOPO_FENCE_SIGNALER;
	else if (!strcmp(arg, "waiter"))
		cfg->fence_node = TOPO_FENCE_WAITER;
	else if (!strcmp(arg, "interleave"))
		cfg->fence_node = TOPO_FENCE_INTERLEAVE;
	else if (*arg >= '0' && *arg <= '9')
		cfg->fence_node = (int)opt_count("--fence-node", arg, 0, 4095);
	else
		cli_usage_error("--fence-node: '%s' is not signaler, waiter, interleave "
				"or a node number", arg);
}

/* One option with its argument @arg (NULL for a flag). */
static void parse_one(struct bench_config *cfg, int c, const char *arg)
{
	int v;

	switch (c) {
	case 't':
		cfg->threads = (unsigned int)opt_count("--threads", arg, 1, 4096);
		cfg->threads_given = true;
		break;
	case 's':
		parse_strategies(cfg, arg);
		break;
	case 'd':
		cfg->duration_ns = opt_time("--duration", arg, 1000000000ull);
		cfg->duration_given = true;
		break;
	case 'w':
		cfg->warmup_ns = opt_time("--warmup", arg, 1000000000ull);
		cfg->warmup_given = true;
		break;
	case 'r':
		cfg->repeat = (unsigned int)opt_count("--repeat", arg, 1, 100000);
		cfg->repeat_given = true;
		break;
	case 'W':
		parse_wait(cfg, arg);
		break;
	case 'i':
		parse_inject(cfg, arg);
		cfg->inject_given = true;
		break;
	case 'o':
		if (!*arg)
			cli_usage_error("--output: empty file name");
		cfg->output = arg;
		break;
	case 'f':
		parse_format(cfg, arg);
		break;
	case OPT_NO_META:
		cfg->meta = false;
		break;
	case OPT_META:
		cfg->meta = true;
		cfg->meta_table = true;
		break;
	case OPT_RETRIES:
		cfg->retries = (unsigned int)opt_count("--retries", arg, 0, 100);
		break;
	case OPT_OVERSUBSCRIBE:
		cfg->oversubscribe = true;
		break;
	case OPT_STRICT:
		cfg->strict = true;
		break;
	case OPT_REPORT:
		cfg->report = true;
		break;
	case OPT_HISTOGRAM:
		if (!*arg)
			cli_usage_error("--histogram: empty file name");
		cfg->histogram = arg;
		break;
	case OPT_PLACEMENT:
		v = topo_policy_parse(arg);
		if (v < 0)
			cli_usage_error("--placement: unknown policy '%s' (valid: compact, spread, "
					"smt, llc, node, cross-node)", arg);
		cfg->placement = (enum topo_policy)v;
		break;
	case OPT_SIGNALER_CPUS:
		cfg->signaler_cpus = opt_list("--signaler-cpus", arg);
		break;
	case OPT_WAITER_CPUS:
		cfg->waiter_cpus = opt_list("--waiter-cpus", arg);
		break;
	case OPT_FENCE_NODE:
		parse_fence_node(cfg, arg);
		break;
	case OPT_TOPOLOGY:
		cfg->topology = true;
		break;
	case OPT_DRY_RUN:
		cfg->dry_run = true;
		break;
	case OPT_APPEND:
		cfg->append = true;
		break;
	case OPT_MATRIX:
		cfg->matrix = true;
		break;
	case OPT_MATRIX_CPUS:
		cfg->matrix = true;
		cfg->matrix_cpus = opt_list("--matrix-cpus", arg);
		break;
	case OPT_TIMEOUT:
		cfg->watchdog_ns = opt_time("--timeout", arg, 1000000000ull);
		if (!cfg->watchdog_ns)
			cli_usage_error("--timeout: must be more than 0");
		break;
	case OPT_LOCK:
		v = spin_kind_parse(arg);
		if (v < 0)
			cli_usage_error("--lock: unknown lock '%s' (valid: qspinlock, ticket, ttas, "
					"pthread, pvqspinlock)", arg);
		cfg->lock = (enum spin_kind)v;
		cfg->lock_given = true;
		break;
	case OPT_ENGINE:
		if (strcmp(arg, "user") && strcmp(arg, "kernel"))
			cli_usage_error("--engine: '%s' is not user or kernel", arg);
		cfg->kernel = !strcmp(arg, "kernel");
		break;
	case OPT_LOCK_PLACEMENT:
		v = lock_placement_parse(arg);
		if (v < 0)
			cli_usage_error("--lock-placement: unknown placement '%s' (valid: inline, "
					"next-line, shared)", arg);
		cfg->lock_at = (enum lock_placement)v;
		cfg->lock_at_given = true;
		break;
	case OPT_COUNTERS:
		if (!strcmp(arg, "on"))
			cfg->counters = true;
		else if (!strcmp(arg, "off"))
			cfg->counters = false;
		else
			cli_usage_error("--counters: '%s' is not on or off", arg);
		break;
	case OPT_TIMING:
		if (!strcmp(arg, "removal"))
			cfg->timing = TIMING_REMOVAL;
		else if (!strcmp(arg, "none"))
			cfg->timing = TIMING_NONE;
		else if (!strcmp(arg, "both"))
			cfg->timing = TIMING_BOTH;
		else
			cli_usage_error("--timing: '%s' is not removal, none or both", arg);
		break;
	case OPT_TRACE:
		if (!*arg)
			cli_usage_error("--trace: empty file name");
		cfg->trace = arg;
		break;
	case OPT_TRACE_ROUNDS:
		cfg->trace_rounds = (unsigned int)opt_count("--trace-rounds", arg, 1, 100000);
		cfg->trace_rounds_given = true;
		break;
	case 'h':
		usage(stdout);
		exit(0);
	case 'V':
		printf("fencebench %s\n", FENCEBENCH_VERSION);
		exit(0);
	}
}

/*
 * --engine kernel runs the kernel's own code: no injected gaps, no model
 * lock; of "all" strategies, the ones the kernel has.
 */
static void check_kernel_config(struct bench_config *cfg)
{
	unsigned int i, n = 0;
	char names[256];

	if (cfg->inject_given)
		cli_usage_error("--inject widens a window of the model; the kernel engine runs the "
				"kernel's own code: drop --inject or --engine kernel");
	if (cfg->lock_given)
		cli_usage_error("--lock chooses the model's lock; the kernel engine uses spinlock_t");
	if (cfg->lock_at_given)
		cli_usage_error("--lock-placement places the model's lock; the kernel engine's "
				"spinlock_t sits after its fence");
	if (cfg->wait == WAIT_CHECK)
		cli_usage_error("--wait check-and-signal needs ->signaled; the kernel engine's "
				"fences have none (poll, callback, timeout or sleep)");
	for (i = 0; i < cfg->nr_strategies; i++) {
		const char *name = strategies[cfg->strategy[i]].name;

		if (strategies[cfg->strategy[i]].kernel)
			cfg->strategy[n++] = cfg->strategy[i];
		else if (cfg->nr_strategies != REMOVE_NR)
			cli_usage_error("--strategy: '%s' is a model of another kernel's code; the "
					"kernel engine has %s", name,
					strategy_names(STRATEGIES_KERNEL, ", ", names, sizeof(names)));
		else
			warnx("--engine kernel: %s is a model-only strategy, skipped", name);
	}
	cfg->nr_strategies = n;
}

/* Combinations, and the values that follow from the others. */
static void check_config(struct bench_config *cfg)
{
	if (cfg->matrix) {
		if (cfg->signaler_cpus || cfg->waiter_cpus || cfg->threads_given ||
		    cfg->placement != TOPO_COMPACT)
			cli_usage_error("--matrix chooses the CPUs itself: drop --threads, "
					"--placement and the CPU lists (use --matrix-cpus)");
		if (cfg->format == FORMAT_TABLE)
			cli_usage_error("--matrix writes CSV: drop --format table");
		/* short runs per pair unless told otherwise */
		if (!cfg->duration_given)
			cfg->duration_ns = 50000000ull;
		if (!cfg->warmup_given)
			cfg->warmup_ns = 10000000ull;
		if (!cfg->repeat_given)
			cfg->repeat = 1;
		cfg->format = FORMAT_CSV;
		cfg->threads = 1;
	}
	/* both timing modes fit the time one took: half as long each */
	if (cfg->timing == TIMING_BOTH) {
		if (!cfg->duration_given)
			cfg->duration_ns /= 2;
		if (!cfg->warmup_given)
			cfg->warmup_ns /= 2;
	}
	if (cfg->append && !cfg->output)
		cli_usage_error("--append needs --output FILE");
	if (cfg->append && (cfg->format == FORMAT_TABLE || cfg->format == FORMAT_JSON))
		cli_usage_error("--append writes CSV: drop --format %s",
				cfg->format == FORMAT_TABLE ? "table" : "json");
	if (cfg->duration_ns < 1000000)
		cli_usage_error("--duration: at least 1ms is needed to measure anything");
	if (cfg->wait == WAIT_TIMEOUT && cfg->timeout_ns == 0)
		cli_usage_error("--wait timeout: the timeout must be more than 0");
	if (cfg->irq_delay_ns && cfg->wait != WAIT_CHECK)
		cli_usage_error("--inject irq-delay needs --wait check-and-signal");
	if (cfg->kernel)
		check_kernel_config(cfg);
	if (cfg->trace_rounds_given && !cfg->trace)
		cli_usage_error("--trace-rounds needs --trace FILE");
	if (cfg->trace && (cfg->matrix || cfg->kernel))
		cli_usage_error("--trace traces one configuration of the model: drop %s",
				cfg->matrix ? "--matrix" : "--engine kernel");
	if (cfg->trace) {
		char why[160];

		if (trace_counter_check(why, sizeof(why)) < 0) {
			fprintf(stderr, "%s: %s\n", program_invocation_short_name, why);
			exit(2);
		}
	}
	if (!cfg->watchdog_ns) {
		cfg->watchdog_ns = 4 * (cfg->warmup_ns + cfg->duration_ns);
		if (cfg->watchdog_ns < 5000000000ull)
			cfg->watchdog_ns = 5000000000ull;
		/* a round may stall for every waiter's gaps: never blame a thread for them */
		cfg->watchdog_ns += 2 * (uint64_t)cfg->threads *
				    (cfg->init_gap_ns + cfg->pre_func_ns + cfg->irq_delay_ns);
	}
}

void cli_parse(int argc, char **argv, struct bench_config *cfg)
{
	struct option longopts[NR_OPTIONS + 1];
	char shortopts[2 * NR_OPTIONS + 2], *s = shortopts;
	unsigned int i;
	int c;

	*s++ = ':';	/* a missing value is ':', not '?' */
	for (i = 0; i < NR_OPTIONS; i++) {
		const struct cli_option *o = &options[i];
		/* "[CSV [CSV]]": the files are operands, not the option's value */
		int has_arg = o->arg && o->arg[0] != '[' ? required_argument : no_argument;

		longopts[i] = (struct option){ o->name, has_arg, NULL, o->val };
		if (o->val < 256) {
			*s++ = (char)o->val;
			if (has_arg)
				*s++ = ':';
		}
	}
	*s = 0;
	memset(&longopts[NR_OPTIONS], 0, sizeof(longopts[0]));

	*cfg = defaults;
	select_strategies(cfg, false);
	opterr = 0;
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		if (c == ':')
			cli_usage_error("%s needs a value", argv[optind - 1]);
		if (c == '?') {
			if (optopt)
				cli_usage_error("unknown option '-%c'", optopt);
			cli_usage_error("unknown option '%s'", argv[optind - 1]);
		}
		parse_one(cfg, c, optarg);
	}
	if (cfg->report) {
		const char *why = report_refused((unsigned int)(argc - optind), cfg->format);

		if (why)
			cli_usage_error("%s", why);
		cfg->report_files = argv + optind;
		cfg->nr_report_files = (unsigned int)(argc - optind);
		return;
	}
	if (optind < argc)
		cli_usage_error("unexpected argument '%s'", argv[optind]);
	/* without --threads, one waiter per CPU of --waiter-cpus */
	if (cfg->waiter_cpus && !cfg->threads_given)
		cfg->threads = 0;
	check_config(cfg);
}
