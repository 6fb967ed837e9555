// SPDX-License-Identifier: MIT
/*
 * bench.c - fencebench: what does a lockless precheck in
 * dma_fence_remove_callback() buy, and is it safe?
 *
 * One signaler and N waiter threads, each pinned to its own CPU, run rounds
 * (DESIGN: one round per fence):
 *
 *   signaler                          waiter i
 *   init fence r, publish r  ------>  see r; add its callback (a frame in
 *                                     its own memory); announce "attached"
 *   wait for all attached    <------
 *   lock; signal (S1..S4); unlock     poll dma_fence_is_signaled() (or the
 *                                     callback's flag, or a timeout)
 *                                     time the removal with the strategy
 *                                     under test; on a lockless return reuse
 *                                     the frame at once (poison it)
 *   wait for all done        <------  report done (and whether it removed)
 *   check: every callback was removed or called, exactly once
 *
 * What is timed is the removal call alone (cycles_start/cycles_end), into a
 * per-waiter log-linear histogram; the signaler times how long it holds the
 * lock to run the callbacks.  The poison makes late signaler accesses to a
 * released frame visible without any data race (KERNEL-FACTS §6.3):
 *   hazard_prev_store    the signaler's INIT_LIST_HEAD prev store landed
 *                        after the waiter let go (window A)
 *   hazard_func_call     the signaler called through the poisoned func
 *   hazard_payload_read  the callback read the poisoned payload  (window B)
 *   hazard_payload_write the callback's final store landed after release
 *
 * Each strategy has its own copy of the waiter loop with the removal
 * inlined (STYLE C.2): the one indirect call per run selects the loop.
 */
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "compiler.h"
#include "counters.h"
#include "cycles.h"
#include "env.h"
#include "fence.h"
#include "parse.h"
#include "report.h"
#include "stats.h"
#include "summary.h"
#include "timer.h"
#include "topology.h"

#ifndef FENCEBENCH_VERSION
#define FENCEBENCH_VERSION "0.1"
#endif
#ifndef FENCEBENCH_CFLAGS
#define FENCEBENCH_CFLAGS "unknown flags"
#endif

/*
 * The callback's payload (the stand-in for default_wait_cb::task) is a
 * relaxed atomic, so hazards are found by value, not by the sanitizer.  The
 * TSan oracle build makes it a plain field: ThreadSanitizer then reports
 * the strategies that let the signaler touch a released frame.
 */
#ifdef FENCEBENCH_TSAN_ORACLE
#define PAYLOAD_READ(x)		(x)
#define PAYLOAD_WRITE(x, v)	((x) = (v))
#else
#define PAYLOAD_READ(x)		READ_ONCE(x)
#define PAYLOAD_WRITE(x, v)	WRITE_ONCE(x, v)
#endif

#define PAYLOAD_POISON	((uintptr_t)0x5a5a5a5a5a5a5a5aull)
#define PREV_POISON	((struct list_head *)(uintptr_t)0xdead4eaddead4eadull)
#define TSK_POISON	((void *)(uintptr_t)0x6b6b6b6b6b6b6b6bull)

#define RING		4		/* fences in flight per group */
#define ROUND_MEASURE	1ull		/* round word: count this round */
#define ROUND_STOP	2ull		/* round word: leave the loop */
#define ROUND_SHIFT	2

enum remove_strategy {
	REMOVE_LOCKED,
	REMOVE_LIST_EMPTY,
	REMOVE_CAREFUL,
	REMOVE_CAREFUL_2020,
	REMOVE_FLAG,
	REMOVE_NR
};

enum wait_mode { WAIT_POLL, WAIT_CALLBACK, WAIT_TIMEOUT };

enum out_format { FORMAT_AUTO, FORMAT_CSV, FORMAT_TABLE,
	FORMAT_JSON,		/* JSON Lines: a header object, then one object per row */
};

struct bench_config {
	unsigned int threads;
	unsigned int nr_strategies;
	enum remove_strategy strategy[REMOVE_NR];
	enum wait_mode wait;
	uint64_t timeout_ns;
	uint64_t duration_ns;
	uint64_t warmup_ns;
	unsigned int repeat;
	uint64_t init_gap_ns;
	uint64_t pre_func_ns;
	const char *output;
	enum out_format format;
	bool meta;
	unsigned int retries;
	bool strict;
	bool report;
	const char *histogram;
	char **report_files;
	unsigned int nr_report_files;
	bool threads_given;
	enum topo_policy placement;
	const char *signaler_cpus, *waiter_cpus;
	int fence_node;			/* node, or TOPO_FENCE_* */
	bool topology, dry_run;
	uint64_t watchdog_ns;		/* --timeout; 0 until check_config */
	bool append;
	bool meta_table;		/* --meta: the '#' lines above a table too */
	bool matrix;
	const char *matrix_cpus;
	bool duration_given, warmup_given, repeat_given;
	enum spin_kind lock;		/* --lock: the fence lock */
	bool counters;			/* --counters: hardware counters (on) */
};

static const struct bench_config defaults = {
	.threads	= 1,
	.nr_strategies	= 4,
	.strategy	= { REMOVE_LOCKED, REMOVE_LIST_EMPTY, REMOVE_CAREFUL, REMOVE_FLAG },
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
	.counters	= true,
};

/* A ring slot: the fence with its own lock, on the --fence-node node(s). */
struct bench_fence {
	struct dma_fence base;
	spinlock_t lock;
	/* written only by the callbacks, which run on the signaler */
	struct {
		uint64_t invoked;
		uint64_t hazard_func_call;
		uint64_t hazard_payload_read;
	} cbstat __cacheline_aligned;
} __cacheline_aligned;

/*
 * The waiter's frame: default_wait_cb / i915's request_wait.  @tsk is the
 * word the callback clears (release) as its last access; @payload is what
 * the callback reads from the container.
 */
struct waiter_cb {
	struct dma_fence_cb cb;
	void *tsk;
	uintptr_t payload;
} __cacheline_aligned;

struct worker_result {
	uint64_t fastpath, slowpath_hit, slowpath_miss;
	uint64_t hazard_prev_store, hazard_payload_write;
	uint64_t violation_round;	/* first round whose check failed, 0 if none */
	struct spin_lock_stat lock;	/* this thread's measured-round lock stats */
	uint64_t loop_removes;		/* removals in the whole loop, warm-up included */
	uint64_t cnt[CNT_NR];		/* hardware counts around the loop, or UINT64_MAX */
	struct hist remove[3];		/* by enum dma_fence_remove_outcome */
};

struct worker {
	/* written by this waiter every round, read by the signaler */
	struct {
		uint64_t attached;
		uint64_t done;		/* round << 2 | violation << 1 | removed */
	} sync __cacheline_aligned;
	struct waiter_cb slot;
	/* the line the signaler and this waiter bounce to measure the floor */
	struct {
		uint64_t seq;
	} ping __cacheline_aligned;
	struct worker_result res __cacheline_aligned;
	int cpu, cpu_seen;
	uint64_t timer_overhead;	/* cycles, median on this CPU */
	uint64_t c2c_cycles;		/* one-way line transfer from the signaler */
	long nivcsw;			/* involuntary context switches in the last run */
	struct counters cnt;		/* this thread's counter group (fds -1: none) */
};

struct signaler_result {
	uint64_t rounds;
	uint64_t duration_cycles;
	uint64_t hazard_func_call, hazard_payload_read;
	uint64_t violation_round, violation_invoked, violation_removed;
	struct spin_lock_stat lock;	/* this thread's measured-round lock stats */
	struct hist signal;
};

struct group {
	uint64_t round __cacheline_aligned;
	struct bench_fence *ring[RING];	/* each in its own pages, on its node */
};

struct signaler {
	struct signaler_result res;
	int cpu, cpu_seen;
	uint64_t lock_cycles;		/* uncontended spin_lock + spin_unlock */
	long nivcsw;
};

/* What main asks the threads to do next: written before the start barrier. */
struct run {
	/*
	 * The round word when the run starts.  Rounds count on across runs, so
	 * a waiter's attached/done words left from an earlier run can never
	 * match a round of this one.
	 */
	uint64_t round0;
	enum remove_strategy strategy;
	bool quit;
	uint64_t warmup_cycles, duration_cycles;
	uint64_t timeout_cycles, init_gap_cycles, pre_func_cycles;
	enum wait_mode wait;
};

struct bench {
	const struct bench_config *cfg;
	struct topo *topo;
	struct topo_plan plan;
	unsigned int nr_waiters;
	int *cpus;			/* [0] signaler, then waiters (plan.cpus) */
	struct worker **workers;
	struct signaler *signaler;
	struct group *group;
	struct run run;
	pthread_barrier_t barrier;
	double cycles_per_ns;
	uint64_t resolution;		/* timer tick, cycles */
	uint64_t overhead;		/* timer reading pair, cycles */
	double c2c_ns, lock_ns;		/* the machine's floor */
	unsigned int finished;		/* threads done with the current run */
	bool counters_ok;		/* hardware counters usable */
	char counters_why[192];		/* what is counted, or why nothing is */
};

/*
 * FENCEBENCH_TEST_STALL=ROUND makes every waiter stop for good in that
 * round: how tests/robust.sh checks the watchdog.  Read once, before any
 * thread starts.
 */
static uint64_t stall_round = UINT64_MAX;

static noinline void stall_forever(void)
{
	for (;;)
		sleep(1);
}

static volatile sig_atomic_t stop_signal;
static int stop_requested;		/* read by the signaler each round */

static void waiter_wake(struct dma_fence *fence, struct dma_fence_cb *cb)
{
	struct bench_fence *bf = container_of(fence, struct bench_fence, base);
	struct waiter_cb *wcb = container_of(cb, struct waiter_cb, cb);

	bf->cbstat.invoked++;
	if (PAYLOAD_READ(wcb->payload) == PAYLOAD_POISON)
		bf->cbstat.hazard_payload_read++;
	/* wake_up_process(): the last access to the waiter's frame */
	smp_store_release(&wcb->tsk, NULL);
}

/* What a released frame's func slot points at: counts, touches nothing. */
static void waiter_trap(struct dma_fence *fence, struct dma_fence_cb *cb)
{
	struct bench_fence *bf = container_of(fence, struct bench_fence, base);

	(void)cb;
	bf->cbstat.invoked++;
	bf->cbstat.hazard_func_call++;
}

static __always_inline enum dma_fence_remove_outcome
remove_cb(struct dma_fence *f, struct waiter_cb *wcb, const enum remove_strategy s)
{
	switch (s) {	/* no default: -Wswitch catches a missing strategy */
	case REMOVE_LOCKED:
		return __dma_fence_remove_callback_locked(f, &wcb->cb);
	case REMOVE_LIST_EMPTY:
		return __dma_fence_remove_callback_list_empty(f, &wcb->cb);
	case REMOVE_CAREFUL:
		return __dma_fence_remove_callback_list_empty_careful(f, &wcb->cb);
	case REMOVE_CAREFUL_2020:
		return __dma_fence_remove_callback_list_empty_careful_2020(f, &wcb->cb);
	case REMOVE_FLAG:
		return __dma_fence_remove_callback_flag(f, &wcb->cb, &wcb->tsk);
	case REMOVE_NR:
		break;
	}
	return DMA_FENCE_REMOVE_SLOW_MISS;
}

static __always_inline void waiter_loop(struct worker *w, const struct run *run,
					struct group *g, const enum remove_strategy s)
{
	struct waiter_cb *wcb = &w->slot;
	struct hist *h = w->res.remove;
	const enum wait_mode wait = run->wait;
	const uint64_t timeout = run->timeout_cycles;
	uint64_t fast = 0, hit = 0, miss = 0, hz_prev = 0, hz_write = 0, violation = 0, calls = 0;
	uint64_t last = run->round0, rw;
	bool last_fast = false, last_measured = false;
	struct spin_lock_stat ls0 = { 0, 0 };

	for (;;) {
		enum dma_fence_remove_outcome o;
		struct dma_fence *f;
		uint64_t r, t0, t1;
		bool measured, removed, bad;
		int ret;

		while ((rw = smp_load_acquire(&g->round)) == last)
			spin_relax();
		last = rw;
		/* the signaler is done with the last round: did it write late? */
		if (last_fast && last_measured) {
			hz_prev += READ_ONCE(wcb->cb.node.prev) == &wcb->cb.node;
			hz_write += READ_ONCE(wcb->tsk) == NULL;
		}
		if (rw & ROUND_STOP)
			break;
		r = rw >> ROUND_SHIFT;
		measured = rw & ROUND_MEASURE;
		if (unlikely(r == stall_round))
			stall_forever();
		if (measured && !last_measured)
			ls0 = spin_lock_stat;	/* thread-local: lock stats of measured rounds */
		f = &g->ring[r % RING]->base;

		/* a fresh frame */
		PAYLOAD_WRITE(wcb->payload, (uintptr_t)w);
		WRITE_ONCE(wcb->tsk, (void *)w);
		ret = dma_fence_add_callback(f, &wcb->cb, waiter_wake);
		smp_store_release(&w->sync.attached, r);

		switch (wait) {
		case WAIT_POLL:
			while (!dma_fence_is_signaled(f))
				spin_relax();
			break;
		case WAIT_CALLBACK:
			while (smp_load_acquire(&wcb->tsk))
				spin_relax();
			break;
		case WAIT_TIMEOUT:
			t0 = get_cycles();
			while (!dma_fence_is_signaled(f) && get_cycles() - t0 < timeout)
				spin_relax();
			break;
		}

		t0 = cycles_start();
		o = remove_cb(f, wcb, s);
		t1 = cycles_end();
		calls++;

		removed = o == DMA_FENCE_REMOVE_SLOW_HIT;
		bad = ret != 0;
		if (o == DMA_FENCE_REMOVE_FASTPATH) {
			/* return from the wait: the frame is reused at once */
			PAYLOAD_WRITE(wcb->payload, PAYLOAD_POISON);
			WRITE_ONCE(wcb->cb.func, waiter_trap);
			WRITE_ONCE(wcb->cb.node.prev, PREV_POISON);
			WRITE_ONCE(wcb->tsk, TSK_POISON);
		} else {
			/* under the lock: removed, or the callback ran to completion */
			bad |= !list_empty(&wcb->cb.node);
			bad |= removed == (READ_ONCE(wcb->tsk) == NULL);
		}
		last_fast = o == DMA_FENCE_REMOVE_FASTPATH;
		last_measured = measured;
		if (measured) {
			hist_add(&h[o], t1 - t0);
			fast += o == DMA_FENCE_REMOVE_FASTPATH;
			hit += removed;
			miss += o == DMA_FENCE_REMOVE_SLOW_MISS;
		}
		if (unlikely(bad) && !violation)
			violation = r;
		smp_store_release(&w->sync.done,
				  r << ROUND_SHIFT | (uint64_t)bad << 1 | (uint64_t)removed);
	}
	w->res.fastpath = fast;
	w->res.slowpath_hit = hit;
	w->res.slowpath_miss = miss;
	w->res.hazard_prev_store = hz_prev;
	w->res.hazard_payload_write = hz_write;
	w->res.violation_round = violation;
	w->res.loop_removes = calls;
	w->res.lock.contentions = last_measured ? spin_lock_stat.contentions - ls0.contentions : 0;
	w->res.lock.handoffs = last_measured ? spin_lock_stat.handoffs - ls0.handoffs : 0;
}

static noinline void loop_locked(struct worker *w, const struct run *run, struct group *g)
{
	waiter_loop(w, run, g, REMOVE_LOCKED);
}

static noinline void loop_list_empty(struct worker *w, const struct run *run, struct group *g)
{
	waiter_loop(w, run, g, REMOVE_LIST_EMPTY);
}

static noinline void loop_careful(struct worker *w, const struct run *run, struct group *g)
{
	waiter_loop(w, run, g, REMOVE_CAREFUL);
}

static noinline void loop_careful_2020(struct worker *w, const struct run *run, struct group *g)
{
	waiter_loop(w, run, g, REMOVE_CAREFUL_2020);
}

static noinline void loop_flag(struct worker *w, const struct run *run, struct group *g)
{
	waiter_loop(w, run, g, REMOVE_FLAG);
}

struct strategy {
	const char *name;
	const char *help;
	void (*loop)(struct worker *w, const struct run *run, struct group *g);
};

/* The one source of strategy names for the CLI, --help and the CSV. */
static const struct strategy strategies[REMOVE_NR] = {
	[REMOVE_LOCKED] = { "locked",
		"spin_lock; list_del_init if queued (the kernel)", loop_locked },
	[REMOVE_LIST_EMPTY] = { "list_empty",
		"skip the lock if list_empty(node) (July 2020 v1)", loop_list_empty },
	[REMOVE_CAREFUL] = { "list_empty_careful",
		"skip if list_empty_careful(node), acquire next", loop_careful },
	[REMOVE_CAREFUL_2020] = { "list_empty_careful_2020",
		"as above with both loads relaxed (v5.8 form)", loop_careful_2020 },
	[REMOVE_FLAG] = { "flag",
		"skip if the callback cleared its word (i915)", loop_flag },
};

static void signaler_loop(struct signaler *sg, const struct run *run, struct group *g,
			  struct worker *const *workers, unsigned int n)
{
	const uint64_t gap = run->init_gap_cycles, pre = run->pre_func_cycles;
	uint64_t start = get_cycles(), measure_at = start + run->warmup_cycles;
	uint64_t stop_at = measure_at + run->duration_cycles;
	uint64_t r = run->round0 >> ROUND_SHIFT;
	uint64_t rounds = 0, first = 0, now = start, hz_call = 0, hz_read = 0;
	uint64_t violation = 0;
	struct spin_lock_stat ls0 = { 0, 0 };
	struct hist *h = &sg->res.signal;
	unsigned int i;

	for (;;) {
		unsigned long flags = 0;
		struct bench_fence *bf;
		uint64_t removed = 0, inv0, call0, read0, t0, t1;
		bool measured;

		now = get_cycles();
		r++;
		if (now >= stop_at || violation || READ_ONCE(stop_requested)) {
			smp_store_release(&g->round, r << ROUND_SHIFT | ROUND_STOP);
			break;
		}
		measured = now >= measure_at;
		if (measured && !first) {
			first = now;
			ls0 = spin_lock_stat;
		}

		bf = g->ring[r % RING];
		dma_fence_init(&bf->base, &bf->lock);
		smp_store_release(&g->round, r << ROUND_SHIFT | (measured ? ROUND_MEASURE : 0));

		for (i = 0; i < n; i++)
			while (smp_load_acquire(&workers[i]->sync.attached) != r)
				spin_relax();

		inv0 = bf->cbstat.invoked;
		call0 = bf->cbstat.hazard_func_call;
		read0 = bf->cbstat.hazard_payload_read;

		/* dma_fence_signal(), with the lock hold timed */
		spin_lock_irqsave(bf->base.lock, flags);
		t0 = cycles_start();
		__dma_fence_signal_locked(&bf->base, gap, pre);
		t1 = cycles_end();
		spin_unlock_irqrestore(bf->base.lock, flags);

		for (i = 0; i < n; i++) {
			uint64_t d;

			while (((d = smp_load_acquire(&workers[i]->sync.done)) >> ROUND_SHIFT) != r)
				spin_relax();
			removed += d & 1;
			if (d & 2)
				violation = r;
		}
		/* every callback removed or called, exactly once */
		if (bf->cbstat.invoked - inv0 + removed != n && !violation) {
			violation = r;
			sg->res.violation_invoked = bf->cbstat.invoked - inv0;
			sg->res.violation_removed = removed;
		}
		if (measured) {
			rounds++;
			hist_add(h, t1 - t0);
			hz_call += bf->cbstat.hazard_func_call - call0;
			hz_read += bf->cbstat.hazard_payload_read - read0;
		}
	}
	sg->res.rounds = rounds;
	sg->res.duration_cycles = first ? now - first : 0;
	sg->res.hazard_func_call = hz_call;
	sg->res.hazard_payload_read = hz_read;
	sg->res.violation_round = violation;
	sg->res.lock.contentions = first ? spin_lock_stat.contentions - ls0.contentions : 0;
	sg->res.lock.handoffs = first ? spin_lock_stat.handoffs - ls0.handoffs : 0;
}

/* ---- the machine's floor ------------------------------------------------ */

#define PING_SAMPLES	101
#define PING_BATCH	50	/* round trips per timed sample */

/*
 * c2clat's ping-pong on one line in the waiter's memory: the signaler
 * stores an odd sequence number, the waiter answers with the next even one.
 * Returns the median one-way transfer (half a round trip) in cycles.
 */
static uint64_t ping_signaler(struct worker *w)
{
	uint64_t sample[PING_SAMPLES], seq = 0;
	unsigned int i, k;

	for (i = 0; i < PING_SAMPLES; i++) {
		uint64_t t0 = cycles_start();

		for (k = 0; k < PING_BATCH; k++) {
			smp_store_release(&w->ping.seq, ++seq);
			++seq;
			while (smp_load_acquire(&w->ping.seq) != seq)
				spin_relax();
		}
		sample[i] = cycles_end() - t0;
	}
	return median_u64(sample, PING_SAMPLES) / (2 * PING_BATCH);
}

static void ping_waiter(struct worker *w)
{
	uint64_t seq;

	for (seq = 1; seq < 2ull * PING_SAMPLES * PING_BATCH; seq += 2) {
		while (smp_load_acquire(&w->ping.seq) != seq)
			spin_relax();
		smp_store_release(&w->ping.seq, seq + 1);
	}
}

/* What the fast path saves at best: the lock taken and dropped, line hot. */
static uint64_t lock_uncontended(enum spin_kind kind)
{
	uint64_t sample[PING_SAMPLES];
	spinlock_t lock;
	unsigned int i, k;

	spin_lock_init_kind(&lock, kind);
	for (i = 0; i < PING_SAMPLES; i++) {
		uint64_t t0 = cycles_start();

		for (k = 0; k < 100; k++) {
			spin_lock(&lock);
			spin_unlock(&lock);
		}
		sample[i] = cycles_end() - t0;
	}
	return median_u64(sample, PING_SAMPLES) / 100;
}

static long thread_nivcsw(void)
{
	struct rusage ru;

	return getrusage(RUSAGE_THREAD, &ru) == 0 ? ru.ru_nivcsw : 0;
}

struct thread_arg {
	struct bench *b;
	int index;			/* -1 signaler, else waiter index */
};

/* The ring slots, each on its planned node (checked later with move_pages). */
static void alloc_fences(struct bench *b)
{
	unsigned int i;

	if (!b->group)
		return;
	for (i = 0; i < RING; i++) {
		int node = b->plan.fence_nodes[i % b->plan.fence_slots];

		/* a fake topology's nodes are not this machine's: stay local */
		b->group->ring[i] = topo_is_thissystem(b->topo) ?
			topo_alloc_onnode(sizeof(struct bench_fence), node) :
			topo_alloc_local(sizeof(struct bench_fence));
	}
}

static void *thread_main(void *p)
{
	const struct thread_arg *a = p;
	struct bench *b = a->b;
	struct worker *w = NULL;
	struct signaler *sg = NULL;

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
			int i;

			for (i = 0; i < CNT_NR; i++)
				w->cnt.fd[i] = -1;
			if (b->counters_ok)
				counters_open(&w->cnt);
			w->cpu = b->cpus[1 + a->index];
			w->cpu_seen = sched_getcpu();
			w->timer_overhead = timer_overhead(20001);
		}
		b->workers[a->index] = w;
	}
	pthread_barrier_wait(&b->barrier);	/* allocation done */

	/* the floor, on the very CPUs in use: one waiter at a time */
	if (sg && b->group) {
		unsigned int i;

		for (i = 0; i < b->nr_waiters; i++)
			if (b->workers[i])
				b->workers[i]->c2c_cycles = ping_signaler(b->workers[i]);
		sg->lock_cycles = lock_uncontended(b->cfg->lock);
	} else if (w && b->signaler && b->group) {
		ping_waiter(w);
	}
	pthread_barrier_wait(&b->barrier);	/* floor measured */

	for (;;) {
		const struct run *run = &b->run;

		pthread_barrier_wait(&b->barrier);	/* start */
		if (run->quit || !b->signaler || !b->group || !b->group->ring[RING - 1])
			break;
		if (sg) {
			long cs = thread_nivcsw();

			hist_init(&sg->res.signal);
			signaler_loop(sg, run, b->group, b->workers, b->nr_waiters);
			sg->nivcsw = thread_nivcsw() - cs;
		} else if (w) {
			long cs = thread_nivcsw();

			hist_init(&w->res.remove[DMA_FENCE_REMOVE_FASTPATH]);
			hist_init(&w->res.remove[DMA_FENCE_REMOVE_SLOW_HIT]);
			hist_init(&w->res.remove[DMA_FENCE_REMOVE_SLOW_MISS]);
			counters_start(&w->cnt);
			strategies[run->strategy].loop(w, run, b->group);
			counters_stop(&w->cnt, w->res.cnt);
			w->nivcsw = thread_nivcsw() - cs;
		}
		/* main polls this instead of a barrier, to see a run that hangs */
		__atomic_fetch_add(&b->finished, 1, __ATOMIC_RELEASE);
	}
	if (w)
		counters_close(&w->cnt);
	return NULL;
}

/* ---- options ---------------------------------------------------------- */

enum {
	OPT_NO_META = 256,
	OPT_META,
	OPT_RETRIES,
	OPT_STRICT,
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
};

static const struct option long_options[] = {
	{ "threads",	required_argument, NULL, 't' },
	{ "strategy",	required_argument, NULL, 's' },
	{ "duration",	required_argument, NULL, 'd' },
	{ "warmup",	required_argument, NULL, 'w' },
	{ "repeat",	required_argument, NULL, 'r' },
	{ "wait",	required_argument, NULL, 'W' },
	{ "inject",	required_argument, NULL, 'i' },
	{ "output",	required_argument, NULL, 'o' },
	{ "format",	required_argument, NULL, 'f' },
	{ "no-meta",	no_argument,	   NULL, OPT_NO_META },
	{ "meta",	no_argument,	   NULL, OPT_META },
	{ "retries",	required_argument, NULL, OPT_RETRIES },
	{ "strict",	no_argument,	   NULL, OPT_STRICT },
	{ "report",	no_argument,	   NULL, OPT_REPORT },
	{ "histogram",	required_argument, NULL, OPT_HISTOGRAM },
	{ "placement",	required_argument, NULL, OPT_PLACEMENT },
	{ "signaler-cpus", required_argument, NULL, OPT_SIGNALER_CPUS },
	{ "waiter-cpus", required_argument, NULL, OPT_WAITER_CPUS },
	{ "fence-node",	required_argument, NULL, OPT_FENCE_NODE },
	{ "topology",	no_argument,	   NULL, OPT_TOPOLOGY },
	{ "dry-run",	no_argument,	   NULL, OPT_DRY_RUN },
	{ "timeout",	required_argument, NULL, OPT_TIMEOUT },
	{ "append",	no_argument,	   NULL, OPT_APPEND },
	{ "matrix",	no_argument,	   NULL, OPT_MATRIX },
	{ "matrix-cpus", required_argument, NULL, OPT_MATRIX_CPUS },
	{ "lock",	required_argument, NULL, OPT_LOCK },
	{ "counters",	required_argument, NULL, OPT_COUNTERS },
	{ "help",	no_argument,	   NULL, 'h' },
	{ "version",	no_argument,	   NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

static void usage(FILE *f)
{
	unsigned int i;

	fprintf(f,
"Usage: fencebench [OPTION]...\n"
"Measure dma_fence_remove_callback() strategies: one signaler and N waiters,\n"
"each on its own CPU, race a lockless precheck against the fence signal.\n"
"\n"
"  -t, --threads N         waiter threads (default 1); the signaler is extra\n"
"  -s, --strategy LIST     comma-separated strategies, or 'all'\n"
"                          (default locked,list_empty,list_empty_careful,flag)\n"
"  -d, --duration TIME     measured time per strategy and repetition (400ms)\n"
"  -w, --warmup TIME       unmeasured rounds before each measurement (50ms)\n"
"  -r, --repeat N          repetitions; strategy order rotates each time (5)\n"
"  -W, --wait MODE         poll | callback | timeout:TIME  (default poll)\n"
"  -i, --inject SPEC       widen a window: init-gap:TIME (between the two\n"
"                          INIT_LIST_HEAD stores) or pre-func:TIME (between\n"
"                          INIT_LIST_HEAD and the call); may be repeated\n"
"  -o, --output FILE       write results to FILE (replaced only on success)\n"
"      --append            add rows to the end of --output FILE if it exists\n"
"                          (its header must match; earlier rows are kept)\n"
"  -f, --format FMT        csv | table (default: table on a terminal, else csv)\n"
"      --matrix            every ordered pair of usable CPUs (signaler, waiter),\n"
"                          one short run each (50ms, 1 repetition by default),\n"
"                          for a heatmap; prints its time estimate first\n"
"      --matrix-cpus LIST  --matrix over these CPUs only (0-3,8,10-15:2)\n"
"                          | json (JSON Lines: a header object, then the rows)\n"
"      --histogram FILE    also write each strategy's merged latency histogram\n"
"                          as CSV (bucket_low_ns, count, cum_fraction)\n"
"      --meta              the '#' lines describing the machine (CSV default),\n"
"                          above a table too\n"
"      --no-meta           no '#' lines describing the machine above the CSV,\n"
"                          and no warnings about the environment\n"
"      --retries N         rerun a repetition disturbed by other load (2)\n"
"      --strict            fail (exit 1) if a repetition stays disturbed\n"
"      --timeout TIME      watchdog: stop (exit 1) naming the stuck thread when\n"
"                          no round completes for TIME (default: 4 x (warm-up\n"
"                          + duration), at least 5s)\n"
"      --lock LOCK         the fence lock: qspinlock (default), ticket, ttas,\n"
"                          pthread (see README, Locks)\n"
"      --counters on|off   hardware counters per waiter (default on; off: no\n"
"                          perf_event_open at all); empty columns when none\n"
"      --report [CSV [CSV]]  no run: print a summary of a CSV (or standard\n"
"                          input) for a mail, at most 72 columns; with two,\n"
"                          compare them (before, after); for an lkp-tests\n"
"                          result directory, its fencebench.csv\n"
"\n"
"Placement (see README, Placement):\n"
"      --placement POLICY  compact (default): round-robin over usable CPUs,\n"
"                          signaler first; spread: nodes, then cores, then SMT\n"
"                          siblings; smt: waiters on the signaler's core's\n"
"                          siblings; llc: other cores of its last-level cache;\n"
"                          node: its node, other LLCs (or cores); cross-node:\n"
"                          other nodes, nearest first\n"
"      --signaler-cpus LIST  signaler on the first CPU of LIST (0-3,8,10-15:2)\n"
"      --waiter-cpus LIST  waiters on these CPUs, in order (cycling); both\n"
"                          lists override --placement\n"
"      --fence-node WHERE  fences' memory: signaler (default), waiter, a node\n"
"                          number, or interleave (ring slots over nodes)\n"
"      --topology          print the machine and the placement plan; exit\n"
"      --dry-run           print the plan of the full run; do not run\n"
"  -h, --help              this text\n"
"  -V, --version           version\n"
"\n"
"TIME is a number with a unit: ns, us, ms or s (a bare number is seconds for\n"
"--duration/--warmup, nanoseconds for --inject and timeout:).\n"
"\n"
"Strategies:\n");
	for (i = 0; i < REMOVE_NR; i++)
		fprintf(f, "  %-24s %s\n", strategies[i].name, strategies[i].help);
	fprintf(f,
"\n"
"Exit status: 0 success, 1 runtime failure (a broken exactly-once invariant,\n"
"a thread not on its planned CPU, fences not on their node, the watchdog),\n"
"2 bad usage or an impossible placement, 130/143 interrupted (completed rows\n"
"kept).\n");
}

__attribute__((noreturn, format(printf, 1, 2)))
static void usage_error(const char *fmt, ...)
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
		usage_error("%s: %s", opt, why);
	return v;
}

/* A time with a unit (ns, us, ms, s); a bare number is in @bare_unit_ns. */
static uint64_t opt_time(const char *opt, const char *s, uint64_t bare_unit_ns)
{
	uint64_t v;
	char why[128];

	if (parse_time(s, bare_unit_ns, &v, why, sizeof(why)) < 0)
		usage_error("%s: %s", opt, why);
	return v;
}

static void parse_strategies(struct bench_config *cfg, const char *arg)
{
	char *copy, *tok, *save = NULL;
	bool seen[REMOVE_NR] = { false };
	unsigned int i;

	if (!strcmp(arg, "all")) {
		for (i = 0; i < REMOVE_NR; i++)
			cfg->strategy[i] = (enum remove_strategy)i;
		cfg->nr_strategies = REMOVE_NR;
		return;
	}
	copy = strdup(arg);
	if (!copy)
		err(1, "strdup");
	cfg->nr_strategies = 0;
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < REMOVE_NR; i++)
			if (!strcmp(tok, strategies[i].name))
				break;
		if (i == REMOVE_NR)
			usage_error("--strategy: unknown strategy '%s' (valid: locked, list_empty, "
				    "list_empty_careful, list_empty_careful_2020, flag, all)", tok);
		if (seen[i])
			usage_error("--strategy: '%s' is listed twice", tok);
		seen[i] = true;
		cfg->strategy[cfg->nr_strategies++] = (enum remove_strategy)i;
	}
	free(copy);
	if (!cfg->nr_strategies)
		usage_error("--strategy: empty list");
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
	} else {
		usage_error("--wait: unknown mode '%s' (valid: poll, callback, timeout:TIME)", arg);
	}
}

static void parse_inject(struct bench_config *cfg, const char *arg)
{
	if (!strncmp(arg, "init-gap:", 9))
		cfg->init_gap_ns = opt_time("--inject init-gap", arg + 9, 1);
	else if (!strncmp(arg, "pre-func:", 9))
		cfg->pre_func_ns = opt_time("--inject pre-func", arg + 9, 1);
	else
		usage_error("--inject: unknown window '%s' (valid: init-gap:TIME, pre-func:TIME)",
			    arg);
}

static void parse_args(int argc, char **argv, struct bench_config *cfg)
{
	int c;

	*cfg = defaults;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":t:s:d:w:r:W:i:o:f:hV", long_options, NULL)) != -1) {
		switch (c) {
		case 't':
			cfg->threads = (unsigned int)opt_count("--threads", optarg, 1, 4096);
			cfg->threads_given = true;
			break;
		case 's':
			parse_strategies(cfg, optarg);
			break;
		case 'd':
			cfg->duration_ns = opt_time("--duration", optarg, 1000000000ull);
			cfg->duration_given = true;
			break;
		case 'w':
			cfg->warmup_ns = opt_time("--warmup", optarg, 1000000000ull);
			cfg->warmup_given = true;
			break;
		case 'r':
			cfg->repeat = (unsigned int)opt_count("--repeat", optarg, 1, 100000);
			cfg->repeat_given = true;
			break;
		case 'W':
			parse_wait(cfg, optarg);
			break;
		case 'i':
			parse_inject(cfg, optarg);
			break;
		case 'o':
			if (!*optarg)
				usage_error("--output: empty file name");
			cfg->output = optarg;
			break;
		case 'f':
			if (!strcmp(optarg, "csv"))
				cfg->format = FORMAT_CSV;
			else if (!strcmp(optarg, "table"))
				cfg->format = FORMAT_TABLE;
			else if (!strcmp(optarg, "json"))
				cfg->format = FORMAT_JSON;
			else
				usage_error("--format: unknown format '%s' (valid: csv, table, json)",
					    optarg);
			break;
		case OPT_NO_META:
			cfg->meta = false;
			break;
		case OPT_META:
			cfg->meta = true;
			cfg->meta_table = true;
			break;
		case OPT_RETRIES:
			cfg->retries = (unsigned int)opt_count("--retries", optarg, 0, 100);
			break;
		case OPT_STRICT:
			cfg->strict = true;
			break;
		case OPT_REPORT:
			cfg->report = true;
			break;
		case OPT_HISTOGRAM:
			if (!*optarg)
				usage_error("--histogram: empty file name");
			cfg->histogram = optarg;
			break;
		case OPT_PLACEMENT: {
			int pol = topo_policy_parse(optarg);

			if (pol < 0)
				usage_error("--placement: unknown policy '%s' (valid: compact, spread, "
					    "smt, llc, node, cross-node)", optarg);
			cfg->placement = (enum topo_policy)pol;
			break;
		}
		case OPT_SIGNALER_CPUS:
			cfg->signaler_cpus = optarg;
			break;
		case OPT_WAITER_CPUS:
			cfg->waiter_cpus = optarg;
			break;
		case OPT_FENCE_NODE:
			if (!strcmp(optarg, "signaler"))
				cfg->fence_node = TOPO_FENCE_SIGNALER;
			else if (!strcmp(optarg, "waiter"))
				cfg->fence_node = TOPO_FENCE_WAITER;
			else if (!strcmp(optarg, "interleave"))
				cfg->fence_node = TOPO_FENCE_INTERLEAVE;
			else if (*optarg >= '0' && *optarg <= '9')
				cfg->fence_node = (int)opt_count("--fence-node", optarg, 0, 4095);
			else
				usage_error("--fence-node: '%s' is not signaler, waiter, interleave "
					    "or a node number", optarg);
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
			cfg->matrix_cpus = optarg;
			break;
		case OPT_TIMEOUT:
			cfg->watchdog_ns = opt_time("--timeout", optarg, 1000000000ull);
			if (!cfg->watchdog_ns)
				usage_error("--timeout: must be more than 0");
			break;
		case OPT_LOCK: {
			int kind = spin_kind_parse(optarg);

			if (kind < 0)
				usage_error("--lock: unknown lock '%s' (valid: qspinlock, ticket, ttas, "
					    "pthread)", optarg);
			cfg->lock = (enum spin_kind)kind;
			break;
		}
		case OPT_COUNTERS:
			if (!strcmp(optarg, "on"))
				cfg->counters = true;
			else if (!strcmp(optarg, "off"))
				cfg->counters = false;
			else
				usage_error("--counters: '%s' is not on or off", optarg);
			break;
		case 'h':
			usage(stdout);
			exit(0);
		case 'V':
			printf("fencebench %s\n", FENCEBENCH_VERSION);
			exit(0);
		case ':':
			usage_error("%s needs a value", argv[optind - 1]);
		default:
			if (optopt)
				usage_error("unknown option '-%c'", optopt);
			usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (cfg->report) {
		if (argc - optind > 2)
			usage_error("--report: at most two CSV files (before and after)");
		cfg->report_files = argv + optind;
		cfg->nr_report_files = (unsigned int)(argc - optind);
	} else if (optind < argc) {
		usage_error("unexpected argument '%s'", argv[optind]);
	}
	/* without --threads, one waiter per CPU of --waiter-cpus */
	if (cfg->waiter_cpus && !cfg->threads_given)
		cfg->threads = 0;
}

static void check_config(struct bench_config *cfg)
{
	if (cfg->matrix) {
		if (cfg->signaler_cpus || cfg->waiter_cpus || cfg->threads_given ||
		    cfg->placement != TOPO_COMPACT)
			usage_error("--matrix chooses the CPUs itself: drop --threads, --placement "
				    "and the CPU lists (use --matrix-cpus)");
		if (cfg->format == FORMAT_TABLE)
			usage_error("--matrix writes CSV: drop --format table");
		/* short runs per pair unless told otherwise */
		if (!cfg->duration_given)
			cfg->duration_ns = 50000000ull;
		if (!cfg->warmup_given)
			cfg->warmup_ns = 10000000ull;
		if (!cfg->repeat_given)
			cfg->repeat = 1;
		cfg->format = FORMAT_CSV;
	}
	if (cfg->append && !cfg->output)
		usage_error("--append needs --output FILE");
	if (cfg->append && cfg->format == FORMAT_TABLE)
		usage_error("--append writes CSV: drop --format table");
	if (cfg->duration_ns < 1000000)
		usage_error("--duration: at least 1ms is needed to measure anything");
	if (cfg->wait == WAIT_TIMEOUT && cfg->timeout_ns == 0)
		usage_error("--wait timeout: the timeout must be more than 0");
	if (!cfg->watchdog_ns) {
		cfg->watchdog_ns = 4 * (cfg->warmup_ns + cfg->duration_ns);
		if (cfg->watchdog_ns < 5000000000ull)
			cfg->watchdog_ns = 5000000000ull;
	}
}

/* ---- run header --------------------------------------------------------- */

static double ns_of(const struct bench *b, double cycles)
{
	return cycles / b->cycles_per_ns;
}

static void write_meta(FILE *f, const struct bench *b, const struct env_info *e,
		       int argc, char **argv)
{
	char topo[160], date[64];
	time_t now = time(NULL);
	int i;

	topo_describe(b->topo, topo, sizeof(topo));
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	fprintf(f, "# fencebench %s, %s\n# command:", FENCEBENCH_VERSION, date);
	for (i = 0; i < argc; i++)
		fprintf(f, " %s", argv[i]);
	fprintf(f, "\n# machine: %s; %s; %s\n", e->cpu_model, topo, e->kernel);
	fprintf(f, "# environment: clocksource %s, governor %s, boost %s, smt %s, %s, "
		"numa_balancing %s\n", e->clocksource, e->governor, e->boost, e->smt,
		e->hypervisor > 0 ? "virtualised" : e->hypervisor == 0 ? "bare metal" :
		"virtualisation unknown",
		e->numa_balancing < 0 ? "n/a" : e->numa_balancing ? "on" : "off");
	fprintf(f, "# timer: %s at %.3f GHz, resolution %.1f ns, overhead %.1f ns per reading pair\n",
		CYCLES_SOURCE, b->cycles_per_ns, ns_of(b, (double)b->resolution),
		ns_of(b, (double)b->overhead));
	fprintf(f, "# floor: one-way line transfer %.1f ns (signaler to waiters, median), "
		"uncontended lock+unlock %.1f ns\n", b->c2c_ns, b->lock_ns);
	fprintf(f, "# compiler: %s, %s\n", __VERSION__, FENCEBENCH_CFLAGS);
	fprintf(f, "# counters: %s\n", b->counters_why);
}

/* The same facts as the '#' lines, as the first object of JSON Lines. */
static void write_json_header(FILE *f, const struct bench *b, const struct env_info *e,
			      int argc, char **argv)
{
	char *meta = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&meta, &len);

	if (!m)
		err(1, "open_memstream");
	write_meta(m, b, e, argc, argv);
	fprintf(m, "# lock: %s\n", spin_kind_name[b->cfg->lock]);
	if (fclose(m))
		err(1, "open_memstream");
	report_json_header(f, meta, argc, argv);
	free(meta);
}

/* ---- orchestration ------------------------------------------------------ */

static void on_signal(int sig)
{
	stop_signal = sig;
	__atomic_store_n(&stop_requested, 1, __ATOMIC_RELAXED);
}

/* Where every thread and fence goes: a pure function of topology and options. */
static void plan_placement(struct bench *b)
{
	const struct bench_config *cfg = b->cfg;
	struct topo_request req = {
		.policy		= cfg->placement,
		.waiters	= cfg->threads,
		.signaler_cpus	= cfg->signaler_cpus,
		.waiter_cpus	= cfg->waiter_cpus,
		.fence_node	= cfg->fence_node,
		.fence_slots	= RING,
	};
	char errbuf[512];

	if (topo_plan(b->topo, &req, &b->plan, errbuf, sizeof(errbuf)) < 0) {
		fprintf(stderr, "%s: %s\n", program_invocation_short_name, errbuf);
		exit(2);
	}
	b->cpus = b->plan.cpus;
	b->nr_waiters = b->plan.nr_threads - 1;
}

static void warn_oversubscribed(const struct bench *b)
{
	if (!b->plan.oversubscribed)
		return;
	warnx("%u threads on %u usable CPUs: spin-waits yield the CPU, so latencies "
	      "include scheduling", b->plan.nr_threads, topo_nr_pus(b->topo));
	spin_yield = 1;
}

/* Appends "v" or ";v" to a string built in @buf. */
static void add_item(char *buf, size_t len, size_t *off, int v)
{
	if (*off + 16 < len)
		*off += (size_t)snprintf(buf + *off, len - *off, "%s%d", *off ? ";" : "", v);
}

/* The slots' nodes, ';'-separated, or one number when they are all equal. */
static void format_slots(const int *v, unsigned int n, char *buf, size_t len)
{
	unsigned int i;
	size_t off = 0;
	bool same = true;

	buf[0] = 0;
	for (i = 1; i < n; i++)
		same &= v[i] == v[0];
	for (i = 0; i < (same ? 1 : n); i++)
		add_item(buf, len, &off, v[i]);
}

/*
 * Verified placement: every thread checked its CPU at start (a mismatch is
 * a runtime failure), move_pages says where each fence slot really is.
 */
struct placement_cols {
	char *waiter_nodes, *numa_distance;
	char fence_req[64], fence_actual[64];
	int signaler_node;
};

static void verify_placement(const struct bench *b, struct placement_cols *pc)
{
	bool real = topo_is_thissystem(b->topo);
	size_t len = (size_t)b->nr_waiters * 12 + 64, off = 0;
	int actual[RING], req[RING];
	unsigned int i;

	for (i = 0; real && i <= b->nr_waiters; i++) {
		int seen = i ? b->workers[i - 1]->cpu_seen : b->signaler->cpu_seen;

		if (seen != b->cpus[i]) {
			if (i)
				errx(1, "waiter %u runs on CPU %d, not the planned CPU %d", i - 1,
				     seen, b->cpus[i]);
			errx(1, "the signaler runs on CPU %d, not the planned CPU %d", seen,
			     b->cpus[0]);
		}
	}
	pc->waiter_nodes = malloc(len);
	pc->numa_distance = malloc(len + 64);
	if (!pc->waiter_nodes || !pc->numa_distance)
		err(1, "malloc");
	pc->signaler_node = real ? topo_node_of_cpu(b->topo, b->signaler->cpu_seen)
				 : b->plan.nodes[0];
	for (i = 0; i < RING; i++) {
		req[i] = b->plan.fence_nodes[i % b->plan.fence_slots];
		actual[i] = topo_page_node(b->group->ring[i]);
		if (real && actual[i] >= 0 && actual[i] != req[i])
			errx(1, "--fence-node: fence slot %u was asked for node %d and landed on "
			     "node %d", i, req[i], actual[i]);
	}
	format_slots(req, RING, pc->fence_req, sizeof(pc->fence_req));
	format_slots(actual, RING, pc->fence_actual, sizeof(pc->fence_actual));

	/* numa_distance: signaler->fence slot(s) '/' signaler->each waiter */
	for (i = 0; i < RING; i++)
		actual[i] = topo_distance(b->topo, pc->signaler_node,
					  actual[i] >= 0 && real ? actual[i] : req[i]);
	format_slots(actual, RING, pc->numa_distance, len);
	off = strlen(pc->numa_distance);
	pc->numa_distance[off++] = '/';
	pc->numa_distance[off] = 0;
	pc->waiter_nodes[0] = 0;
	for (i = 0; i < b->nr_waiters; i++) {
		int node = real ? topo_node_of_cpu(b->topo, b->workers[i]->cpu_seen)
				: b->plan.nodes[1 + i];
		size_t o2 = strlen(pc->waiter_nodes);

		add_item(pc->waiter_nodes, len, &o2, node);
		if (off + 16 < len + 64)
			off += (size_t)snprintf(pc->numa_distance + off, len + 64 - off, "%s%d",
						i ? ";" : "",
						topo_distance(b->topo, pc->signaler_node, node));
	}
}

static void format_cpus(const struct bench *b, char *buf, size_t len)
{
	size_t off = 0;
	unsigned int i;

	buf[0] = 0;
	for (i = 0; i < b->nr_waiters && off + 12 < len; i++)
		off += (size_t)snprintf(buf + off, len - off, "%s%d", i ? ";" : "", b->cpus[1 + i]);
}

/* Hardware counts per removal: summed over waiters, NAN when not counted. */
static void collect_counters(const struct bench *b, struct result_row *row)
{
	double sum[CNT_NR] = { 0 }, per[CNT_NR];
	uint64_t calls = 0;
	unsigned int i, k;

	for (k = 0; k < CNT_NR; k++)
		per[k] = b->counters_ok ? 0 : NAN;
	for (i = 0; i < b->nr_waiters; i++) {
		const struct worker_result *wr = &b->workers[i]->res;

		calls += wr->loop_removes;
		for (k = 0; k < CNT_NR; k++) {
			if (wr->cnt[k] == UINT64_MAX)
				per[k] = NAN;
			sum[k] += (double)wr->cnt[k];
		}
	}
	for (k = 0; k < CNT_NR; k++)
		per[k] = isnan(per[k]) || !calls ? NAN : sum[k] / (double)calls;
	row->cycles_per_remove = per[CNT_CYCLES];
	row->instructions_per_remove = per[CNT_INSTRUCTIONS];
	row->cache_misses_per_remove = per[CNT_CACHE_MISSES];
	row->hitm_per_remove = per[CNT_HITM];
}

static void collect(const struct bench *b, enum remove_strategy s, unsigned int rep,
		    struct result_row *row, struct hist *merged)
{
	const struct signaler_result *sr = &b->signaler->res;
	struct hist *fast = &merged[1], *slow = &merged[2];
	unsigned int i;

	memset(row, 0, sizeof(*row));
	hist_init(merged);
	hist_init(fast);
	hist_init(slow);
	row->strategy = strategies[s].name;
	row->rep = rep;
	row->waiters = b->nr_waiters;
	row->signaler_cpu = b->cpus[0];
	row->rounds = sr->rounds;
	row->duration_ns = (uint64_t)ns_of(b, (double)sr->duration_cycles);
	row->rounds_per_sec = row->duration_ns ? 1e9 * (double)sr->rounds / (double)row->duration_ns
					       : 0;
	row->hazard_func_call = sr->hazard_func_call;
	row->hazard_payload_read = sr->hazard_payload_read;
	row->nivcsw = (uint64_t)b->signaler->nivcsw;
	row->lock = spin_kind_name[b->cfg->lock];
	row->lock_contentions = sr->lock.contentions;
	row->lock_handoffs = sr->lock.handoffs;
	for (i = 0; i < b->nr_waiters; i++) {
		const struct worker_result *wr = &b->workers[i]->res;

		row->fastpath += wr->fastpath;
		row->slowpath_hit += wr->slowpath_hit;
		row->slowpath_miss += wr->slowpath_miss;
		row->hazard_prev_store += wr->hazard_prev_store;
		row->hazard_payload_write += wr->hazard_payload_write;
		row->nivcsw += (uint64_t)b->workers[i]->nivcsw;
		row->lock_contentions += wr->lock.contentions;
		row->lock_handoffs += wr->lock.handoffs;
		hist_merge(fast, &wr->remove[DMA_FENCE_REMOVE_FASTPATH]);
		hist_merge(slow, &wr->remove[DMA_FENCE_REMOVE_SLOW_HIT]);
		hist_merge(slow, &wr->remove[DMA_FENCE_REMOVE_SLOW_MISS]);
	}
	hist_merge(merged, fast);
	hist_merge(merged, slow);
	collect_counters(b, row);
	row->fastpath_ns_p50 = ns_of(b, hist_quantile(fast, 0.50));
	row->slowpath_ns_p50 = ns_of(b, hist_quantile(slow, 0.50));
	row->removes = merged->count;
	row->fastpath_pct = row->removes ? 100.0 * (double)row->fastpath / (double)row->removes : 0;
	row->remove_ns_mean = ns_of(b, hist_mean(merged));
	row->remove_ns_p50 = ns_of(b, hist_quantile(merged, 0.50));
	row->remove_ns_p90 = ns_of(b, hist_quantile(merged, 0.90));
	row->remove_ns_p99 = ns_of(b, hist_quantile(merged, 0.99));
	row->remove_ns_p999 = ns_of(b, hist_quantile(merged, 0.999));
	row->remove_ns_max = ns_of(b, (double)merged->max * (merged->count > 0));
	row->signal_ns_mean = ns_of(b, hist_mean(&sr->signal));
	row->signal_ns_p50 = ns_of(b, hist_quantile(&sr->signal, 0.50));
	row->signal_ns_p99 = ns_of(b, hist_quantile(&sr->signal, 0.99));
	row->timer_overhead_ns = ns_of(b, (double)b->overhead);
	row->c2c_ns = b->c2c_ns;
	row->lock_uncontended_ns = b->lock_ns;
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

/*
 * Output files are written under a temporary name in the same directory and
 * renamed when the run succeeds: an interrupted or failed run never leaves
 * a half-written file where the last good one was.
 */
struct outfile {
	const char *path;		/* NULL: standard output */
	char *tmp;
	FILE *f;
	bool appending;			/* --append to an existing file: no header */
};

static struct outfile *outfiles[2];
static int atexit_done;

static void remove_tmp(void)
{
	unsigned int i;

	for (i = 0; i < 2; i++)
		if (outfiles[i] && outfiles[i]->tmp)
			unlink(outfiles[i]->tmp);
}

static void open_output(struct outfile *o, const char *path, unsigned int slot)
{
	int fd;

	o->path = path;
	o->tmp = NULL;
	o->f = stdout;
	o->appending = false;
	outfiles[slot] = o;
	if (!path)
		return;
	if (asprintf(&o->tmp, "%s.tmp.XXXXXX", path) < 0)
		err(1, "asprintf");
	fd = mkstemp(o->tmp);
	if (fd < 0) {
		warn("%s: cannot write here", path);
		free(o->tmp);
		o->tmp = NULL;
		exit(1);
	}
	if (!atexit_done++)
		atexit(remove_tmp);
	o->f = fdopen(fd, "w");
	if (!o->f)
		err(1, "fdopen");
}

static void close_output(struct outfile *o)
{
	mode_t mask;

	if (fflush(o->f) || ferror(o->f))
		err(1, "%s", o->path ? o->path : "stdout");
	if (!o->path)
		return;
	if (fsync(fileno(o->f)) < 0 || fclose(o->f))
		err(1, "%s", o->tmp ? o->tmp : o->path);
	o->f = NULL;
	if (!o->tmp)
		return;		/* appended in place */
	/* mkstemp made it 0600: give it the mode a plain create would */
	mask = umask(0);
	umask(mask);
	if (chmod(o->tmp, 0666 & ~mask) < 0)
		err(1, "chmod %s", o->tmp);
	if (rename(o->tmp, o->path) < 0)
		err(1, "rename %s to %s", o->tmp, o->path);
	free(o->tmp);
	o->tmp = NULL;
}

/*
 * --append: rows go to the end of an existing CSV whose header is ours;
 * earlier rows are never rewritten.  Each row is written and flushed whole.
 */
static void open_append(struct outfile *o, const char *path)
{
	char *line = NULL, *want = NULL;
	size_t cap = 0, wlen = 0;
	FILE *hdr = open_memstream(&want, &wlen);
	ssize_t n;

	o->path = path;
	o->tmp = NULL;
	o->appending = true;
	outfiles[0] = o;
	if (!hdr)
		err(1, "open_memstream");
	report_csv_header(hdr);
	fclose(hdr);
	o->f = fopen(path, "r+");
	if (!o->f) {
		if (errno != ENOENT)
			err(1, "%s", path);
		free(want);
		open_output(o, path, 0);	/* a new file: written whole, renamed at the end */
		return;
	}
	while ((n = getline(&line, &cap, o->f)) > 0 && line[0] == '#')
		;
	if (n > 0 && strcmp(line, want)) {
		fprintf(stderr, "%s: --append: %s has other columns than this version writes\n",
			program_invocation_short_name, path);
		exit(2);
	}
	if (fseek(o->f, 0, SEEK_END) < 0)
		err(1, "%s", path);
	/* an empty file gets the header */
	o->appending = n > 0;
	free(line);
	free(want);
}

/*
 * On an interrupt: say so at the end of the results (the rows above are
 * complete; the repetition under way was dropped) and keep the files.
 */
static void finish_outputs(void)
{
	unsigned int i;

	for (i = 0; i < 2; i++) {
		if (!outfiles[i] || !outfiles[i]->f)
			continue;
		if (i == 0 && stop_signal)
			fprintf(outfiles[i]->f, "# interrupted by signal %d: the rows above are "
				"complete, the repetition under way was dropped\n", (int)stop_signal);
		close_output(outfiles[i]);
	}
}

/* The merged removal histogram of one strategy and repetition, for CDFs. */
static void write_histogram(FILE *f, const struct bench *b, const struct result_row *row,
			    const struct hist *h)
{
	uint64_t cum = 0;
	unsigned int i;

	for (i = 0; i < HIST_BUCKETS; i++) {
		if (!h->bucket[i])
			continue;
		cum += h->bucket[i];
		fprintf(f, "%s,%u,%.1f,%" PRIu64 ",%.6f\n", row->strategy, row->rep,
			ns_of(b, (double)hist_bucket_low(i)), h->bucket[i],
			(double)cum / (double)h->count);
	}
}

static void start_threads(struct bench *b, pthread_t *threads, struct thread_arg *args)
{
	unsigned int i, total = b->nr_waiters + 1;
	int ret;

	if ((ret = pthread_barrier_init(&b->barrier, NULL, total + 1))) {
		errno = ret;
		err(1, "pthread_barrier_init");
	}
	for (i = 0; i < total; i++) {
		pthread_attr_t attr;

		args[i].b = b;
		args[i].index = (int)i - 1;
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
	pthread_barrier_wait(&b->barrier);	/* threads allocated their memory */
	if (!b->signaler || !b->group)
		errx(1, "cannot allocate the signaler's memory");
	for (i = 0; i < RING; i++)
		if (!b->group->ring[i])
			errx(1, "cannot allocate the fences' memory");
	for (i = 0; i < b->nr_waiters; i++)
		if (!b->workers[i])
			errx(1, "cannot allocate waiter %u's memory", i);
	pthread_barrier_wait(&b->barrier);	/* floor measured */

	for (i = 0; i < b->nr_waiters; i++) {
		const struct worker *w = b->workers[i];

		b->overhead += w->timer_overhead;
		b->c2c_ns += ns_of(b, (double)w->c2c_cycles);
	}
	b->overhead /= b->nr_waiters;
	b->c2c_ns /= b->nr_waiters;
	b->lock_ns = ns_of(b, (double)b->signaler->lock_cycles);
	for (i = 0; i < RING; i++)
		spin_lock_init_kind(&b->group->ring[i]->lock, b->cfg->lock);
}

/* Names the thread that stopped making progress, and exits 1. */
static __attribute__((noreturn)) void stuck(const struct bench *b, uint64_t rw, double secs)
{
	uint64_t r = rw >> ROUND_SHIFT;
	unsigned int i;

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
 * Wait for the threads to finish a run, watching the round word: a run in
 * which it does not move for --timeout ends the program with a diagnostic.
 * A gap between two polls far longer than the poll (the whole process was
 * stopped, or starved) restarts the clock rather than blaming a thread.
 */
static void wait_run(struct bench *b)
{
	const uint64_t timeout = b->cfg->watchdog_ns;
	const unsigned int total = b->nr_waiters + 1;
	uint64_t rw = smp_load_acquire(&b->group->round), now = timer_mono_ns();
	uint64_t moved = now, polled = now, stopping = 0;
	const struct timespec tick = { 0, 5000000 };

	while (__atomic_load_n(&b->finished, __ATOMIC_ACQUIRE) != total) {
		uint64_t w;

		nanosleep(&tick, NULL);
		now = timer_mono_ns();
		if (now - polled > 1000000000ull)
			moved = now;
		polled = now;
		w = smp_load_acquire(&b->group->round);
		if (w != rw) {
			rw = w;
			moved = now;
		} else if (now - moved > timeout) {
			stuck(b, rw, (double)(now - moved) / 1e9);
		}
		/* interrupted and a thread does not come back: keep what is done */
		if (stop_signal && !stopping)
			stopping = now;
		if (stopping && now - stopping > 2000000000ull) {
			finish_outputs();
			warnx("interrupted: a thread did not stop; completed rows were written");
			exit(128 + stop_signal);
		}
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
	unsigned int attempt;

	for (attempt = 0;; attempt++) {
		struct env_cpu_sample before, after;
		double other;

		b->run.strategy = s;
		b->run.round0 = b->group->round;	/* the threads wait at the barrier */
		env_cpu_sample(&before);
		b->finished = 0;
		pthread_barrier_wait(&b->barrier);	/* start */
		wait_run(b);
		env_cpu_sample(&after);
		check_violation(b, s);
		if (stop_signal)
			return false;	/* an interrupted run is not reported */

		collect(b, s, rep, row, merged);
		other = env_other_load(&before, &after);
		row->other_load_pct = other < 0 ? 0 : other;
		row->retries = attempt;
		/*
		 * Disturbed: others used more than a tenth of a CPU during the run
		 * (/proc/stat counts in 10 ms ticks, steal time included).  The
		 * involuntary switches are reported but not judged: an idle VM
		 * here shows one per timer tick with nothing else runnable.
		 */
		row->disturbed = !spin_yield && other > 10.0;
		if (!row->disturbed || attempt >= cfg->retries)
			break;
		warnx("%s rep %u disturbed (%" PRIu64 " involuntary switches, %.0f%% other "
		      "load): retrying", strategies[s].name, rep, row->nivcsw, other);
	}
	if (row->disturbed && cfg->strict)
		errx(1, "%s rep %u: disturbed by other load after %u retries (--strict)",
		     strategies[s].name, rep, cfg->retries);
	return true;
}

static int report_main(const struct bench_config *cfg)
{
	struct summary *s[2] = { NULL, NULL };
	char errbuf[512];
	unsigned int i, n = cfg->nr_report_files ? cfg->nr_report_files : 1;
	int ret;

	for (i = 0; i < n; i++) {
		ret = summary_read(cfg->nr_report_files ? cfg->report_files[i] : "-", &s[i],
				   errbuf, sizeof(errbuf));
		if (ret < 0) {
			warnx("%s", errbuf);
			return ret == -2 ? 2 : 1;
		}
	}
	summary_print(stdout, s[0], s[1]);
	summary_free(s[0]);
	summary_free(s[1]);
	if (fflush(stdout) || ferror(stdout))
		err(1, "stdout");
	return 0;
}

/* What stays open across the runs of one invocation (several with --matrix). */
struct session {
	struct bench_config *cfg;
	struct topo *topo;
	struct env_info env;
	struct outfile outf, histf;
	FILE *out, *rows;		/* rows: the CSV kept for a table's summary */
	char *rows_buf;
	size_t rows_len;
	bool table, started;
	double cycles_per_ns;
	uint64_t resolution;
	int argc;
	char **argv;
};

/* One configuration: plan, threads, every strategy and repetition, join. */
static void run_config(struct session *ses)
{
	const struct bench_config *cfg = ses->cfg;
	struct bench b = { 0 };
	struct thread_arg *args;
	pthread_t *threads;
	struct hist *merged;
	struct placement_cols pc;
	char cpus[4096], wait[64];
	unsigned int i, rep, k, total;
	FILE *out = ses->out;

	b.cfg = cfg;
	b.topo = ses->topo;
	plan_placement(&b);
	warn_oversubscribed(&b);
	b.cycles_per_ns = ses->cycles_per_ns;
	b.resolution = ses->resolution;
	if (cfg->counters)
		b.counters_ok = counters_probe(b.counters_why, sizeof(b.counters_why));
	else
		snprintf(b.counters_why, sizeof(b.counters_why), "off (--counters off)");
	total = b.nr_waiters + 1;
	b.workers = calloc(b.nr_waiters, sizeof(*b.workers));
	threads = calloc(total, sizeof(*threads));
	args = calloc(total, sizeof(*args));
	merged = malloc(3 * sizeof(*merged));	/* all, fast path, slow path */
	if (!b.workers || !threads || !args || !merged)
		err(1, "calloc");
	start_threads(&b, threads, args);
	verify_placement(&b, &pc);

	format_cpus(&b, cpus, sizeof(cpus));
	if (cfg->wait == WAIT_TIMEOUT)
		snprintf(wait, sizeof(wait), "timeout:%" PRIu64, cfg->timeout_ns);
	else
		snprintf(wait, sizeof(wait), "%s", cfg->wait == WAIT_POLL ? "poll" : "callback");
	if (!ses->started) {
		ses->started = true;
		if (ses->table) {
			if (cfg->meta_table)
				write_meta(out, &b, &ses->env, ses->argc, ses->argv);
			fprintf(out, "fencebench %s on %s, %s\n", FENCEBENCH_VERSION,
				ses->env.cpu_model, ses->env.kernel);
			fprintf(out, "signaler CPU %d, %u waiter%s on CPU %s, wait %s; timer %s, "
				"resolution %.0f ns,\noverhead %.0f ns (included below); floor: line "
				"transfer %.0f ns, lock+unlock %.0f ns\n\n", b.cpus[0], b.nr_waiters,
				b.nr_waiters > 1 ? "s" : "", cpus, wait, CYCLES_SOURCE,
				ns_of(&b, (double)b.resolution), ns_of(&b, (double)b.overhead),
				b.c2c_ns, b.lock_ns);
			fprintf(out, "lock %s; counters: %s\n\n", spin_kind_name[cfg->lock],
				b.counters_why);
			report_table_header(out);
			/* the table ends with the summary: keep the CSV in memory for it */
			ses->rows = open_memstream(&ses->rows_buf, &ses->rows_len);
			if (!ses->rows)
				err(1, "open_memstream");
			write_meta(ses->rows, &b, &ses->env, ses->argc, ses->argv);
			report_csv_header(ses->rows);
		} else if (cfg->format == FORMAT_JSON) {
			if (cfg->meta)
				write_json_header(out, &b, &ses->env, ses->argc, ses->argv);
		} else {
			if (cfg->meta)
				write_meta(out, &b, &ses->env, ses->argc, ses->argv);
			if (!ses->outf.appending)
				report_csv_header(out);
		}
		fflush(out);
	}

	b.run.wait = cfg->wait;
	b.run.warmup_cycles = (uint64_t)((double)cfg->warmup_ns * b.cycles_per_ns);
	b.run.duration_cycles = (uint64_t)((double)cfg->duration_ns * b.cycles_per_ns);
	b.run.timeout_cycles = (uint64_t)((double)cfg->timeout_ns * b.cycles_per_ns);
	b.run.init_gap_cycles = (uint64_t)((double)cfg->init_gap_ns * b.cycles_per_ns);
	b.run.pre_func_cycles = (uint64_t)((double)cfg->pre_func_ns * b.cycles_per_ns);

	for (rep = 1; rep <= cfg->repeat && !stop_signal; rep++) {
		for (k = 0; k < cfg->nr_strategies && !stop_signal; k++) {
			/* rotate the order each repetition so drift hits every strategy */
			enum remove_strategy s = cfg->strategy[(k + rep - 1) % cfg->nr_strategies];
			struct result_row row;

			if (!measure(&b, s, rep, &row, merged))
				break;
			row.version = FENCEBENCH_VERSION;
			row.wait = wait;
			row.waiter_cpus = cpus;
			row.placement = topo_policy_name(b.plan.policy);
			row.signaler_node = pc.signaler_node;
			row.waiter_nodes = pc.waiter_nodes;
			row.fence_node_req = pc.fence_req;
			row.fence_node_actual = pc.fence_actual;
			row.numa_distance = pc.numa_distance;
			row.spin = spin_yield ? "yield" : "pause";
			row.inject_init_gap_ns = cfg->init_gap_ns;
			row.inject_pre_func_ns = cfg->pre_func_ns;
			if (cfg->histogram)
				write_histogram(ses->histf.f, &b, &row, merged);
			if (ses->table) {
				report_table_row(out, &row);
				report_csv_row(ses->rows, &row);
			} else if (cfg->format == FORMAT_JSON) {
				report_json_row(out, &row);
			} else {
				report_csv_row(out, &row);
			}
			fflush(out);
		}
	}

	b.run.quit = true;
	pthread_barrier_wait(&b.barrier);
	for (i = 0; i < total; i++)
		pthread_join(threads[i], NULL);
	pthread_barrier_destroy(&b.barrier);
	for (i = 0; i < b.nr_waiters; i++)
		topo_free(b.workers[i], sizeof(*b.workers[i]));
	for (i = 0; i < RING; i++)
		topo_free(b.group->ring[i], sizeof(*b.group->ring[i]));
	topo_free(b.group, sizeof(*b.group));
	topo_free(b.signaler, sizeof(*b.signaler));
	free(pc.waiter_nodes);
	free(pc.numa_distance);
	free(merged);
	free(args);
	free(threads);
	free(b.workers);
	topo_plan_free(&b.plan);
	spin_yield = 0;
}

/* The table's closing summary, built from the rows kept in memory. */
static void print_summary(struct session *ses)
{
	struct summary *sum;
	char errbuf[256];
	FILE *in;

	if (!ses->rows)
		return;
	fclose(ses->rows);
	in = fmemopen(ses->rows_buf, ses->rows_len, "r");
	if (ses->rows_len && in &&
	    summary_read_stream(in, "rows", &sum, errbuf, sizeof(errbuf)) == 0) {
		fputc('\n', ses->out);
		summary_print(ses->out, sum, NULL);
		summary_free(sum);
	}
	if (in)
		fclose(in);
	free(ses->rows_buf);
}

/*
 * --matrix: every ordered pair (signaler X, waiter Y) of the usable CPUs,
 * or of --matrix-cpus, one short configuration each.
 */
static int *matrix_cpus(const struct bench_config *cfg, struct topo *topo, unsigned int *count)
{
	unsigned int nr = topo_nr_pus(topo), n = 0, i, j;
	int *cpu = calloc(nr ? nr : 1, sizeof(*cpu));
	char why[128];

	if (!cpu)
		err(1, "calloc");
	if (cfg->matrix_cpus) {
		if (parse_cpulist(cfg->matrix_cpus, cpu, nr, &n, why, sizeof(why)) < 0)
			usage_error("--matrix-cpus: %s", why);
		for (i = 0; i < n; i++) {
			for (j = 0; j < nr && topo_pu_os(topo, j) != cpu[i]; j++)
				;
			if (j == nr)
				usage_error("--matrix-cpus: CPU %d is not usable here", cpu[i]);
		}
	} else {
		for (n = 0; n < nr; n++)
			cpu[n] = topo_pu_os(topo, n);
	}
	if (n < 2)
		usage_error("--matrix needs 2 usable CPUs; %s %u", cfg->matrix_cpus ?
			    "--matrix-cpus names" : "this process may use", n);
	*count = n;
	return cpu;
}

static void run_matrix(struct session *ses, const int *cpu, unsigned int n)
{
	struct bench_config *cfg = ses->cfg;
	unsigned int i, j, pairs = n * (n - 1);
	char sig[16], wai[16];
	double secs;

	secs = (double)pairs * cfg->nr_strategies * cfg->repeat *
	       (double)(cfg->warmup_ns + cfg->duration_ns) / 1e9;
	fprintf(stderr, "%s: matrix of %u CPUs: %u ordered pairs x %u strateg%s x %u "
		"repetition%s of %.0f ms: about %.1f s (more when runs are retried)\n",
		program_invocation_short_name, n, pairs, cfg->nr_strategies,
		cfg->nr_strategies > 1 ? "ies" : "y", cfg->repeat, cfg->repeat > 1 ? "s" : "",
		(double)(cfg->warmup_ns + cfg->duration_ns) / 1e6, secs + 0.05 * pairs);
	cfg->threads = 1;
	for (i = 0; i < n && !stop_signal; i++) {
		for (j = 0; j < n && !stop_signal; j++) {
			if (i == j)
				continue;
			snprintf(sig, sizeof(sig), "%d", cpu[i]);
			snprintf(wai, sizeof(wai), "%d", cpu[j]);
			cfg->signaler_cpus = sig;
			cfg->waiter_cpus = wai;
			run_config(ses);
		}
	}
}

int main(int argc, char **argv)
{
	struct bench_config cfg;
	struct session ses = { 0 };
	char errbuf[256];
	unsigned int mcount = 0;
	int *mcpu = NULL;

	parse_args(argc, argv, &cfg);
	if (cfg.report)
		return report_main(&cfg);
	check_config(&cfg);
	if (getenv("FENCEBENCH_TEST_STALL"))
		stall_round = strtoull(getenv("FENCEBENCH_TEST_STALL"), NULL, 10);

	if (topo_open(&ses.topo, errbuf, sizeof(errbuf)) < 0)
		errx(1, "%s", errbuf);
	if (cfg.topology || cfg.dry_run) {
		struct bench b = { .cfg = &cfg, .topo = ses.topo };

		plan_placement(&b);
		if (cfg.topology)
			topo_print_summary(b.topo, stdout);
		else
			printf("dry run: %u strateg%s x %u repetition%s, %.3f s each after %.3f s "
			       "warm-up\n", cfg.nr_strategies, cfg.nr_strategies > 1 ? "ies" : "y",
			       cfg.repeat, cfg.repeat > 1 ? "s" : "", (double)cfg.duration_ns / 1e9,
			       (double)cfg.warmup_ns / 1e9);
		topo_print_plan(b.topo, &b.plan, stdout);
		topo_plan_free(&b.plan);
		topo_close(ses.topo);
		return 0;
	}
	/* an impossible placement is bad usage: say so before touching any file */
	if (cfg.matrix) {
		mcpu = matrix_cpus(&cfg, ses.topo, &mcount);
	} else {
		struct bench b = { .cfg = &cfg, .topo = ses.topo };

		plan_placement(&b);
		topo_plan_free(&b.plan);
	}
	ses.cfg = &cfg;
	ses.argc = argc;
	ses.argv = argv;
	if (cfg.append)
		open_append(&ses.outf, cfg.output);
	else
		open_output(&ses.outf, cfg.output, 0);
	ses.out = ses.outf.f;
	if (cfg.histogram) {
		open_output(&ses.histf, cfg.histogram, 1);
		fprintf(ses.histf.f, "strategy,rep,bucket_low_ns,count,cum_fraction\n");
	}
	ses.table = cfg.format == FORMAT_TABLE ||
		    (cfg.format == FORMAT_AUTO && !cfg.output && isatty(STDOUT_FILENO));

	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);

	env_read(&ses.env);
	if (cfg.meta)
		env_warn(&ses.env);
	ses.cycles_per_ns = timer_calibrate(50);
	ses.resolution = timer_resolution(10000);

	if (cfg.matrix)
		run_matrix(&ses, mcpu, mcount);
	else
		run_config(&ses);
	free(mcpu);

	print_summary(&ses);
	finish_outputs();
	topo_close(ses.topo);
	if (stop_signal) {
		warnx("interrupted: completed rows were written");
		return 128 + stop_signal;
	}
	return 0;
}
