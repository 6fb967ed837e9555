/* SPDX-License-Identifier: MIT */
/*
 * waiter_frame.h - what the signaler and a waiter share in the model: the
 * ring slot holding a fence, the waiter's frame its callback lives in, and
 * the callbacks, each writing the frame as the kernel's callback it stands
 * for.  The functions are bench.c's callbacks, called through cb->func as
 * the kernel calls them; the user engine (harness/engine/user.h) includes
 * this for the types it allocates, so the callbacks are marked unused.
 */
#ifndef FENCEBENCH_WAITER_FRAME_H
#define FENCEBENCH_WAITER_FRAME_H

#include <linux/futex.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "compiler.h"
#include "fence.h"
#include "harness/round.h"		/* the ring, round word and poisons, as kmod/'s */

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

#define PAYLOAD_POISON	((uintptr_t)FB_PAYLOAD_POISON)
#define PREV_POISON	((struct list_head *)(uintptr_t)FB_PREV_POISON)
#define TSK_POISON	((void *)(uintptr_t)FB_TSK_POISON)

/*
 * A ring slot on the --fence-node node(s): the fence (64 bytes, its inline
 * lock inside), i915's rq->lock right after it in the next line, and the
 * hardware's breadcrumb (the seqno ops->signaled reads) in a line of its own.
 */
struct bench_fence {
	struct dma_fence base;
	spinlock_t next_line_lock;
	uint64_t hw_seqno __cacheline_aligned;
	/* written only by the callbacks, which run on the signaler */
	struct {
		uint64_t invoked;
		uint64_t hazard_func_call;
		uint64_t hazard_payload_read;
	} cbstat __cacheline_aligned;
} __cacheline_aligned;

/* i915's layout: the 64-byte fence, then rq->lock at the start of the next line */
_Static_assert(sizeof(void *) != 8 || offsetof(struct bench_fence, next_line_lock) == 64,
	       "next-line lock must sit 64 bytes into the slot");

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

/*
 * What every callback does before it lets go of the frame: count the call
 * and read the payload (default_wait_cb::task), noticing a poisoned one
 * (*@late).
 */
static __always_inline struct waiter_cb *waiter_wake_begin_late(struct dma_fence *fence,
								struct dma_fence_cb *cb, bool *late)
{
	struct bench_fence *bf = container_of(fence, struct bench_fence, base);
	struct waiter_cb *wcb = container_of(cb, struct waiter_cb, cb);

	bf->cbstat.invoked++;
	*late = PAYLOAD_READ(wcb->payload) == PAYLOAD_POISON;
	bf->cbstat.hazard_payload_read += *late;
	return wcb;
}

static __always_inline struct waiter_cb *waiter_wake_begin(struct dma_fence *fence,
							   struct dma_fence_cb *cb)
{
	bool late;

	return waiter_wake_begin_late(fence, cb, &late);
}

/*
 * --wait sleep: the waiter's task, as much of task_struct as a wake needs.
 * @state is task_struct::__state and the futex word the waiter sleeps on;
 * it lives in the waiter's own per-thread memory, not in the frame, so a
 * wake touches no released frame (the kernel's wake_up_process() writes the
 * task, not the stack that named it).
 */
struct bench_task {
	int state;
};

#define TASK_RUNNING		0
#define TASK_INTERRUPTIBLE	1

static __always_inline long bench_futex(int *uaddr, int op, int val)
{
	return syscall(SYS_futex, uaddr, op, val, NULL, NULL, 0);
}

/*
 * set_current_state(): smp_store_mb() of the state, an xchg as on x86: the
 * condition the waiter tests next cannot be read before the store.
 */
static __always_inline void set_current_state(struct bench_task *p, int state)
{
	(void)__atomic_exchange_n(&p->state, state, __ATOMIC_SEQ_CST);
}

/* schedule(): sleep while the state is still @state (a wake changed it: return). */
static __always_inline void bench_schedule(struct bench_task *p, int state)
{
	bench_futex(&p->state, FUTEX_WAIT_PRIVATE, state);
}

/*
 * wake_up_process() -> try_to_wake_up(): a task that is running needs no
 * wake; one that set a sleeping state is made running and, if it may be
 * asleep, woken.  ttwu's check of the state and its store are one xchg
 * here (the kernel takes p->pi_lock for them).  Callers pass the task
 * pointer they loaded from the frame before they let go of it.
 */
static __always_inline void wake_up_process(struct bench_task *p)
{
	if (__atomic_exchange_n(&p->state, TASK_RUNNING, __ATOMIC_SEQ_CST) != TASK_RUNNING)
		bench_futex(&p->state, FUTEX_WAKE_PRIVATE, 1);
}

/*
 * The task a _sleep callback loaded from the frame, woken.  A frame the
 * waiter reused after the call began (an unsafe strategy's late call: the
 * signaler loaded func before the waiter let go) holds TSK_POISON, or
 * NULL: the kernel would wake a stale pointer there.  The model counts the
 * late read (once per call: @late, the payload's already counted) and
 * wakes nobody, so a hazard is a number in the row, never a crash.
 */
static __always_inline void waiter_wake_task(struct dma_fence *fence, void *tsk, bool late)
{
	struct bench_fence *bf = container_of(fence, struct bench_fence, base);

	if (unlikely(tsk == TSK_POISON || !tsk)) {
		bf->cbstat.hazard_payload_read += !late;
		return;
	}
	wake_up_process(tsk);
}

/*
 * The callbacks: each lets go of the frame with its last access, in the
 * three forms below; the _sleep copies then wake the task they loaded
 * from the frame (--wait sleep), as the kernel's callbacks do.
 */
#define WAITER_WAKE(name, clear, take)							\
static __attribute__((unused)) void name(struct dma_fence *fence,			\
					    struct dma_fence_cb *cb)			\
{											\
	clear(&waiter_wake_begin(fence, cb)->tsk);					\
}											\
static __attribute__((unused)) void name##_sleep(struct dma_fence *fence,		\
						   struct dma_fence_cb *cb)		\
{											\
	bool late;									\
	struct waiter_cb *wcb = waiter_wake_begin_late(fence, cb, &late);		\
											\
	waiter_wake_task(fence, take(&wcb->tsk), late);					\
}

/* flag's clear: release NULL as the last access to the frame */
static __always_inline void release_zero(void **p)
{
	smp_store_release(p, NULL);
}

/* the same when the task is to be woken: load it first (default_wait_cb's wait->task) */
static __always_inline void *take_release_zero(void **p)
{
	void *v = READ_ONCE(*p);

	smp_store_release(p, NULL);
	return v;
}

/* wake_up_process(): the last access to the waiter's frame, a release */
WAITER_WAKE(waiter_wake, release_zero, take_release_zero)

/* i915's request_wait_wake(): wake_up_process(fetch_and_zero(&wait->tsk)) */
WAITER_WAKE(waiter_wake_i915, fetch_and_zero_plain, fetch_and_zero_plain)

/* The 2026 form: xchg() instead of fetch_and_zero() */
WAITER_WAKE(waiter_wake_xchg, xchg_zero, xchg_zero)

/*
 * ops->signaled: has the hardware written this fence's seqno yet?  i915
 * reads it with READ_ONCE; acquire here (the same mov on x86) orders the
 * signaler's per-round bookkeeping before callbacks this waiter may run.
 */
static __attribute__((unused)) bool bench_hw_signaled(struct dma_fence *fence)
{
	struct bench_fence *bf = container_of(fence, struct bench_fence, base);

	return smp_load_acquire(&bf->hw_seqno) >= fence->seqno;
}

static const struct dma_fence_ops bench_ops = { .signaled = NULL };
static const struct dma_fence_ops bench_ops_hw = { .signaled = bench_hw_signaled };

/* What a released frame's func slot points at: counts, touches nothing. */
static __attribute__((unused)) void waiter_trap(struct dma_fence *fence, struct dma_fence_cb *cb)
{
	struct bench_fence *bf = container_of(fence, struct bench_fence, base);

	(void)cb;
	bf->cbstat.invoked++;
	bf->cbstat.hazard_func_call++;
}

#endif
