// SPDX-License-Identifier: MIT
/*
 * test_windows.c - the two hazard windows of the July 2020 thread, stepped
 * through one store at a time, with no luck involved.
 *
 * DMA_FENCE_STALL() stops the signaler inside __dma_fence_signal_locked()
 * at a chosen window until the test says go.  At each stop the test plays
 * the waiter: it runs a strategy's lockless precheck, and if that says
 * "done", it does what returning from the wait does to its stack frame
 * (poisons it).  Then the signaler finishes and the test looks at what the
 * signaler did to the released frame.
 *   window A (between INIT_LIST_HEAD's next and prev stores): list_empty
 *     says done; the late prev store lands in the released frame.
 *     list_empty_careful says not done (and the lock is held).
 *   window B (after INIT_LIST_HEAD, before the func load and call):
 *     list_empty_careful says done; the signaler then calls through the
 *     released frame and its callback reads the released payload.  flag
 *     and locked wait instead.
 * The wait-queue order (strategy finish_wait) has the same two stall
 * points in other places: before the func load (pre-func) and between
 * list_del_init_careful()'s prev store and its releasing next store
 * (init-gap).  At both the node still looks queued to
 * list_empty_careful(), so finish_wait() waits for the lock.
 */
#include <pthread.h>
#include <sched.h>
#include <stdint.h>

static int stop_at = -1;	/* enum dma_fence_window, or -1 */
static int state;		/* 0 running, 1 stopped at the window, 2 go */

static void window_stop(int where)
{
	if (where != stop_at)
		return;
	__atomic_store_n(&state, 1, __ATOMIC_RELEASE);
	while (__atomic_load_n(&state, __ATOMIC_ACQUIRE) != 2)
		sched_yield();
}

#define DMA_FENCE_STALL(where, cycles)	((void)(cycles), window_stop(where))

#include "../fence.h"
#include "tap.h"

#define PAYLOAD		((uintptr_t)0x1234)
#define PAYLOAD_POISON	((uintptr_t)0x5a5a5a5a5a5a5a5aull)
#define PREV_POISON	((struct list_head *)(uintptr_t)0xdead4eaddead4eadull)
#define TSK_POISON	((void *)(uintptr_t)0x6b6b6b6b6b6b6b6bull)

struct frame {
	struct dma_fence_cb cb;
	void *tsk;
	uintptr_t payload;
};

static struct dma_fence fence;
static spinlock_t lock;
static struct frame frame;
static int called, trapped, read_poison;
static bool func_first;		/* the signaler uses the wait-queue order */

static void wake(struct dma_fence *f, struct dma_fence_cb *cb)
{
	struct frame *fr = container_of(cb, struct frame, cb);

	(void)f;
	called++;
	if (READ_ONCE(fr->payload) == PAYLOAD_POISON)
		read_poison++;
	smp_store_release(&fr->tsk, NULL);
}

static void trap(struct dma_fence *f, struct dma_fence_cb *cb)
{
	(void)f;
	(void)cb;
	trapped++;
}

static void *signaler(void *arg)
{
	(void)arg;
	spin_lock(&lock);
	/* both stall points armed */
	__dma_fence_signal_locked_stamped(&fence, 1, 1, false, func_first, NULL);
	spin_unlock(&lock);
	return NULL;
}

static pthread_t thread;

/* Fresh fence and frame; the signaler runs until it stops at @where. */
static void start(enum dma_fence_window where)
{
	spin_lock_init(&lock);
	dma_fence_init(&fence, NULL, &lock, SPIN_QSPINLOCK, 0);
	frame.tsk = &frame;
	frame.payload = PAYLOAD;
	called = trapped = read_poison = 0;
	dma_fence_add_callback(&fence, &frame.cb, wake);
	stop_at = where;
	__atomic_store_n(&state, 0, __ATOMIC_RELAXED);
	pthread_create(&thread, NULL, signaler, NULL);
	while (__atomic_load_n(&state, __ATOMIC_ACQUIRE) != 1)
		sched_yield();
}

/* Let the signaler finish; reading its counters is safe after the join. */
static void finish(void)
{
	__atomic_store_n(&state, 2, __ATOMIC_RELEASE);
	pthread_join(thread, NULL);
	stop_at = -1;
}

/* What the waiter does to its frame once it has returned. */
static void release_frame(bool func, bool payload)
{
	WRITE_ONCE(frame.cb.node.prev, PREV_POISON);
	WRITE_ONCE(frame.tsk, TSK_POISON);
	if (func)
		WRITE_ONCE(frame.cb.func, trap);
	if (payload)
		WRITE_ONCE(frame.payload, PAYLOAD_POISON);
}

int main(void)
{
	tap_plan_tests(34);

	/* window A, list_empty */
	start(DMA_FENCE_WINDOW_INIT_GAP);
	ok(READ_ONCE(frame.cb.node.next) == &frame.cb.node &&
	   READ_ONCE(frame.cb.node.prev) != &frame.cb.node,
	   "A: signaler stopped between INIT_LIST_HEAD's next and prev stores");
	ok(spin_is_locked(&lock), "A: the signaler holds fence->lock");
	ok(list_empty(&frame.cb.node), "A: list_empty() already says empty");
	ok(!list_empty_careful(&frame.cb.node), "A: list_empty_careful() does not");
	ok(!__list_empty_careful_v5_8(&frame.cb.node), "A: nor does the 2020 form");
	ok(__dma_fence_remove_callback_list_empty(&fence, &frame.cb) == DMA_FENCE_REMOVE_FASTPATH,
	   "A: strategy list_empty returns without the lock");
	release_frame(false, false);
	finish();
	ok(READ_ONCE(frame.cb.node.prev) == &frame.cb.node,
	   "A: the signaler's late prev store landed in the released frame");
	ok(called == 1 && READ_ONCE(frame.tsk) == NULL,
	   "A: and its callback then wrote to the released frame too");

	/* window A, list_empty_careful waits for the lock instead */
	start(DMA_FENCE_WINDOW_INIT_GAP);
	ok(!list_empty_careful(&frame.cb.node) && spin_is_locked(&lock),
	   "A: list_empty_careful goes to the lock, which the signaler holds");
	ok(!spin_trylock(&lock), "A: so the waiter cannot return before the signaler unlocks");
	finish();
	ok(__dma_fence_remove_callback_list_empty_careful(&fence, &frame.cb) ==
	   DMA_FENCE_REMOVE_FASTPATH && called == 1 && !read_poison && !trapped,
	   "A: after the signal it returns, the callback having run on a live frame");

	/* window B, list_empty_careful: a call through the released frame */
	start(DMA_FENCE_WINDOW_PRE_FUNC);
	ok(list_empty_careful(&frame.cb.node) && list_empty(&frame.cb.node),
	   "B: after INIT_LIST_HEAD both checks say empty");
	ok(spin_is_locked(&lock) && called == 0, "B: the callback has not run yet, lock held");
	ok(__dma_fence_remove_callback_list_empty_careful(&fence, &frame.cb) ==
	   DMA_FENCE_REMOVE_FASTPATH, "B: strategy list_empty_careful returns without the lock");
	release_frame(true, true);
	finish();
	ok(trapped == 1 && called == 0,
	   "B: the signaler loaded func from the released frame and called it");

	/* window B, the payload: the real callback reads the reused frame */
	start(DMA_FENCE_WINDOW_PRE_FUNC);
	ok(__dma_fence_remove_callback_list_empty_careful_2020(&fence, &frame.cb) ==
	   DMA_FENCE_REMOVE_FASTPATH, "B: the 2020 list_empty_careful returns too");
	release_frame(false, true);
	finish();
	ok(called == 1 && read_poison == 1, "B: the callback read the released payload");
	ok(READ_ONCE(frame.tsk) == NULL, "B: and its last store landed in the released frame");

	/* window B, list_empty: the same */
	start(DMA_FENCE_WINDOW_PRE_FUNC);
	ok(__dma_fence_remove_callback_list_empty(&fence, &frame.cb) == DMA_FENCE_REMOVE_FASTPATH,
	   "B: strategy list_empty returns without the lock");
	release_frame(true, true);
	finish();
	ok(trapped == 1, "B: list_empty also lets the signaler call through the released frame");

	/* window B, flag: the word is still set, so it waits for the lock */
	start(DMA_FENCE_WINDOW_PRE_FUNC);
	ok(smp_load_acquire(&frame.tsk) != NULL, "B: flag's word is still set before the call");
	ok(!spin_trylock(&lock), "B: flag goes to the lock, held until the callback returns");
	finish();
	ok(smp_load_acquire(&frame.tsk) == NULL && called == 1 && !read_poison,
	   "B: the callback ran on the live frame and cleared the word last");
	ok(__dma_fence_remove_callback_flag(&fence, &frame.cb, &frame.tsk) ==
	   DMA_FENCE_REMOVE_FASTPATH, "B: then flag returns without the lock, safely");

	/* window B, locked: the kernel's form waits, then finds nothing to do */
	start(DMA_FENCE_WINDOW_PRE_FUNC);
	ok(!spin_trylock(&lock), "B: locked cannot take the lock while the signaler runs");
	finish();
	ok(__dma_fence_remove_callback_locked(&fence, &frame.cb) == DMA_FENCE_REMOVE_SLOW_MISS &&
	   called == 1 && !read_poison && !trapped,
	   "B: afterwards locked returns false; the callback ran once, on a live frame");

	/* the wait-queue order: pre-func, the node is still queued */
	func_first = true;
	start(DMA_FENCE_WINDOW_PRE_FUNC);
	ok(!list_empty_careful(&frame.cb.node) && !list_empty(&frame.cb.node) && called == 0,
	   "finish_wait pre-func: before the call the node is still queued, even to list_empty");
	ok(READ_ONCE(frame.tsk) == (void *)&frame && spin_is_locked(&lock),
	   "finish_wait pre-func: the callback's word is still set, the signaler holds the lock");
	ok(!spin_trylock(&lock), "finish_wait pre-func: its lock is held until the call returned");
	finish();
	ok(__dma_fence_remove_callback_finish_wait_stamped(&fence, &frame.cb, NULL) ==
	   DMA_FENCE_REMOVE_FASTPATH && called == 1 && !read_poison && !trapped,
	   "finish_wait pre-func: afterwards it returns without the lock; the call was on a live frame");

	/* the wait-queue order: init-gap, between the careful unlink's two stores */
	start(DMA_FENCE_WINDOW_INIT_GAP);
	ok(called == 1 && READ_ONCE(frame.tsk) == NULL,
	   "finish_wait init-gap: the callback has run and cleared its word");
	ok(READ_ONCE(frame.cb.node.prev) == &frame.cb.node &&
	   READ_ONCE(frame.cb.node.next) != &frame.cb.node,
	   "finish_wait init-gap: prev points home, next (the release) not yet");
	ok(!list_empty_careful(&frame.cb.node) && !spin_trylock(&lock),
	   "finish_wait init-gap: list_empty_careful() says queued: the waiter goes to the held lock");
	finish();
	ok(__dma_fence_remove_callback_finish_wait_stamped(&fence, &frame.cb, NULL) ==
	   DMA_FENCE_REMOVE_FASTPATH && called == 1 && !read_poison && !trapped,
	   "finish_wait init-gap: afterwards it returns without the lock; nothing touched a released frame");
	func_first = false;

	return tap_exit();
}
