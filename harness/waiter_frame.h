/* SPDX-License-Identifier: MIT */
/*
 * waiter_frame.h - what the signaler and a waiter share in the model: the
 * ring slot holding a fence, the waiter's frame its callback lives in, the
 * task a sleeping waiter is, and what every callback does first.  The
 * callbacks themselves are bench.c's, called through cb->func as the
 * kernel calls them; the user engine (harness/engine/) allocates the slots
 * and frames.
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
 * and read the payload (default_wait_cb::task), noticing a poisoned one.
 */
static __always_inline struct waiter_cb *waiter_wake_begin(struct dma_fence *fence,
							   struct dma_fence_cb *cb)
{
	struct bench_fence *bf = container_of(fence, struct bench_fence, base);
	struct waiter_cb *wcb = container_of(cb, struct waiter_cb, cb);

	bf->cbstat.invoked++;
	if (PAYLOAD_READ(wcb->payload) == PAYLOAD_POISON)
		bf->cbstat.hazard_payload_read++;
	return wcb;
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

#endif
