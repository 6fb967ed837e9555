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
 * inlined: the one indirect call per run selects the loop.  What runs
 * these loops (threads, the watchdog, collection, the repetitions) is the
 * user engine, harness/engine/user.c: main() hands it this model.  The
 * rest is in harness/; data flows one way: config -> plan -> run -> rows
 * -> sink.
 */
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "compiler.h"
#include "cycles.h"
#include "fence.h"
#include "harness/config.h"
#include "harness/engine/engine.h"
#include "harness/engine/user.h"	/* the threads' memory, the run; the engine */
#include "harness/histogram.h"
#include "harness/matrix.h"
#include "harness/plan.h"
#include "harness/round.h"		/* the ring, round word and poisons, as kmod/'s */
#include "harness/session.h"
#include "harness/strategy.h"
#include "harness/test_hooks.h"
#include "harness/trace.h"
#include "harness/waiter_frame.h"

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
	/* the callback clears the word the strategy's precheck reads (a constant here) */
	const enum callback_word word = STRATEGY_WORD(s);
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
			test_hooks_stall();
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

static void on_signal(int sig)
{
	stop_signal = sig;
	__atomic_store_n(&stop_requested, 1, __ATOMIC_RELAXED);
}

/* What runs each configuration: the session, and the engine --engine chose. */
struct invocation {
	const struct session *ses;
	const struct engine *engine;
};

/* One configuration (--matrix: one per CPU pair): its plan, run by the engine. */
static void run_config(void *p, const struct topo_request *req)
{
	const struct invocation *inv = p;
	struct topo_plan plan = session_plan(inv->ses, req);

	inv->engine->run(inv->engine, inv->ses, &plan, &stop_signal);
	topo_plan_free(&plan);
}

int main(int argc, char **argv)
{
	struct bench_config cfg;
	static const struct user_model model = {
		.loops = strategy_loops,
		.signaler_timed = signaler_timed,
		.signaler_untimed = signaler_untimed,
		.signaler_traced = signaler_traced,
		.stop_requested = &stop_requested,
	};
	struct session ses;
	struct engine engine;
	struct invocation inv;
	int ret = session_open(&ses, &cfg, argc, argv, RING);

	if (ret >= 0)
		return ret;	/* --report, --topology, --dry-run */
	session_signals(on_signal);
	session_calibrate(&ses);

	/* the engine, chosen once: the model's loops on threads, or fencebench.ko */
	engine = cfg.kernel ? engine_kernel : engine_user(&model);
	inv = (struct invocation){ &ses, &engine };
	if (cfg.matrix)
		matrix_run(&cfg, ses.req, ses.matrix_cpu, ses.nr_matrix_cpus, &stop_signal,
			   run_config, &inv);
	else
		run_config(&inv, &ses.req);
	return session_close(&ses, stop_signal);
}
