// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * fbk_round.c - the rounds of fencebench.ko, on the kernel's own dma-fence.
 *
 * The protocol is userspace's (bench.c), with the real thing underneath:
 *
 *   signaler kthread                  waiter kthread i
 *   dma_fence_init(fence r),
 *   publish r (release)      ----->   see r; dma_fence_add_callback() with
 *                                     its frame; announce "attached"
 *   wait for all attached    <-----
 *   spin_lock_irqsave;
 *   dma_fence_signal_locked()
 *   (timed); unlock                   poll dma_fence_is_signaled() (or the
 *                                     callback's word, or a timeout)
 *                                     time the removal with the strategy
 *                                     under test; on a lockless return
 *                                     poison the frame at once
 *   wait for all done        <-----   report done (and whether it removed)
 *   check: every callback removed or called, exactly once
 *
 * The strategies are the kernel's dma_fence_remove_callback() unchanged
 * (locked), the kernel's list_empty() and list_empty_careful() as a
 * precheck in front of it, and i915's word cleared by the callback: with a
 * release store (flag), with fetch_and_zero() as i915 wrote it until 2026
 * (flag_i915) and with the 2026 xchg() (flag_xchg).  finish_wait leaves
 * dma-fence's callback list for the kernel's own wait queue: the waiter's
 * entry added with add_wait_queue(), the signaler's wake_up_all_locked()
 * under the queue's lock with SIGNALED set inside it, and the waiter's
 * exit through the kernel's finish_wait(); the entry's function is
 * autoremove_wake_function() when the waiter sleeps (--wait sleep), else
 * fencebench.ko's, which clears the waiter's word and then unlinks with
 * list_del_init_careful() as autoremove does.  With --wait sleep every
 * waiter sets its state and schedules until its callback wakes it.
 * Every spin is cpu_relax() with a limit: a thread that waits longer than
 * the run's spin limit aborts the run, naming what it waited for, so no
 * kthread can hang.  cond_resched() runs between rounds.
 */
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/list.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <asm/msr.h>

#include "fbk.h"

#define FBK_PAYLOAD_POISON	((unsigned long)FB_PAYLOAD_POISON)
#define FBK_PREV_POISON		((struct list_head *)(unsigned long)FB_PREV_POISON)
#define FBK_TSK_POISON		((void *)(unsigned long)FB_TSK_POISON)
#define FBK_SAMPLES		101

const char *const fbk_strategy_name[FBK_NR_STRATEGIES] = {
	[FBK_LOCKED]		= "locked",
	[FBK_LIST_EMPTY]	= "list_empty",
	[FBK_CAREFUL]		= "list_empty_careful",
	[FBK_FLAG]		= "flag",
	[FBK_FLAG_I915]		= "flag_i915",
	[FBK_FLAG_XCHG]		= "flag_xchg",
	[FBK_FINISH_WAIT]	= "finish_wait",
};

static const char *fbk_driver_name(struct dma_fence *fence)
{
	return "fencebench";
}

static const char *fbk_timeline_name(struct dma_fence *fence)
{
	return "ring";
}

/* The fences live in module memory: nothing to free when the last ref goes. */
static void fbk_fence_release(struct dma_fence *fence)
{
}

static const struct dma_fence_ops fbk_fence_ops = {
	.get_driver_name = fbk_driver_name,
	.get_timeline_name = fbk_timeline_name,
	.release = fbk_fence_release,
};

/**
 * fbk_fence_init - (re)initialise a ring slot for its next round
 * @run: the run
 * @ff: the slot; its previous fence is signaled (every callback gone)
 * @seqno: the round
 */
void fbk_fence_init(struct fbk_run *run, struct fbk_fence *ff, u64 seqno)
{
	dma_fence_init(&ff->base, &fbk_fence_ops, &ff->lock, run->context, seqno);
	/* empty: every waiter of the last round left it with finish_wait() */
	init_waitqueue_head(&ff->wq);
}

void fbk_hist_init(struct fbk_hist *h)
{
	memset(h, 0, sizeof(*h));
	h->min = U64_MAX;
}

void fbk_hist_merge(struct fbk_hist *dst, const struct fbk_hist *src)
{
	unsigned int b;

	for (b = 0; b < HIST_BUCKETS; b++)
		dst->bucket[b] += src->bucket[b];
	dst->count += src->count;
	dst->sum += src->sum;
	dst->min = min(dst->min, src->min);
	dst->max = max(dst->max, src->max);
}

static __always_inline void fbk_hist_add(struct fbk_hist *h, u64 v)
{
	h->bucket[hist_bucket_index(v)]++;
	h->count++;
	h->sum += v;
	if (v < h->min)
		h->min = v;
	if (v > h->max)
		h->max = v;
}

/**
 * fbk_abort - end the run early; the first caller's reason is kept
 * @run: the run
 * @fmt: the reason, printf-style, one line
 */
void fbk_abort(struct fbk_run *run, const char *fmt, ...)
{
	va_list ap;

	if (atomic_cmpxchg(&run->abort, 0, 1))
		return;
	va_start(ap, fmt);
	vscnprintf(run->why, sizeof(run->why), fmt, ap);
	va_end(ap);
	/* the reason is complete before anyone sees 2 */
	atomic_set_release(&run->abort, 2);
}

/* A bounded spin: the start time and a turn counter. */
struct fbk_spin {
	u64 t0;
	unsigned int n;
};

static __always_inline void fbk_spin_init(struct fbk_spin *sp)
{
	sp->t0 = rdtsc_ordered();
	sp->n = 0;
}

/*
 * One turn of a spin: cpu_relax(); every 256 turns look at the clock and
 * the abort word.  Returns false when the spin must give up.  A spin that
 * shares its CPU, or has lasted abnormally long, lets the scheduler in: no
 * soft lockup or RCU stall however long the limit.
 */
static __always_inline bool fbk_spin_on(struct fbk_run *run, struct fbk_spin *sp)
{
	u64 spun;

	cpu_relax();
	if (++sp->n & 255)
		return true;
	if (atomic_read(&run->abort))
		return false;
	spun = rdtsc_ordered() - sp->t0;
	if (spun > run->spin_limit_cycles)
		return false;
	if (run->yield || spun > run->resched_cycles)
		cond_resched();
	return true;
}

/*
 * i915's fetch_and_zero() (drivers/gpu/drm/i915/i915_utils.h; no header
 * under include/linux/ has it in 6.1, so a module cannot include it): the
 * same plain load and plain store, for the one type used here.  Not one
 * atomic, and no barrier: only x86-TSO keeps the callback's earlier
 * accesses before the store.
 */
static __always_inline void *fbk_fetch_and_zero(void **ptr)
{
	void *v = *ptr;

	*ptr = NULL;
	return v;
}

/* What every callback does first: count the call, read the payload (*@late: poisoned). */
static __always_inline struct fbk_frame *fbk_wake_begin_late(struct dma_fence *fence,
							     struct dma_fence_cb *cb, bool *late)
{
	struct fbk_fence *ff = container_of(fence, struct fbk_fence, base);
	struct fbk_frame *fr = container_of(cb, struct fbk_frame, cb);

	ff->cbstat.invoked++;
	*late = READ_ONCE(fr->payload) == FBK_PAYLOAD_POISON;
	ff->cbstat.hazard_payload_read += *late;
	return fr;
}

static __always_inline struct fbk_frame *fbk_wake_begin(struct dma_fence *fence,
							struct dma_fence_cb *cb)
{
	bool late;

	return fbk_wake_begin_late(fence, cb, &late);
}

/*
 * The task a sleeping waiter's callback loaded from the frame, woken.  A
 * frame its waiter reused after the call began (an unsafe strategy's late
 * call) holds FBK_TSK_POISON, or NULL: waking that would oops, so the late
 * read is counted (once per call: @late, the payload's already counted)
 * and nobody is woken.
 */
static __always_inline void fbk_wake_task(struct dma_fence *fence, struct task_struct *tsk,
					  bool late)
{
	struct fbk_fence *ff = container_of(fence, struct fbk_fence, base);

	if (unlikely(tsk == FBK_TSK_POISON || !tsk)) {
		ff->cbstat.hazard_payload_read += !late;
		return;
	}
	wake_up_process(tsk);
}

/* The callback of a live frame: default_wait_cb's wake-up, a release. */
static void fbk_wake(struct dma_fence *fence, struct dma_fence_cb *cb)
{
	/* wake_up_process(): the last access to the waiter's frame */
	smp_store_release(&fbk_wake_begin(fence, cb)->tsk, NULL);
}

/*
 * i915's request_wait_wake() until 2026: wake_up_process(fetch_and_zero()).
 * No task to wake here, so the compiler may drop the load: the store, the
 * last access to the frame, stays.
 */
static void fbk_wake_i915(struct dma_fence *fence, struct dma_fence_cb *cb)
{
	fbk_fetch_and_zero(&fbk_wake_begin(fence, cb)->tsk);
}

/* The 2026 form: xchg(), fully ordered */
static void fbk_wake_xchg(struct dma_fence *fence, struct dma_fence_cb *cb)
{
	xchg(&fbk_wake_begin(fence, cb)->tsk, NULL);
}

/*
 * --wait sleep: the same callbacks, then the wake of the task they loaded
 * from the frame before letting go of it (i915's request_wait_wake() is
 * exactly fbk_wake_i915_sleep()).  wake_up_process(), as i915:
 * wake_up_state(), which dma_fence_default_wait_cb() uses, is not exported.
 */
static void fbk_wake_sleep(struct dma_fence *fence, struct dma_fence_cb *cb)
{
	bool late;
	struct fbk_frame *fr = fbk_wake_begin_late(fence, cb, &late);
	struct task_struct *tsk = READ_ONCE(fr->tsk);

	/* the last access to the frame: pairs with the flag's acquire */
	smp_store_release(&fr->tsk, NULL);
	fbk_wake_task(fence, tsk, late);
}

static void fbk_wake_i915_sleep(struct dma_fence *fence, struct dma_fence_cb *cb)
{
	bool late;
	struct fbk_frame *fr = fbk_wake_begin_late(fence, cb, &late);

	fbk_wake_task(fence, fbk_fetch_and_zero(&fr->tsk), late);
}

static void fbk_wake_xchg_sleep(struct dma_fence *fence, struct dma_fence_cb *cb)
{
	bool late;
	struct fbk_frame *fr = fbk_wake_begin_late(fence, cb, &late);

	fbk_wake_task(fence, xchg(&fr->tsk, NULL), late);
}

/*
 * finish_wait's entry function while the waiter spins: what
 * autoremove_wake_function() does, its wake replaced by the waiter's word:
 * clear it (release), then list_del_init_careful() as the last access.
 */
static int fbk_wq_wake(struct wait_queue_entry *wq_entry, unsigned int mode, int sync,
		       void *key)
{
	struct fbk_frame *fr = container_of(wq_entry, struct fbk_frame, wq_entry);
	struct fbk_waiter *w = container_of(fr, struct fbk_waiter, frame);

	if (READ_ONCE(fr->payload) == FBK_PAYLOAD_POISON)
		w->run->wq_hazard_payload_read++;
	/* pairs with the callback wait's acquire; the unlink's release is last */
	smp_store_release(&fr->tsk, NULL);
	list_del_init_careful(&wq_entry->entry);
	return 1;
}

/* What a released entry's func points at: counts, touches nothing else. */
static int fbk_wq_trap(struct wait_queue_entry *wq_entry, unsigned int mode, int sync,
		       void *key)
{
	struct fbk_frame *fr = container_of(wq_entry, struct fbk_frame, wq_entry);

	container_of(fr, struct fbk_waiter, frame)->run->wq_hazard_func_call++;
	return 0;
}

/* What a released frame's func points at: counts, touches nothing else. */
static void fbk_trap(struct dma_fence *fence, struct dma_fence_cb *cb)
{
	struct fbk_fence *ff = container_of(fence, struct fbk_fence, base);

	ff->cbstat.invoked++;
	ff->cbstat.hazard_func_call++;
}

/*
 * The removal under test.  Every slow path is the kernel's own
 * dma_fence_remove_callback(); the prechecks are the kernel's own list
 * helpers, exactly as a patch in front of it would call them.
 */
static __always_inline enum fbk_outcome
fbk_remove(struct dma_fence *f, struct fbk_frame *fr, const enum fbk_strategy s)
{
	switch (s) {
	case FBK_LOCKED:
		break;
	case FBK_LIST_EMPTY:
		if (list_empty(&fr->cb.node))
			return FBK_FAST;
		break;
	case FBK_CAREFUL:
		if (list_empty_careful(&fr->cb.node))
			return FBK_FAST;
		break;
	case FBK_FLAG:
		/* pairs with the callback's release: its last access is done */
		if (!smp_load_acquire(&fr->tsk))
			return FBK_FAST;
		break;
	case FBK_FLAG_I915:
	case FBK_FLAG_XCHG:
		/* i915_request_wait_timeout(): READ_ONCE(wait.tsk), no acquire */
		if (!READ_ONCE(fr->tsk))
			return FBK_FAST;
		break;
	case FBK_FINISH_WAIT:	/* fbk_finish_wait() */
	case FBK_NR_STRATEGIES:
		break;
	}
	return dma_fence_remove_callback(f, &fr->cb) ? FBK_SLOW_HIT : FBK_SLOW_MISS;
}

/*
 * finish_wait: the kernel's finish_wait() after the wake.  Its own
 * lockless list_empty_careful() decides whether it takes the queue's lock;
 * the same check just before it tells the paths apart (once home, the
 * entry stays home: only this waiter adds it).  When the check says queued
 * but finish_wait()'s own finds it home a moment later, the row counts a
 * slow path that took no lock.  A spinning waiter's word still set
 * afterwards means the wake never reached the entry: removed.
 */
static __always_inline enum fbk_outcome fbk_finish_wait(struct fbk_fence *ff,
							struct fbk_frame *fr, bool sleep)
{
	bool fast = list_empty_careful(&fr->wq_entry.entry);

	finish_wait(&ff->wq, &fr->wq_entry);
	if (fast)
		return FBK_FAST;
	return !sleep && READ_ONCE(fr->tsk) ? FBK_SLOW_HIT : FBK_SLOW_MISS;
}

/* FENCEBENCH test hook: stop here until the run is aborted. */
static noinline void fbk_stall(struct fbk_run *run)
{
	while (!atomic_read(&run->abort))
		schedule_timeout_uninterruptible(1);
}

static __always_inline void fbk_waiter_loop(struct fbk_waiter *w, struct fbk_run *run,
					    const enum fbk_strategy s, const bool timed)
{
	struct fbk_frame *fr = &w->frame;
	const enum fbk_wait wait = run->wait;
	const bool sleep = wait == FBK_WAIT_SLEEP, wq = s == FBK_FINISH_WAIT;
	const dma_fence_func_t wake =
		s == FBK_FLAG_I915 ? (sleep ? fbk_wake_i915_sleep : fbk_wake_i915) :
		s == FBK_FLAG_XCHG ? (sleep ? fbk_wake_xchg_sleep : fbk_wake_xchg) :
		sleep ? fbk_wake_sleep : fbk_wake;
	/* the node the signaler unlinks: the entry's, or the callback's */
	struct list_head *node = wq ? &fr->wq_entry.entry : &fr->cb.node;
	u64 fast = 0, hit = 0, miss = 0, hz_prev = 0, hz_write = 0, violation = 0;
	u64 last = run->round0, rw = 0;
	bool last_fast = false, last_measured = false;
	struct fbk_spin sp;

	for (;;) {
		enum fbk_outcome o;
		struct fbk_fence *ff;
		struct dma_fence *f;
		bool measured, removed, bad;
		u64 r, t0 = 0, t1 = 0;
		int ret;

		fbk_spin_init(&sp);
		/* pairs with the signaler's release: the fence is initialised */
		while ((rw = smp_load_acquire(&run->round)) == last)
			if (!fbk_spin_on(run, &sp)) {
				fbk_abort(run, "waiter %u (CPU %d) saw no round after %llu",
					  w->index, w->cpu, last >> FB_ROUND_SHIFT);
				goto out;
			}
		last = rw;
		/* the signaler is done with the last round: did it write late? */
		if (last_fast && last_measured) {
			hz_prev += READ_ONCE(node->prev) == node;
			hz_write += !READ_ONCE(fr->tsk);
		}
		if (rw & FB_ROUND_STOP)
			break;
		r = rw >> FB_ROUND_SHIFT;
		measured = rw & FB_ROUND_MEASURE;
		if (unlikely(r == run->stall_round)) {
			fbk_stall(run);
			goto out;
		}
		ff = run->ring[r % FB_RING];
		f = &ff->base;

		/* a fresh frame */
		WRITE_ONCE(fr->payload, (unsigned long)w);
		WRITE_ONCE(fr->tsk, current);
		if (wq) {
			/* DEFINE_WAIT(): autoremove_wake_function() for a sleeper */
			init_wait_entry(&fr->wq_entry, 0);
			if (!sleep)
				fr->wq_entry.func = fbk_wq_wake;
			add_wait_queue(&ff->wq, &fr->wq_entry);
			ret = 0;
		} else {
			ret = dma_fence_add_callback(f, &fr->cb, wake);
		}
		/* the callback is queued before the signaler may signal */
		smp_store_release(&w->sync.attached, r);

		fbk_spin_init(&sp);
		switch (wait) {
		case FBK_WAIT_POLL:
			while (!dma_fence_is_signaled(f))
				if (!fbk_spin_on(run, &sp))
					goto stuck;
			break;
		case FBK_WAIT_CALLBACK:
			/* pairs with the callback's release, as a woken task would */
			while (smp_load_acquire(&fr->tsk))
				if (!fbk_spin_on(run, &sp))
					goto stuck;
			break;
		case FBK_WAIT_TIMEOUT:
			while (!dma_fence_is_signaled(f) &&
			       rdtsc_ordered() - sp.t0 < run->wait_timeout_cycles)
				if (!fbk_spin_on(run, &sp))
					goto stuck;
			break;
		case FBK_WAIT_SLEEP:
			/* i915_request_wait_timeout()'s loop: woken by the callback */
			for (;;) {
				set_current_state(TASK_INTERRUPTIBLE);
				if (dma_fence_is_signaled(f))
					break;
				if (!schedule_timeout(1 + HZ / 100) &&
				    (atomic_read(&run->abort) ||
				     rdtsc_ordered() - sp.t0 > run->spin_limit_cycles)) {
					__set_current_state(TASK_RUNNING);
					goto stuck;
				}
			}
			__set_current_state(TASK_RUNNING);
			break;
		}

		/* untimed: nothing serialising between the precheck and the reuse */
		if (timed) {
			t0 = rdtsc_ordered();
			o = wq ? fbk_finish_wait(ff, fr, sleep) : fbk_remove(f, fr, s);
			t1 = rdtsc_ordered();
			if (sleep)
				WRITE_ONCE(w->sync.woke, t0);	/* the signaler takes the wait */
		} else {
			o = wq ? fbk_finish_wait(ff, fr, sleep) : fbk_remove(f, fr, s);
		}

		removed = o == FBK_SLOW_HIT;
		bad = ret != 0;
		if (o == FBK_FAST) {
			/* return from the wait: the frame is reused at once */
			WRITE_ONCE(fr->payload, FBK_PAYLOAD_POISON);
			if (wq)
				WRITE_ONCE(fr->wq_entry.func, fbk_wq_trap);
			else
				WRITE_ONCE(fr->cb.func, fbk_trap);
			WRITE_ONCE(node->prev, FBK_PREV_POISON);
			WRITE_ONCE(fr->tsk, FBK_TSK_POISON);
		} else {
			/* under the lock: removed, or the callback ran to completion */
			bad |= !list_empty(node);
			/* autoremove_wake_function() wakes; it clears no word */
			if (!(wq && sleep))
				bad |= removed == !READ_ONCE(fr->tsk);
		}
		last_fast = o == FBK_FAST;
		last_measured = measured;
		if (measured) {
			if (timed)
				fbk_hist_add(&w->hist[o], t1 - t0);
			fast += o == FBK_FAST;
			hit += removed;
			miss += o == FBK_SLOW_MISS;
		}
		if (unlikely(bad) && !violation)
			violation = r;
		/* this round's frame accesses are done before the signaler goes on */
		smp_store_release(&w->sync.done, r << FB_ROUND_SHIFT |
				  (u64)bad << 1 | (u64)removed);
		cond_resched();
	}
	goto out;
stuck:
	fbk_abort(run, "waiter %u (CPU %d) did not see the signal of round %llu",
		  w->index, w->cpu, rw >> FB_ROUND_SHIFT);
out:
	w->fast = fast;
	w->hit = hit;
	w->miss = miss;
	w->hazard_prev_store = hz_prev;
	w->hazard_payload_write = hz_write;
	w->violation_round = violation;
}

/*
 * Two copies of the loop per strategy, the removal inlined: timed, and
 * untimed (timing=none) with no rdtsc_ordered() anywhere in the round.
 */
static noinline void fbk_loop_locked(struct fbk_waiter *w, struct fbk_run *run)
{
	fbk_waiter_loop(w, run, FBK_LOCKED, true);
}

static noinline void fbk_loop_locked_untimed(struct fbk_waiter *w, struct fbk_run *run)
{
	fbk_waiter_loop(w, run, FBK_LOCKED, false);
}

static noinline void fbk_loop_list_empty(struct fbk_waiter *w, struct fbk_run *run)
{
	fbk_waiter_loop(w, run, FBK_LIST_EMPTY, true);
}

static noinline void fbk_loop_list_empty_untimed(struct fbk_waiter *w, struct fbk_run *run)
{
	fbk_waiter_loop(w, run, FBK_LIST_EMPTY, false);
}

static noinline void fbk_loop_careful(struct fbk_waiter *w, struct fbk_run *run)
{
	fbk_waiter_loop(w, run, FBK_CAREFUL, true);
}

static noinline void fbk_loop_careful_untimed(struct fbk_waiter *w, struct fbk_run *run)
{
	fbk_waiter_loop(w, run, FBK_CAREFUL, false);
}

static noinline void fbk_loop_flag(struct fbk_waiter *w, struct fbk_run *run)
{
	fbk_waiter_loop(w, run, FBK_FLAG, true);
}

static noinline void fbk_loop_flag_untimed(struct fbk_waiter *w, struct fbk_run *run)
{
	fbk_waiter_loop(w, run, FBK_FLAG, false);
}

static noinline void fbk_loop_flag_i915(struct fbk_waiter *w, struct fbk_run *run)
{
	fbk_waiter_loop(w, run, FBK_FLAG_I915, true);
}

static noinline void fbk_loop_flag_i915_untimed(struct fbk_waiter *w, struct fbk_run *run)
{
	fbk_waiter_loop(w, run, FBK_FLAG_I915, false);
}

static noinline void fbk_loop_flag_xchg(struct fbk_waiter *w, struct fbk_run *run)
{
	fbk_waiter_loop(w, run, FBK_FLAG_XCHG, true);
}

static noinline void fbk_loop_flag_xchg_untimed(struct fbk_waiter *w, struct fbk_run *run)
{
	fbk_waiter_loop(w, run, FBK_FLAG_XCHG, false);
}

static noinline void fbk_loop_finish_wait(struct fbk_waiter *w, struct fbk_run *run)
{
	fbk_waiter_loop(w, run, FBK_FINISH_WAIT, true);
}

static noinline void fbk_loop_finish_wait_untimed(struct fbk_waiter *w, struct fbk_run *run)
{
	fbk_waiter_loop(w, run, FBK_FINISH_WAIT, false);
}

/* [strategy][timed]: the one indirect call per run */
static void (*const fbk_loops[FBK_NR_STRATEGIES][2])(struct fbk_waiter *w, struct fbk_run *run) = {
	[FBK_LOCKED] = { fbk_loop_locked_untimed, fbk_loop_locked },
	[FBK_LIST_EMPTY] = { fbk_loop_list_empty_untimed, fbk_loop_list_empty },
	[FBK_CAREFUL] = { fbk_loop_careful_untimed, fbk_loop_careful },
	[FBK_FLAG] = { fbk_loop_flag_untimed, fbk_loop_flag },
	[FBK_FLAG_I915] = { fbk_loop_flag_i915_untimed, fbk_loop_flag_i915 },
	[FBK_FLAG_XCHG] = { fbk_loop_flag_xchg_untimed, fbk_loop_flag_xchg },
	[FBK_FINISH_WAIT] = { fbk_loop_finish_wait_untimed, fbk_loop_finish_wait },
};

/* Leave the rounds; the last thread out completes the run. */
static void fbk_thread_done(struct fbk_run *run)
{
	if (atomic_dec_and_test(&run->running))
		complete(&run->done);
}

/* Sleep until the controller stops this kthread. */
static void fbk_park(void)
{
	set_current_state(TASK_INTERRUPTIBLE);
	while (!kthread_should_stop()) {
		schedule();
		set_current_state(TASK_INTERRUPTIBLE);
	}
	__set_current_state(TASK_RUNNING);
}

/**
 * fbk_waiter_fn - a waiter kthread: one run of rounds, then park
 * @data: its struct fbk_waiter
 *
 * Return: 0.
 */
int fbk_waiter_fn(void *data)
{
	struct fbk_waiter *w = data;
	struct fbk_run *run = w->run;
	unsigned long cs = current->nivcsw;
	unsigned int i;

	w->cpu_seen = raw_smp_processor_id();
	for (i = 0; i < FBK_NR_OUTCOMES; i++)
		fbk_hist_init(&w->hist[i]);
	if (run->strategy < FBK_NR_STRATEGIES)
		fbk_loops[run->strategy][run->timed](w, run);
	w->nivcsw = current->nivcsw - cs;
	fbk_thread_done(run);
	fbk_park();
	return 0;
}

static int fbk_cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/* The floor: a timer reading pair, and the fence lock taken uncontended. */
static void fbk_floor(struct fbk_run *run)
{
	u64 sample[FBK_SAMPLES], t0;
	struct fbk_fence *ff = run->ring[0];
	unsigned long flags;
	unsigned int i, k;

	for (i = 0; i < FBK_SAMPLES; i++) {
		t0 = rdtsc_ordered();
		sample[i] = rdtsc_ordered() - t0;
	}
	sort(sample, FBK_SAMPLES, sizeof(u64), fbk_cmp_u64, NULL);
	run->timer_overhead = sample[FBK_SAMPLES / 2];
	for (i = 0; i < FBK_SAMPLES; i++) {
		t0 = rdtsc_ordered();
		for (k = 0; k < 100; k++) {
			spin_lock_irqsave(&ff->lock, flags);
			spin_unlock_irqrestore(&ff->lock, flags);
		}
		sample[i] = rdtsc_ordered() - t0;
	}
	sort(sample, FBK_SAMPLES, sizeof(u64), fbk_cmp_u64, NULL);
	run->lock_cycles = sample[FBK_SAMPLES / 2] / 100;
}

/* The signaler's lock-hold stamp: none in an untimed run (timing=none). */
static __always_inline u64 fbk_stamp(const struct fbk_run *run)
{
	return run->timed ? rdtsc_ordered() : 0;
}

static void fbk_signaler_loop(struct fbk_run *run)
{
	const unsigned int n = run->nr_waiters;
	u64 start = rdtsc_ordered(), measure_at = start + run->warmup_cycles;
	u64 stop_at = measure_at + run->duration_cycles;
	u64 r = run->round0 >> FB_ROUND_SHIFT;
	u64 rounds = 0, first = 0, now = start, hz_call = 0, hz_read = 0;
	u64 violation = 0;
	const bool sleep = run->wait == FBK_WAIT_SLEEP, wq = run->strategy == FBK_FINISH_WAIT;
	struct fbk_spin sp;
	unsigned int i;

	for (;;) {
		u64 removed = 0, inv0, inv, call0, read0, t0, t1, d, woke, queued = 0;
		struct list_head *pos;
		struct fbk_fence *ff;
		unsigned long flags;
		bool measured;

		now = rdtsc_ordered();
		r++;
		if (now >= stop_at || violation || atomic_read(&run->abort))
			break;
		measured = now >= measure_at;
		if (measured && !first)
			first = now;

		ff = run->ring[r % FB_RING];
		fbk_fence_init(run, ff, r);
		/* publish the initialised fence with the round */
		smp_store_release(&run->round, r << FB_ROUND_SHIFT |
				  (measured ? FB_ROUND_MEASURE : 0));

		for (i = 0; i < n; i++) {
			fbk_spin_init(&sp);
			/* pairs with the waiter's release: its callback is queued */
			while (smp_load_acquire(&run->waiters[i]->sync.attached) != r)
				if (!fbk_spin_on(run, &sp)) {
					fbk_abort(run,
						  "waiter %u (CPU %d) has not added its callback in round %llu",
						  i, run->waiters[i]->cpu, r);
					goto out;
				}
		}

		inv0 = ff->cbstat.invoked;
		call0 = ff->cbstat.hazard_func_call + run->wq_hazard_func_call;
		read0 = ff->cbstat.hazard_payload_read + run->wq_hazard_payload_read;

		if (wq) {
			/*
			 * The wait queue's wake, its lock held as fence->lock is
			 * held over the callbacks: SIGNALED is set inside it, so a
			 * waiter that saw it and takes the lock finds the wake
			 * done.  Every entry queued now is woken (none exclusive).
			 */
			spin_lock_irqsave(&ff->wq.lock, flags);
			list_for_each(pos, &ff->wq.head)
				queued++;
			t0 = fbk_stamp(run);
			dma_fence_signal(&ff->base);
			wake_up_all_locked(&ff->wq);
			t1 = fbk_stamp(run);
			spin_unlock_irqrestore(&ff->wq.lock, flags);
		} else {
			/* dma_fence_signal(), with the lock hold timed in a timed run */
			spin_lock_irqsave(&ff->lock, flags);
			t0 = fbk_stamp(run);
			dma_fence_signal_locked(&ff->base);
			t1 = fbk_stamp(run);
			spin_unlock_irqrestore(&ff->lock, flags);
		}

		for (i = 0; i < n; i++) {
			fbk_spin_init(&sp);
			/* pairs with the waiter's release: it is done with its frame */
			while (((d = smp_load_acquire(&run->waiters[i]->sync.done)) >>
				FB_ROUND_SHIFT) != r)
				if (!fbk_spin_on(run, &sp)) {
					fbk_abort(run,
						  "waiter %u (CPU %d) has not finished round %llu (waiting for the signal or removing)",
						  i, run->waiters[i]->cpu, r);
					goto out;
				}
			removed += d & 1;
			if (d & 2)
				violation = r;
			/* ordered by the acquire of done */
			woke = READ_ONCE(run->waiters[i]->sync.woke);
			if (sleep && run->timed && measured && woke >= t0)
				fbk_hist_add(&run->woken, woke - t0);
		}
		/* every callback (every queued entry, woken) removed or called, once */
		inv = wq ? queued : ff->cbstat.invoked - inv0;
		if (inv + removed != n && !violation) {
			violation = r;
			run->violation_invoked = inv;
			run->violation_removed = removed;
		}
		if (measured) {
			rounds++;
			if (run->timed)
				fbk_hist_add(&run->signal, t1 - t0);
			hz_call += ff->cbstat.hazard_func_call + run->wq_hazard_func_call - call0;
			hz_read += ff->cbstat.hazard_payload_read + run->wq_hazard_payload_read -
				   read0;
		}
		cond_resched();
	}
out:
	/* the waiters leave after this round, whatever ended it (release: pairs with theirs) */
	smp_store_release(&run->round, r << FB_ROUND_SHIFT | FB_ROUND_STOP);
	run->rounds = rounds;
	run->measured_cycles = first ? now - first : 0;
	run->hazard_func_call = hz_call;
	run->hazard_payload_read = hz_read;
	run->violation_round = violation;
}

/**
 * fbk_signaler_fn - the signaler kthread: the floor, one run, then park
 * @data: the struct fbk_run
 *
 * Return: 0.
 */
int fbk_signaler_fn(void *data)
{
	struct fbk_run *run = data;
	unsigned long cs;

	run->signaler_cpu_seen = raw_smp_processor_id();
	fbk_hist_init(&run->signal);
	fbk_hist_init(&run->woken);
	fbk_floor(run);
	cs = current->nivcsw;
	fbk_signaler_loop(run);
	run->nivcsw = current->nivcsw - cs;
	fbk_thread_done(run);
	fbk_park();
	return 0;
}
