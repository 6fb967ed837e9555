// SPDX-License-Identifier: MIT
/*
 * user.c - the user engine: runs the model's loops (bench.c, handed over as
 * struct user_model) on a signaler and waiter threads pinned where the
 * plan says.  Allocates each thread's memory on its node, measures the
 * floor, starts every run through the gate, watches it (the watchdog names
 * the thread that stopped), checks the exactly-once accounting, collects
 * the threads' results into rows and repeats: strategies rotated and the
 * timing modes alternated each repetition, a disturbed run retried.
 */
#include <err.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../env.h"
#include "../floor.h"
#include "../gate.h"
#include "../histogram.h"
#include "../kernel_forms.h"
#include "../output.h"
#include "../plan.h"
#include "../row_derive.h"
#include "../rows.h"
#include "../run_labels.h"
#include "../session.h"
#include "../strategy.h"
#include "../test_hooks.h"
#include "../timer.h"
#include "../topology.h"
#include "../verify.h"
#include "engine.h"
#include "user.h"

/* Where a thread is, for the watchdog: runs are phases PHASE_RUN + 1, 2... */
enum phase { PHASE_NONE, PHASE_ALLOCATED, PHASE_FLOOR, PHASE_RUN };

struct bench {
	const struct bench_config *cfg;
	const struct user_model *model;	/* the loops run */
	volatile sig_atomic_t *stop;	/* the signal that ends the run, or 0 */
	struct topo *topo;
	const struct topo_plan *plan;
	unsigned int nr_waiters;
	int *cpus;			/* [0] signaler, then waiters (plan.cpus) */
	struct worker **workers;
	struct signaler *signaler;
	struct group *group;
	struct run run;
	struct gate gate;		/* waiters 0..n-1, then the signaler */
	const struct test_hooks *hooks;
	struct sink *sink;		/* closed by the watchdog on an interrupt */
	struct row_scale scale;		/* the timer and the machine's floor */
	unsigned int finished;		/* threads done with the current run */
	bool counters_ok;		/* hardware counters usable */
	char counters_why[192];		/* what is counted, or why nothing is */
	struct trace *trace;		/* --trace, or NULL */
	uint64_t rounds[REMOVE_NR];	/* each strategy's last run: --trace's stride */
	double fast_pct[REMOVE_NR];	/* its fast-path share and removal p50 (timed */
	double p50_ns[REMOVE_NR];	/* runs), set beside the trace's own */
};

struct thread_arg {
	struct bench *b;
	int index;			/* -1 signaler, else waiter index */
	unsigned int slot;		/* at the gate: the waiters, then the signaler */
};

/* The ring slots, each on its planned node (checked later with move_pages). */
static void alloc_fences(struct bench *b)
{
	unsigned int i;

	if (!b->group)
		return;
	for (i = 0; i < RING; i++) {
		int node = b->plan->fence_nodes[i % b->plan->fence_slots];

		/* a fake topology's nodes are not this machine's: stay local */
		b->group->ring[i] = topo_is_thissystem(b->topo) ?
			topo_alloc_onnode(sizeof(struct bench_fence), node) :
			topo_alloc_local(sizeof(struct bench_fence));
	}
}

/*
 * The floor on the run's CPUs: the signaler pings each waiter in turn.  A
 * fatal signal ends it on both sides at once (the run is not reported).
 */
static void floor_all(struct bench *b, struct signaler *sg, struct worker *w,
		      unsigned int samples)
{
	unsigned int i;

	for (i = 0; sg && i < b->nr_waiters; i++)
		if (!floor_ping_signaler(&b->workers[i]->ping.seq, samples, &sg->c2c, i,
					 b->nr_waiters, b->model->stop_requested))
			return;
	if (w)
		floor_ping_waiter(&w->ping.seq, samples, b->model->stop_requested);
}

static void *thread_main(void *p)
{
	const struct thread_arg *a = p;
	struct bench *b = a->b;
	const struct user_model *m = b->model;
	struct worker *w = NULL;
	struct signaler *sg = NULL;
	unsigned int phase;

	/* bound before creation: this memory is first touched on our node */
	if (a->index < 0) {
		sg = topo_alloc_local(sizeof(*sg));
		b->group = topo_alloc_local(sizeof(*b->group));
		alloc_fences(b);
		if (sg && b->group) {
			sg->cpu = b->cpus[0];
			sg->cpu_seen = sched_getcpu();
		}
		b->signaler = sg;
	} else {
		w = topo_alloc_local(sizeof(*w));
		if (w) {
			counters_init(&w->cnt, b->counters_ok);
			w->cpu = b->cpus[1 + a->index];
			w->index = (unsigned int)a->index;
			w->cpu_seen = sched_getcpu();
			timer_overhead_spread(20001, &w->timer);
		}
		b->workers[a->index] = w;
	}
	gate_pass(&b->gate, a->slot, PHASE_ALLOCATED);

	/* the floor, on the very CPUs in use: one waiter at a time */
	if (w && a->index == 0 && b->hooks->stall == STALL_FLOOR)
		test_hooks_stall();
	if (b->signaler && b->group)
		floor_all(b, sg, w, FLOOR_SAMPLES_START);
	if (sg && b->group) {
		trace_skew_signaler(b->trace, b->nr_waiters);
		floor_lock_uncontended(b->cfg->lock, &sg->lock_cost);
	} else if (w && b->signaler && b->group) {
		trace_skew_waiter(b->trace, w->index, &w->slot.cb);
	}
	gate_pass(&b->gate, a->slot, PHASE_FLOOR);

	for (phase = PHASE_RUN + 1;; phase++) {
		const struct run *run = &b->run;

		if (w && a->index == 0 && b->hooks->stall == STALL_START)
			test_hooks_stall();
		gate_pass(&b->gate, a->slot, phase);	/* start */
		if (run->quit || !b->signaler || !b->group || !b->group->ring[RING - 1])
			break;
		if (sg) {
			long cs = env_thread_nivcsw();

			hist_init(&sg->res.signal);
			hist_init(&sg->res.wait);
			(run->trace ? m->signaler_traced : run->timed ? m->signaler_timed :
			 m->signaler_untimed)(sg, run, b->group, b->workers, b->nr_waiters);
			sg->nivcsw = env_thread_nivcsw() - cs;
		} else if (w) {
			long cs = env_thread_nivcsw();

			hist_init(&w->res.remove[DMA_FENCE_REMOVE_FASTPATH]);
			hist_init(&w->res.remove[DMA_FENCE_REMOVE_SLOW_HIT]);
			hist_init(&w->res.remove[DMA_FENCE_REMOVE_SLOW_MISS]);
			counters_start(&w->cnt);
			if (run->trace)
				m->loops[run->strategy].loop_traced(w, run, b->group);
			else if (run->timed)
				m->loops[run->strategy].loop(w, run, b->group);
			else
				m->loops[run->strategy].loop_untimed(w, run, b->group);
			counters_stop(&w->cnt, w->res.cnt);
			w->nivcsw = env_thread_nivcsw() - cs;
		}
		/* the floor after this run, and before the next: nothing runs between */
		while (w && a->index == 0 && b->hooks->stall == STALL_REP_FLOOR &&
		       !READ_ONCE(*b->model->stop_requested))
			usleep(10000);
		floor_all(b, sg, w, FLOOR_SAMPLES_REP);
		/* main polls this instead of waiting, to see a run that hangs */
		__atomic_fetch_add(&b->finished, 1, __ATOMIC_RELEASE);
	}
	if (w)
		counters_close(&w->cnt);
	return NULL;
}

static void collect(const struct bench *b, enum remove_strategy s, unsigned int rep,
		    struct result_row *row, struct hist *merged)
{
	const struct worker_result *wr[TOPO_MAX_WAITERS];
	uint64_t nivcsw = (uint64_t)b->signaler->nivcsw;
	unsigned int i;

	for (i = 0; i < b->nr_waiters; i++) {
		wr[i] = &b->workers[i]->res;
		nivcsw += (uint64_t)b->workers[i]->nivcsw;
	}
	row_collect(row, &b->signaler->res, wr, b->nr_waiters, &b->scale, b->counters_ok,
		    b->run.timed, merged);
	row->strategy = strategies[s].name;
	row->rep = rep;
	row->signaler_cpu = b->cpus[0];
	row->nivcsw = nivcsw;
	row->lock = spin_kind_name[b->cfg->lock];
}

/* Exits 1 with a diagnostic if the exactly-once accounting failed. */
static void check_violation(const struct bench *b, enum remove_strategy s)
{
	const struct signaler_result *sr = &b->signaler->res;
	unsigned int i;

	for (i = 0; i < b->nr_waiters; i++)
		if (b->workers[i]->res.violation_round)
			errx(1, "%s: invariant broken in round %" PRIu64 ": waiter %u (CPU %d) "
			     "found its callback both removed and called, or neither",
			     strategies[s].name, b->workers[i]->res.violation_round, i,
			     b->workers[i]->cpu);
	if (sr->violation_round)
		errx(1, "%s: invariant broken in round %" PRIu64 ": %" PRIu64 " callbacks "
		     "called + %" PRIu64 " removed != %u waiters", strategies[s].name,
		     sr->violation_round, sr->violation_invoked, sr->violation_removed,
		     b->nr_waiters);
}

static __attribute__((noreturn)) void stuck_in(const struct bench *b, int who, double secs,
					       const char *what)
{
	if (who == (int)b->nr_waiters)
		errx(1, "watchdog: no progress for %.1f s: the signaler (CPU %d) has not %s",
		     secs, b->cpus[0], what);
	errx(1, "watchdog: no progress for %.1f s: waiter %d (CPU %d) has not %s", secs, who,
	     b->cpus[1 + who], what);
}

/*
 * The floor's ping-pong so far: it moves while a floor makes progress, at
 * start-up (from PHASE_FLOOR, once every thread has its memory) and after
 * each run.
 */
static uint64_t floor_progress(const struct bench *b, unsigned int phase)
{
	uint64_t sum = 0, i;

	for (i = 0; phase >= PHASE_FLOOR && i < b->nr_waiters; i++)
		if (b->workers[i])
			sum += smp_load_acquire(&b->workers[i]->ping.seq);
	return sum;
}

/*
 * Startup under the watchdog: every thread reaches @phase, or the one that
 * does not is named once nothing has moved for --timeout.  The floor can
 * be slow when threads share CPUs, so its ping-pong counts as progress.
 */
static void startup_wait(struct bench *b, unsigned int phase, const char *what)
{
	uint64_t t0 = timer_mono_ns(), seen = floor_progress(b, phase);
	int who;

	/* in 0.1 s slices: a signal ends the start-up too (at most 2 s) */
	while ((who = gate_wait(&b->gate, phase, 100000000)) >= 0) {
		if (*b->stop)
			sink_leave(b->sink, *b->stop, "before the threads were ready");
		if (floor_progress(b, phase) != seen) {
			seen = floor_progress(b, phase);
			t0 = timer_mono_ns();
		} else if (timer_mono_ns() - t0 > b->cfg->watchdog_ns) {
			stuck_in(b, who, (double)(timer_mono_ns() - t0) / 1e9, what);
		}
	}
}

static void start_threads(struct bench *b, pthread_t *threads, struct thread_arg *args)
{
	unsigned int i, total = b->nr_waiters + 1;
	int ret;

	if ((ret = gate_init(&b->gate, total))) {
		errno = ret;
		err(1, "gate_init");
	}
	for (i = 0; i < total; i++) {
		pthread_attr_t attr;

		args[i].b = b;
		args[i].index = (int)i - 1;
		args[i].slot = i ? i - 1 : b->nr_waiters;
		pthread_attr_init(&attr);
		if (topo_is_thissystem(b->topo) &&
		    (ret = topo_attr_bind_cpu(b->topo, &attr, b->cpus[i]))) {
			errno = ret;
			err(1, "bind thread to CPU %d", b->cpus[i]);
		}
		if ((ret = pthread_create(&threads[i], &attr, thread_main, &args[i]))) {
			errno = ret;
			err(1, "pthread_create");
		}
		pthread_attr_destroy(&attr);
	}
	startup_wait(b, PHASE_ALLOCATED, "allocated its memory");
	if (!b->signaler || !b->group)
		errx(1, "cannot allocate the signaler's memory");
	for (i = 0; i < RING; i++)
		if (!b->group->ring[i])
			errx(1, "cannot allocate the fences' memory");
	for (i = 0; i < b->nr_waiters; i++)
		if (!b->workers[i])
			errx(1, "cannot allocate waiter %u's memory", i);
	gate_open(&b->gate, PHASE_ALLOCATED);
	startup_wait(b, PHASE_FLOOR, "finished measuring the floor (line ping-pong)");

	for (i = 0; i < b->nr_waiters; i++) {
		const struct worker *w = b->workers[i];

		b->scale.overhead += (uint64_t)w->timer.median;
		b->scale.overhead_mean += w->timer.mean / b->nr_waiters;
		b->scale.overhead_sd += w->timer.sd / b->nr_waiters;
	}
	b->scale.c2c_ns = row_ns(&b->scale, b->signaler->c2c.median);
	b->scale.c2c_sd_ns = row_ns(&b->scale, b->signaler->c2c.sd);
	b->scale.overhead /= b->nr_waiters;
	b->scale.lock_ns = row_ns(&b->scale, b->signaler->lock_cost.median);
	b->scale.lock_sd_ns = row_ns(&b->scale, b->signaler->lock_cost.sd);
	for (i = 0; i < RING; i++)
		spin_lock_init_kind(&b->group->ring[i]->next_line_lock, b->cfg->lock);
	spin_lock_init_kind(&b->group->timeline_lock, b->cfg->lock);
}

/* Names the thread that stopped making progress, and exits 1. */
static __attribute__((noreturn)) void stuck(struct bench *b, uint64_t rw, double secs)
{
	uint64_t r = rw >> ROUND_SHIFT;
	unsigned int i;
	int who = gate_behind(&b->gate);

	if (who >= 0)
		stuck_in(b, who, secs, "started the run");
	for (i = 0; i < b->nr_waiters; i++) {
		const struct worker *w = b->workers[i];

		if (smp_load_acquire(&w->sync.attached) != r && !(rw & ROUND_STOP))
			errx(1, "watchdog: no progress for %.1f s: waiter %u (CPU %d) has not "
			     "added its callback in round %" PRIu64, secs, i, w->cpu, r);
		if (smp_load_acquire(&w->sync.done) >> ROUND_SHIFT != r && !(rw & ROUND_STOP))
			errx(1, "watchdog: no progress for %.1f s: waiter %u (CPU %d) has not "
			     "finished round %" PRIu64 " (waiting for the signal or removing)",
			     secs, i, w->cpu, r);
	}
	if (rw & ROUND_STOP)
		errx(1, "watchdog: no progress for %.1f s: %u of %u threads did not leave "
		     "their loop after the stop in round %" PRIu64, secs,
		     b->nr_waiters + 1 - __atomic_load_n(&b->finished, __ATOMIC_ACQUIRE),
		     b->nr_waiters + 1, r);
	errx(1, "watchdog: no progress for %.1f s: the signaler (CPU %d) has not finished "
	     "round %" PRIu64, secs, b->cpus[0], r);
}

/*
 * Wait for the threads to finish a run, watching the round word and then
 * the floor's ping-pong after the run: a run in which neither moves for
 * --timeout ends the program with a diagnostic.
 * A gap between two polls far longer than the poll (the whole process was
 * stopped, or starved) restarts the clock rather than blaming a thread.
 */
static void wait_run(struct bench *b)
{
	const uint64_t timeout = b->cfg->watchdog_ns;
	const unsigned int total = b->nr_waiters + 1;
	uint64_t rw = smp_load_acquire(&b->group->round), now = timer_mono_ns();
	uint64_t moved = now, polled = now, stopping = 0;
	uint64_t pinged = floor_progress(b, PHASE_RUN);	/* the floor after the run */
	const struct timespec tick = { 0, 5000000 };

	while (__atomic_load_n(&b->finished, __ATOMIC_ACQUIRE) != total) {
		uint64_t w;

		nanosleep(&tick, NULL);
		now = timer_mono_ns();
		if (now - polled > 1000000000ull)
			moved = now;
		polled = now;
		w = smp_load_acquire(&b->group->round);
		if (w != rw || floor_progress(b, PHASE_RUN) != pinged) {
			rw = w;
			pinged = floor_progress(b, PHASE_RUN);
			moved = now;
		} else if (now - moved > timeout) {
			stuck(b, rw, (double)(now - moved) / 1e9);
		}
		/* interrupted and a thread does not come back: keep what is done */
		if (*b->stop && !stopping)
			stopping = now;
		if (stopping && now - stopping > 2000000000ull)
			sink_leave(b->sink, *b->stop, "(a thread did not stop)");
	}
}

/*
 * One measured run of strategy @s; repeated while other load disturbed it
 * (up to --retries times).  Returns false when interrupted.
 */
static bool measure(struct bench *b, enum remove_strategy s, unsigned int rep,
		    struct result_row *row, struct hist *merged)
{
	const struct bench_config *cfg = b->cfg;
	const char *why;
	unsigned int attempt;

	for (attempt = 0;; attempt++) {
		struct env_cpu_sample before, after;
		struct spread floor = b->signaler->c2c;	/* measured right before the run */
		double other;

		b->run.strategy = s;
		b->run.round0 = b->group->round;	/* the threads wait at the gate */
		env_cpu_sample(&before);
		b->finished = 0;
		gate_open(&b->gate, b->gate.phase + 1);	/* start */
		wait_run(b);
		env_cpu_sample(&after);
		check_violation(b, s);
		if (*b->stop)
			return false;	/* an interrupted run is not reported */
		other = env_other_load(&before, &after);
		if (!b->signaler->res.rounds) {
			/* other load can starve a whole run: retry it like a disturbed one */
			if (spin_yield || other <= 10.0 || attempt >= cfg->retries)
				errx(1, "%s rep %u: no round completed in the measured %.3f s (a "
				     "round outlasted the warm-up and the measurement)",
				     strategies[s].name, rep, (double)cfg->duration_ns / 1e9);
			warnx("%s rep %u completed no round (%.0f%% other load): retrying",
			      strategies[s].name, rep, other);
			continue;
		}

		collect(b, s, rep, row, merged);
		b->rounds[s] = b->signaler->res.rounds;
		b->fast_pct[s] = row->fastpath_pct;
		if (row->remove_ns_p50 > 0)	/* not NaN: a timed run */
			b->p50_ns[s] = row->remove_ns_p50;
		row->other_load_pct = other < 0 ? NAN : other;	/* /proc/stat unreadable */
		row->retries = attempt;
		row_floor(row, &b->scale, &floor, &b->signaler->c2c,
			  test_hooks_floor_moves(b->hooks, rep, attempt));
		/*
		 * Disturbed: others used more than a tenth of a CPU during the run
		 * (/proc/stat counts in 10 ms ticks, steal time included).  The
		 * involuntary switches are reported but not judged: an idle VM
		 * here shows one per timer tick with nothing else runnable.
		 */
		row->disturbed = other < 0 ? ROW_UNKNOWN : !spin_yield && other > 10.0;
		if (!(why = row_unsettled(row)) || attempt >= cfg->retries)
			break;
		warnx("%s rep %u: %s (%" PRIu64 " involuntary switches, %.0f%% other load, floor "
		      "%.1f to %.1f ns): retrying", strategies[s].name, rep, why, row->nivcsw,
		      row->other_load_pct, row->c2c_ns, row->c2c_after_ns);
	}
	if (why && cfg->strict)
		errx(1, "%s rep %u: %s after %u retries (--strict)", strategies[s].name, rep, why,
		     cfg->retries);
	return true;
}

/* --trace: one more run per strategy, traced, as long as a measured run. */
static void run_traced(struct bench *b, const char *wait)
{
	const uint64_t warmup = b->run.warmup_cycles, duration = b->run.duration_cycles;
	unsigned int k;

	/*
	 * Warm from the measured runs: every round counts.  The stamps slow a
	 * round down, so the run may take up to twice as long to keep them all.
	 */
	b->run.warmup_cycles = 0;
	b->run.duration_cycles = 2 * duration;
	for (k = 0; k < b->cfg->nr_strategies && !*b->stop; k++) {
		enum remove_strategy s = b->cfg->strategy[k];
		uint64_t fast = 0, all = 0;
		unsigned int i;

		trace_arm(b->trace, b->rounds[s]);
		b->run.trace = b->trace;
		b->run.strategy = s;
		b->run.round0 = b->group->round;
		b->finished = 0;
		gate_open(&b->gate, b->gate.phase + 1);
		wait_run(b);
		b->run.trace = NULL;
		check_violation(b, s);
		for (i = 0; i < b->nr_waiters; i++) {
			const struct worker_result *wr = &b->workers[i]->res;

			fast += wr->fastpath;
			all += wr->fastpath + wr->slowpath_hit + wr->slowpath_miss;
		}
		trace_rows(b->trace, strategies[s].name, wait,
			   all ? 100.0 * (double)fast / (double)all : 0, b->fast_pct[s], b->p50_ns[s]);
	}
	b->run.warmup_cycles = warmup;
	b->run.duration_cycles = duration;
}

static void free_bench(struct bench *b)
{
	unsigned int i;

	for (i = 0; i < b->nr_waiters; i++)
		topo_free(b->workers[i], sizeof(*b->workers[i]));
	for (i = 0; i < RING; i++)
		topo_free(b->group->ring[i], sizeof(*b->group->ring[i]));
	topo_free(b->group, sizeof(*b->group));
	topo_free(b->signaler, sizeof(*b->signaler));
	gate_destroy(&b->gate);
	free(b->workers);
}

/* The model column of a user-engine row: the kernel forms the model follows. */
static void user_describe(const struct bench_config *cfg, enum remove_strategy s, char *buf,
			  size_t len)
{
	struct model_forms mf = {
		.list_v5_8 = strategies[s].signal == SIGNAL_LIST_V5_8,
		.flag = strategies[s].word_form,
		.func_first = strategies[s].signal == SIGNAL_FUNC_FIRST,
		.check_and_signal = cfg->wait == WAIT_CHECK,
		.placement = cfg->lock_at,
		.lock = cfg->lock,
	};

	model_describe(&mf, buf, len);
}

/* One configuration: threads, every strategy and repetition, join. */
static void run_config_user(const struct engine *e, const struct session *ses,
			    const struct topo_plan *plan, volatile sig_atomic_t *stop)
{
	const struct bench_config *cfg = ses->cfg;
	struct bench b = { .cfg = cfg, .model = e->model, .stop = stop, .topo = ses->topo,
			   .sink = ses->sink, .trace = ses->trace, .plan = plan };
	struct placement_cols pc;
	struct thread_arg *args;
	pthread_t *threads;
	struct hist *merged;
	struct run_labels l;
	struct run_facts facts;
	char errbuf[256];
	unsigned int i, rep, k, total;

	spin_yield = plan->oversubscribed;
	b.cpus = plan->cpus;
	b.nr_waiters = plan->nr_threads - 1;
	b.scale.cycles_per_ns = ses->cycles_per_ns;
	b.scale.resolution = ses->resolution;
	b.hooks = &ses->hooks;
	b.counters_ok = counters_wanted(cfg->counters, b.counters_why, sizeof(b.counters_why));
	total = b.nr_waiters + 1;
	b.workers = calloc(b.nr_waiters, sizeof(*b.workers));
	threads = calloc(total, sizeof(*threads));
	args = calloc(total, sizeof(*args));
	merged = malloc(3 * sizeof(*merged));	/* all, fast path, slow path */
	if (!b.workers || !threads || !args || !merged)
		err(1, "calloc");
	trace_alloc(b.trace, b.nr_waiters);
	start_threads(&b, threads, args);
	{
		int seen[1 + TOPO_MAX_WAITERS];
		const void *fence[RING];

		seen[0] = b.signaler->cpu_seen;
		for (i = 0; i < b.nr_waiters; i++)
			seen[1 + i] = b.workers[i]->cpu_seen;
		for (i = 0; i < RING; i++)
			fence[i] = b.group->ring[i];
		if (verify_placement(b.topo, plan, seen, fence, RING, &pc, errbuf,
				     sizeof(errbuf)) < 0)
			errx(1, "%s", errbuf);
	}

	run_labels_init(&l, e, cfg, b.topo, plan);
	sink_begin(ses->sink, run_labels_facts(&l, &b.scale, b.counters_why, plan, &facts));
	trace_begin(b.trace, b.scale.cycles_per_ns, b.scale.resolution, timer_source(), b.cpus[0],
		    b.cpus + 1);

	b.run.wait = cfg->wait;
	b.run.stall_round = ses->hooks.stall == STALL_ROUND ? ses->hooks.stall_round : UINT64_MAX;
	b.run.miscount_round = ses->hooks.miscount_round;
	b.run.warmup_cycles = (uint64_t)((double)cfg->warmup_ns * b.scale.cycles_per_ns);
	b.run.duration_cycles = (uint64_t)((double)cfg->duration_ns * b.scale.cycles_per_ns);
	b.run.timeout_cycles = (uint64_t)((double)cfg->timeout_ns * b.scale.cycles_per_ns);
	b.run.init_gap_cycles = (uint64_t)((double)cfg->init_gap_ns * b.scale.cycles_per_ns);
	b.run.pre_func_cycles = (uint64_t)((double)cfg->pre_func_ns * b.scale.cycles_per_ns);
	b.run.irq_delay_cycles = (uint64_t)((double)cfg->irq_delay_ns * b.scale.cycles_per_ns);
	b.run.lock_at = cfg->lock_at;
	b.run.lock = cfg->lock;
	gate_open(&b.gate, PHASE_RUN);

	for (rep = 1; rep <= cfg->repeat && !*stop; rep++) {
		for (k = 0; k < cfg->nr_strategies * 2 && !*stop; k++) {
			/* rotate the order each repetition so drift hits every strategy */
			enum remove_strategy s = cfg->strategy[(k / 2 + rep - 1) % cfg->nr_strategies];
			/* and the timing modes alternate: each strategy's pair runs back to back */
			enum timing t = (k + rep) % 2 ? TIMING_NONE : TIMING_REMOVAL;
			struct result_row row;

			if (!(cfg->timing & t))
				continue;
			b.run.timed = t == TIMING_REMOVAL;
			if (!measure(&b, s, rep, &row, merged))
				break;
			run_labels_row(&l, cfg, s, &row);
			verify_row(&pc, &row);
			row.spin = spin_yield ? "yield" : "pause";
			sink_row(ses->sink, &row, merged);
		}
	}

	if (b.trace && !*stop)
		run_traced(&b, l.wait);
	b.run.quit = true;
	gate_open(&b.gate, b.gate.phase + 1);
	for (i = 0; i < total; i++)
		pthread_join(threads[i], NULL);
	verify_free(&pc);
	free_bench(&b);
	free(merged);
	free(args);
	free(threads);
	spin_yield = 0;
}

struct engine engine_user(const struct user_model *model)
{
	return (struct engine){
		.name = "user",
		.describe = user_describe,
		.run = run_config_user,
		.model = model,
	};
}
