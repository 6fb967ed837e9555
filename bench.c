// SPDX-License-Identifier: MIT
/*
 * bench.c - fencebench: what does a lockless precheck in
 * dma_fence_remove_callback() buy, and is it safe?
 *
 * One signaler and N waiter threads, each pinned to its own CPU, run rounds
 * (docs/design.md, "One round"):
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
 * released frame visible without any data race (docs/design.md, "How
 * hazards are counted"):
 *   hazard_prev_store    the signaler's INIT_LIST_HEAD prev store landed
 *                        after the waiter let go (window A)
 *   hazard_func_call     the signaler called through the poisoned func
 *   hazard_payload_read  the callback read the poisoned payload  (window B)
 *   hazard_payload_write the callback's final store landed after release
 *
 * Each strategy has its own copy of the waiter loop with the removal
 * inlined: the one indirect call per run selects the loop.  The rest is in
 * harness/; data flows one way: config -> plan -> run -> rows -> sink.
 */
#include <err.h>
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "compiler.h"
#include "cycles.h"
#include "fence.h"
#include "harness/config.h"
#include "harness/counters.h"
#include "harness/env.h"
#include "harness/floor.h"
#include "harness/gate.h"
#include "harness/histogram.h"
#include "harness/matrix.h"
#include "harness/output.h"
#include "harness/plan.h"
#include "harness/results.h"
#include "harness/round.h"		/* the ring, round word and poisons, as kmod/'s */
#include "harness/row_derive.h"
#include "harness/rows.h"
#include "harness/run_labels.h"
#include "harness/session.h"
#include "harness/statistics.h"
#include "harness/strategy.h"
#include "harness/test_hooks.h"
#include "harness/timer.h"
#include "harness/topology.h"
#include "harness/trace.h"
#include "harness/verify.h"
#include "harness/waiter_frame.h"

#define RING		FB_RING
#define ROUND_MEASURE	FB_ROUND_MEASURE
#define ROUND_STOP	FB_ROUND_STOP
#define ROUND_SHIFT	FB_ROUND_SHIFT

struct worker {
	/* written by this waiter every round, read by the signaler */
	struct {
		uint64_t attached;
		uint64_t done;		/* round << 2 | violation << 1 | removed */
		uint64_t woke;		/* --wait sleep: running again (cycles) */
	} sync __cacheline_aligned;
	struct bench_task task __cacheline_aligned;	/* --wait sleep: woken by the callback */
	struct waiter_cb slot;
	/* the line the signaler and this waiter bounce to measure the floor */
	struct {
		uint64_t seq;
	} ping __cacheline_aligned;
	struct trace_waiter_round trace_now __cacheline_aligned;	/* --trace: this round */
	struct worker_result res __cacheline_aligned;
	int cpu, cpu_seen;
	struct spread timer;		/* the timing bracket on this CPU, cycles */
	long nivcsw;			/* involuntary context switches in the last run */
	struct counters cnt;		/* this thread's counter group (fds -1: none) */
	unsigned int index;		/* waiter number, for --trace */
};

struct group {
	uint64_t round __cacheline_aligned;
	struct bench_fence *ring[RING];	/* each in its own pages, on its node */
	spinlock_t timeline_lock __cacheline_aligned;	/* --lock-placement shared */
};

struct signaler {
	struct signaler_result res;
	struct trace_signal_round trace_now __cacheline_aligned;	/* --trace: this round */
	int cpu, cpu_seen;
	struct spread lock_cost;	/* uncontended spin_lock + spin_unlock */
	struct spread c2c;		/* the floor last measured: waiters' mean */
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
	uint64_t timeout_cycles, init_gap_cycles, pre_func_cycles, irq_delay_cycles;
	enum wait_mode wait;
	enum lock_placement lock_at;
	enum spin_kind lock;
	uint64_t stall_round;		/* test hook: waiters stop for good in this round */
	uint64_t miscount_round;	/* test hook: waiters misreport this round */
	bool timed;			/* false: --timing none's loops */
	struct trace *trace;		/* non-NULL: the traced loops (--trace) */
};

/* Where a thread is, for the watchdog: runs are phases PHASE_RUN + 1, 2... */
enum phase { PHASE_NONE, PHASE_ALLOCATED, PHASE_FLOOR, PHASE_RUN };

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

static noinline void stall_forever(void)
{
	for (;;)
		sleep(1);
}

static volatile sig_atomic_t stop_signal;
static int stop_requested;		/* read by the signaler each round */

static __always_inline enum dma_fence_remove_outcome
remove_cb(struct dma_fence *f, struct waiter_cb *wcb, const enum remove_strategy s,
	  struct dma_fence_remove_stamps *st)
{
	switch (s) {	/* no default: -Wswitch catches a missing strategy */
	case REMOVE_LOCKED:
		return __dma_fence_remove_callback_locked_stamped(f, &wcb->cb, st);
	case REMOVE_LIST_EMPTY:
		return __dma_fence_remove_callback_list_empty_stamped(f, &wcb->cb, st);
	case REMOVE_CAREFUL:
		return __dma_fence_remove_callback_list_empty_careful_stamped(f, &wcb->cb, st);
	case REMOVE_CAREFUL_2020:
		return __dma_fence_remove_callback_list_empty_careful_2020_stamped(f, &wcb->cb,
									   st);
	case REMOVE_FLAG:
		return __dma_fence_remove_callback_flag_stamped(f, &wcb->cb, &wcb->tsk, st);
	case REMOVE_FLAG_I915:
	case REMOVE_FLAG_XCHG:
		return __dma_fence_remove_callback_flag_once_stamped(f, &wcb->cb, &wcb->tsk, st);
	case REMOVE_FINISH_WAIT:
		return __dma_fence_remove_callback_finish_wait_stamped(f, &wcb->cb, st);
	case REMOVE_NR:
		break;
	}
	return DMA_FENCE_REMOVE_SLOW_MISS;
}

/*
 * @timed and @traced are constants in each copy: the untimed copies
 * (--timing none) have no counter reads at all, not a branch around them,
 * and only the traced copies (--trace's own run) have the stamps.
 */
static __always_inline void waiter_loop(struct worker *w, const struct run *run,
					struct group *g, const enum remove_strategy s,
					const bool timed, const bool traced)
{
	struct waiter_cb *wcb = &w->slot;
	struct hist *h = w->res.remove;
	const enum wait_mode wait = run->wait;
	const uint64_t timeout = run->timeout_cycles;
	const bool sleep = wait == WAIT_SLEEP;
	/* the callback clears the word the strategy's precheck reads (read once per run) */
	const enum callback_word word = strategies[s].word;
	const dma_fence_func_t wake =
		word == WORD_I915 ? (sleep ? waiter_wake_i915_sleep : waiter_wake_i915) :
		word == WORD_XCHG ? (sleep ? waiter_wake_xchg_sleep : waiter_wake_xchg) :
		sleep ? waiter_wake_sleep : waiter_wake;
	uint64_t fast = 0, hit = 0, miss = 0, hz_prev = 0, hz_write = 0, violation = 0, calls = 0;
	uint64_t self = 0;
	uint64_t last = run->round0, rw;
	const uint64_t miscount = run->miscount_round;
	bool last_fast = false, last_measured = false;
	struct spin_lock_stat ls0 = { 0, 0 };

	for (;;) {
		enum dma_fence_remove_outcome o;
		struct trace_waiter_round *tw = NULL;
		struct dma_fence *f;
		uint64_t r, t0 = 0, t1 = 0;
		bool measured, removed, bad, by_me = false;
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
		if (unlikely(r == run->stall_round))
			stall_forever();
		if (measured && !last_measured)
			ls0 = spin_lock_stat;	/* thread-local: lock stats of measured rounds */
		f = &g->ring[r % RING]->base;

		/* a fresh frame */
		PAYLOAD_WRITE(wcb->payload, (uintptr_t)w);
		WRITE_ONCE(wcb->tsk, (void *)&w->task);
		ret = dma_fence_add_callback(f, &wcb->cb, wake);
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
		case WAIT_CHECK:
			/* ops->signaled: this waiter may signal the fence itself */
			while (!__dma_fence_is_signaled(f, &by_me))
				spin_relax();
			break;
		case WAIT_SLEEP:
			/* i915_request_wait_timeout()'s loop, no timeout: woken by the callback */
			for (;;) {
				set_current_state(&w->task, TASK_INTERRUPTIBLE);
				if (dma_fence_is_signaled(f))
					break;
				bench_schedule(&w->task, TASK_INTERRUPTIBLE);
			}
			WRITE_ONCE(w->task.state, TASK_RUNNING);	/* __set_current_state() */
			break;
		}

		if (traced)
			tw = trace_waited(&w->trace_now);
		if (timed) {
			t0 = cycles_start();
			o = remove_cb(f, wcb, s, NULL);
			t1 = cycles_end();
			if (sleep)
				WRITE_ONCE(w->sync.woke, t0);	/* the signaler takes the wait */
		} else {
			o = remove_cb(f, wcb, s, traced && tw ? &tw->rm : NULL);
		}
		if (tw)
			trace_returned(tw, o);
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
			if (timed)
				hist_add(&h[o], t1 - t0);
			fast += o == DMA_FENCE_REMOVE_FASTPATH;
			hit += removed;
			miss += o == DMA_FENCE_REMOVE_SLOW_MISS;
			self += by_me;
		}
		if (unlikely(bad) && !violation)
			violation = r;
		if (unlikely(r == miscount))
			removed = !removed;
		if (tw)
			trace_keep_waiter(run->trace, r - (run->round0 >> ROUND_SHIFT), w->index, tw);
		smp_store_release(&w->sync.done,
				  r << ROUND_SHIFT | (uint64_t)bad << 1 | (uint64_t)removed);
	}
	w->res.fastpath = fast;
	w->res.slowpath_hit = hit;
	w->res.slowpath_miss = miss;
	w->res.hazard_prev_store = hz_prev;
	w->res.hazard_payload_write = hz_write;
	w->res.violation_round = violation;
	w->res.self_signalled = self;
	w->res.loop_removes = calls;
	w->res.lock.contentions = last_measured ? spin_lock_stat.contentions - ls0.contentions : 0;
	w->res.lock.handoffs = last_measured ? spin_lock_stat.handoffs - ls0.handoffs : 0;
}

/* Three copies per strategy: timed, untimed (--timing none), traced (--trace). */
#define WAITER_LOOP(fn, s, timed, traced)						\
static noinline void fn(struct worker *w, const struct run *run, struct group *g)	\
{											\
	waiter_loop(w, run, g, s, timed, traced);					\
}
#define WAITER_LOOPS(name, s)	WAITER_LOOP(loop_##name, s, true, false)		\
	WAITER_LOOP(loop_##name##_untimed, s, false, false)				\
	WAITER_LOOP(loop_##name##_traced, s, false, true)

WAITER_LOOPS(locked, REMOVE_LOCKED)

WAITER_LOOPS(list_empty, REMOVE_LIST_EMPTY)

WAITER_LOOPS(careful, REMOVE_CAREFUL)

WAITER_LOOPS(careful_2020, REMOVE_CAREFUL_2020)

WAITER_LOOPS(flag, REMOVE_FLAG)

WAITER_LOOPS(flag_i915, REMOVE_FLAG_I915)

WAITER_LOOPS(flag_xchg, REMOVE_FLAG_XCHG)

WAITER_LOOPS(finish_wait, REMOVE_FINISH_WAIT)

#define LOOPS(name)	{ loop_##name, loop_##name##_untimed, loop_##name##_traced }

/* Indexed as strategies[] (harness/strategy.c), which holds the rest of each one's facts. */
static const struct strategy_loops strategy_loops[REMOVE_NR] = {
	[REMOVE_LOCKED]		= LOOPS(locked),
	[REMOVE_LIST_EMPTY]	= LOOPS(list_empty),
	[REMOVE_CAREFUL]	= LOOPS(careful),
	[REMOVE_CAREFUL_2020]	= LOOPS(careful_2020),
	[REMOVE_FLAG]		= LOOPS(flag),
	[REMOVE_FLAG_I915]	= LOOPS(flag_i915),
	[REMOVE_FLAG_XCHG]	= LOOPS(flag_xchg),
	[REMOVE_FINISH_WAIT]	= LOOPS(finish_wait),
};

/*
 * --wait sleep: each waiter's wake (ordered by the acquire of its done word)
 * less the signal's start: the whole wait.  Out of line: a sleeping round
 * costs microseconds, and the loops it is not in stay as they were.
 */
static noinline void take_waits(struct hist *h, struct worker *const *workers, unsigned int n,
				uint64_t t0)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		uint64_t woke = READ_ONCE(workers[i]->sync.woke);

		if (woke >= t0)
			hist_add(h, woke - t0);
	}
}

/* As the waiter's loop: an untimed copy without the lock hold's timer, a traced one. */
static __always_inline void signaler_loop(struct signaler *sg, const struct run *run,
					  struct group *g, struct worker *const *workers,
					  unsigned int n, const bool timed, const bool traced)
{
	const uint64_t gap = run->init_gap_cycles, pre = run->pre_func_cycles;
	const enum signal_form form = strategies[run->strategy].signal;
	const bool list_v5_8 = form == SIGNAL_LIST_V5_8, func_first = form == SIGNAL_FUNC_FIRST;
	const bool sleep = run->wait == WAIT_SLEEP;
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
		struct trace_signal_round *ts = NULL;
		struct bench_fence *bf;
		uint64_t removed = 0, inv0, call0, read0, t0 = 0, t1 = 0;
		bool measured;
		int ret;

		now = get_cycles();
		r++;
		if (now >= stop_at || violation || READ_ONCE(stop_requested) ||
		    (traced && trace_done(run->trace, r - (run->round0 >> ROUND_SHIFT)))) {
			smp_store_release(&g->round, r << ROUND_SHIFT | ROUND_STOP);
			break;
		}
		measured = now >= measure_at;
		if (measured && !first) {
			first = now;
			ls0 = spin_lock_stat;
		}

		bf = g->ring[r % RING];
		dma_fence_init(&bf->base, run->wait == WAIT_CHECK ? &bench_ops_hw : &bench_ops,
			       run->lock_at == LOCK_INLINE ? NULL : run->lock_at == LOCK_SHARED ?
			       &g->timeline_lock : &bf->next_line_lock, run->lock, r);
		smp_store_release(&g->round, r << ROUND_SHIFT | (measured ? ROUND_MEASURE : 0));

		for (i = 0; i < n; i++)
			while (smp_load_acquire(&workers[i]->sync.attached) != r)
				spin_relax();

		inv0 = bf->cbstat.invoked;
		call0 = bf->cbstat.hazard_func_call;
		read0 = bf->cbstat.hazard_payload_read;

		/* the hardware is done; its interrupt arrives irq_delay later */
		if (run->wait == WAIT_CHECK) {
			smp_store_release(&bf->hw_seqno, r);
			if (run->irq_delay_cycles)
				__dma_fence_stall(run->irq_delay_cycles);
		}

		/* dma_fence_signal(), with the lock hold timed */
		dma_fence_lock_irqsave(&bf->base, flags);
		if (timed)
			t0 = cycles_start();
		if (traced)
			ts = &sg->trace_now;
		ret = __dma_fence_signal_locked_stamped(&bf->base, gap, pre, list_v5_8,
							func_first, traced && ts ? &ts->st : NULL);
		if (timed)
			t1 = cycles_end();
		if (ts)
			trace_unlocking(ts);	/* before the release: see fence.h */
		dma_fence_unlock_irqrestore(&bf->base, flags);

		for (i = 0; i < n; i++) {
			uint64_t d;

			while (((d = smp_load_acquire(&workers[i]->sync.done)) >> ROUND_SHIFT) != r)
				spin_relax();
			removed += d & 1;
			if (d & 2)
				violation = r;
		}
		if (timed && sleep && measured && ret == 0)
			take_waits(&sg->res.wait, workers, n, t0);
		if (ts)
			trace_keep_signal(run->trace, r - (run->round0 >> ROUND_SHIFT), r, ts);
		/* every callback removed or called, exactly once */
		if (bf->cbstat.invoked - inv0 + removed != n && !violation) {
			violation = r;
			sg->res.violation_invoked = bf->cbstat.invoked - inv0;
			sg->res.violation_removed = removed;
		}
		if (measured) {
			rounds++;
			/* a waiter that signalled (ret != 0) ran the callbacks itself */
			if (timed && ret == 0)
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

#define SIGNALER_LOOP(fn, timed, traced)						\
static noinline void fn(struct signaler *sg, const struct run *run, struct group *g,	\
			struct worker *const *workers, unsigned int n)			\
{											\
	signaler_loop(sg, run, g, workers, n, timed, traced);				\
}
SIGNALER_LOOP(signaler_timed, true, false)
SIGNALER_LOOP(signaler_untimed, false, false)
SIGNALER_LOOP(signaler_traced, false, true)

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
		int node = b->plan.fence_nodes[i % b->plan.fence_slots];

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
					 b->nr_waiters, &stop_requested))
			return;
	if (w)
		floor_ping_waiter(&w->ping.seq, samples, &stop_requested);
}

static void *thread_main(void *p)
{
	const struct thread_arg *a = p;
	struct bench *b = a->b;
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
		stall_forever();
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
			stall_forever();
		gate_pass(&b->gate, a->slot, phase);	/* start */
		if (run->quit || !b->signaler || !b->group || !b->group->ring[RING - 1])
			break;
		if (sg) {
			long cs = env_thread_nivcsw();

			hist_init(&sg->res.signal);
			hist_init(&sg->res.wait);
			(run->trace ? signaler_traced : run->timed ? signaler_timed :
			 signaler_untimed)(sg, run, b->group, b->workers, b->nr_waiters);
			sg->nivcsw = env_thread_nivcsw() - cs;
		} else if (w) {
			long cs = env_thread_nivcsw();

			hist_init(&w->res.remove[DMA_FENCE_REMOVE_FASTPATH]);
			hist_init(&w->res.remove[DMA_FENCE_REMOVE_SLOW_HIT]);
			hist_init(&w->res.remove[DMA_FENCE_REMOVE_SLOW_MISS]);
			counters_start(&w->cnt);
			if (run->trace)
				strategy_loops[run->strategy].loop_traced(w, run, b->group);
			else if (run->timed)
				strategy_loops[run->strategy].loop(w, run, b->group);
			else
				strategy_loops[run->strategy].loop_untimed(w, run, b->group);
			counters_stop(&w->cnt, w->res.cnt);
			w->nivcsw = env_thread_nivcsw() - cs;
		}
		/* the floor after this run, and before the next: nothing runs between */
		while (w && a->index == 0 && b->hooks->stall == STALL_REP_FLOOR &&
		       !READ_ONCE(stop_requested))
			usleep(10000);
		floor_all(b, sg, w, FLOOR_SAMPLES_REP);
		/* main polls this instead of waiting, to see a run that hangs */
		__atomic_fetch_add(&b->finished, 1, __ATOMIC_RELEASE);
	}
	if (w)
		counters_close(&w->cnt);
	return NULL;
}

static void on_signal(int sig)
{
	stop_signal = sig;
	__atomic_store_n(&stop_requested, 1, __ATOMIC_RELAXED);
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
		if (stop_signal)
			sink_leave(b->sink, stop_signal, "before the threads were ready");
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
		if (stop_signal && !stopping)
			stopping = now;
		if (stopping && now - stopping > 2000000000ull)
			sink_leave(b->sink, stop_signal, "(a thread did not stop)");
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
		if (stop_signal)
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
	for (k = 0; k < b->cfg->nr_strategies && !stop_signal; k++) {
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
	topo_plan_free(&b->plan);
}

/* One configuration: plan, threads, every strategy and repetition, join. */
static void run_config(struct session *ses, const struct topo_request *req)
{
	const struct bench_config *cfg = ses->cfg;
	struct bench b = { .cfg = cfg, .topo = ses->topo, .sink = ses->sink, .trace = ses->trace };
	struct placement_cols pc;
	struct thread_arg *args;
	pthread_t *threads;
	struct hist *merged;
	struct run_labels l;
	struct run_facts facts;
	char errbuf[256];
	unsigned int i, rep, k, total;

	if (!session_plan(ses, req, &b.plan, &stop_signal))
		return;		/* --engine kernel ran it */
	b.cpus = b.plan.cpus;
	b.nr_waiters = b.plan.nr_threads - 1;
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
		if (verify_placement(b.topo, &b.plan, seen, fence, RING, &pc, errbuf,
				     sizeof(errbuf)) < 0)
			errx(1, "%s", errbuf);
	}

	run_labels_init(&l, cfg, b.topo, &b.plan);
	sink_begin(ses->sink, run_labels_facts(&l, &b.scale, b.counters_why, &b.plan, &facts));
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

	for (rep = 1; rep <= cfg->repeat && !stop_signal; rep++) {
		for (k = 0; k < cfg->nr_strategies * 2 && !stop_signal; k++) {
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

	if (b.trace && !stop_signal)
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

/* --matrix runs one configuration per CPU pair */
static void run_config_of(void *ses, const struct topo_request *req)
{
	run_config(ses, req);
}

int main(int argc, char **argv)
{
	struct bench_config cfg;
	struct session ses;
	int ret = session_open(&ses, &cfg, argc, argv, RING);

	if (ret >= 0)
		return ret;	/* --report, --topology, --dry-run */
	session_signals(on_signal);
	session_calibrate(&ses);

	if (cfg.matrix)
		matrix_run(&cfg, ses.req, ses.matrix_cpu, ses.nr_matrix_cpus, &stop_signal,
			   run_config_of, &ses);
	else
		run_config(&ses, &ses.req);
	return session_close(&ses, stop_signal);
}
