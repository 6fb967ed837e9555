/* SPDX-License-Identifier: MIT */
/*
 * fence.h - a userspace model of dma_fence callbacks
 * (drivers/dma-buf/dma-fence.c, include/linux/dma-fence.h), to measure
 * lockless prechecks in dma_fence_remove_callback() against the signaler.
 *
 * Models the v5.4-v5.11 form that the July 2020 thread was about ("[PATCH
 * 2/2] dma-buf/dma-fence: Add quick tests before dma_fence_remove_callback",
 * Chris Wilson): the signaler sets SIGNALED, moves cb_list onto a local head
 * with list_replace(), stores the timestamp over cb_list, and for each
 * callback runs INIT_LIST_HEAD(&cb->node) *before* loading and calling
 * cb->func, all under fence->lock.  add_callback and remove_callback are
 * unchanged from then to today.  Written from the kernel's documented
 * semantics, not copied from it.
 *
 * The lock is reached as v7.1 reaches it (the 2026 locking rework):
 * dma_fence_spinlock() tests DMA_FENCE_FLAG_INLINE_LOCK_BIT and returns the
 * fence's own inline_lock, or the external lock it was given.
 *
 * Changes from the kernel:
 *  - ops has only ->signaled; no refcount, RCU, context, lockdep or tracing;
 *    no enable_signaling callback (__dma_fence_enable_signaling() only sets
 *    the bit).  The timestamp is get_cycles(), not ktime_get().
 *  - An external lock is also reached through dma_fence_spinlock() and its
 *    test_bit, as in v7.1; before v7.1 the kernel loaded fence->lock
 *    directly.  The flags word sits in the line the pointer is loaded from.
 *  - A NULL @lock to dma_fence_init() selects the inline lock.
 *  - The fence lock is the spinlock_t of spinlock.h: a model of qspinlock by
 *    default, or a ticket, TTAS, pthread or paravirt qspinlock (--lock);
 *    irqsave cannot disable interrupts in userspace.
 *  - The removal variants under test sit beside the kernel's
 *    dma_fence_remove_callback(), and __dma_fence_remove_callback_*() return
 *    which path they took so the harness can count outcomes.
 *  - __dma_fence_signal_locked() takes two stall lengths (0 in the kernel's
 *    form) that widen the windows between INIT_LIST_HEAD's two stores and
 *    between INIT_LIST_HEAD and the call, modelling an NMI, SMI or vCPU
 *    preemption of the signaler there.
 *  - A what-if no kernel has: __dma_fence_signal_locked_stamped()'s
 *    func_first walks the callbacks in the wait-queue order
 *    (kernel/sched/wait.c v5.9+: call, then list_del_init_careful()), and
 *    __dma_fence_remove_callback_finish_wait_stamped() removes as
 *    finish_wait() does (strategy finish_wait).
 */
#ifndef FENCEBENCH_FENCE_H
#define FENCEBENCH_FENCE_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>

#include "compiler.h"
#include "cycles.h"
#include "list.h"
#include "spinlock.h"

/* Model code never prints: WARN_ON() only evaluates its condition. */
#define WARN_ON(cond)	unlikely(!!(cond))

static inline bool test_bit(unsigned int nr, const unsigned long *addr)
{
	return (READ_ONCE(*addr) >> nr) & 1;
}

/* x86's lock bts: a full barrier, like the kernel's value-returning atomics */
static inline bool test_and_set_bit(unsigned int nr, unsigned long *addr)
{
	return (__atomic_fetch_or(addr, 1ul << nr, __ATOMIC_SEQ_CST) >> nr) & 1;
}

/* set_bit() is atomic but unordered */
static inline void set_bit(unsigned int nr, unsigned long *addr)
{
	__atomic_fetch_or(addr, 1ul << nr, __ATOMIC_RELAXED);
}

/* v7.1 numbers INITIALIZED, INLINE_LOCK and SEQNO64 first; the order changes nothing here. */
enum dma_fence_flag_bits {
	DMA_FENCE_FLAG_SIGNALED_BIT,
	DMA_FENCE_FLAG_TIMESTAMP_BIT,
	DMA_FENCE_FLAG_ENABLE_SIGNAL_BIT,
	DMA_FENCE_FLAG_INLINE_LOCK_BIT,
	DMA_FENCE_FLAG_USER_BITS,
};

struct dma_fence;
struct dma_fence_cb;

typedef void (*dma_fence_func_t)(struct dma_fence *fence, struct dma_fence_cb *cb);

/**
 * struct dma_fence_cb - callback for dma_fence_add_callback()
 * @node: used by dma_fence_add_callback() to append this struct to fence::cb_list
 * @func: dma_fence_func_t to call
 */
struct dma_fence_cb {
	struct list_head node;
	dma_fence_func_t func;
};

/**
 * struct dma_fence_ops - the driver's operations (only ->signaled here)
 * @signaled: optional; true once the hardware is done with the fence.
 *	dma_fence_is_signaled() then signals the fence itself.
 */
struct dma_fence_ops {
	bool (*signaled)(struct dma_fence *fence);
};

/**
 * struct dma_fence - software synchronisation primitive
 * @extern_lock: the lock shared with others (a timeline's, i915's rq->lock)
 * @inline_lock: the fence's own lock, when DMA_FENCE_FLAG_INLINE_LOCK_BIT is set
 * @ops: the driver's operations
 * @cb_list: list of all callbacks to call; replaced by @timestamp on signal
 * @timestamp: timestamp when the fence was signaled
 * @seqno: the fence's position on its timeline
 * @flags: DMA_FENCE_FLAG_* bits
 * @error: optional error
 *
 * 64 bytes on 64-bit, as the kernel's: a lock placed right after it (i915)
 * starts the next cache line.
 */
struct dma_fence {
	union {
		spinlock_t *extern_lock;
		spinlock_t inline_lock;
	};
	const struct dma_fence_ops *ops;
	union {
		struct list_head cb_list;
		int64_t timestamp;
	};
	uint64_t seqno;
	unsigned long flags;
	int error;
};

/**
 * dma_fence_init - initialise a fence
 * @fence: the fence to initialise
 * @ops: the driver's operations, or NULL for none
 * @lock: the irqsafe spinlock to use for locking this fence; NULL: the
 *	fence's own inline lock (v7.1), initialised here as @kind
 * @kind: the kind of the inline lock (ignored with an external @lock)
 * @seqno: the fence's position on its timeline
 */
static inline void dma_fence_init(struct dma_fence *fence, const struct dma_fence_ops *ops,
				  spinlock_t *lock, enum spin_kind kind, uint64_t seqno)
{
	INIT_LIST_HEAD(&fence->cb_list);
	fence->ops = ops;
	fence->seqno = seqno;
	fence->error = 0;
	if (lock) {
		fence->extern_lock = lock;
		WRITE_ONCE(fence->flags, 0ul);
	} else {
		spin_lock_init_kind(&fence->inline_lock, kind);
		WRITE_ONCE(fence->flags, 1ul << DMA_FENCE_FLAG_INLINE_LOCK_BIT);
	}
}

/**
 * dma_fence_spinlock - the lock protecting the fence (v7.1)
 * @fence: the fence
 *
 * One test_bit of the flags per lock and per unlock.
 */
static __always_inline spinlock_t *dma_fence_spinlock(struct dma_fence *fence)
{
	return test_bit(DMA_FENCE_FLAG_INLINE_LOCK_BIT, &fence->flags) ?
	       &fence->inline_lock : fence->extern_lock;
}

#define dma_fence_lock_irqsave(fence, flags) \
	spin_lock_irqsave(dma_fence_spinlock(fence), flags)
#define dma_fence_unlock_irqrestore(fence, flags) \
	spin_unlock_irqrestore(dma_fence_spinlock(fence), flags)

/**
 * dma_fence_test_signaled_flag - the SIGNALED bit alone
 * @fence: the fence to check
 *
 * Lockless: one relaxed load of the flags.  True from step S1 of the
 * signal, before any callback has been unlinked or called.
 */
static inline bool dma_fence_test_signaled_flag(struct dma_fence *fence)
{
	return test_bit(DMA_FENCE_FLAG_SIGNALED_BIT, &fence->flags);
}

/* Called with fence->lock held: false when the fence is already signaled. */
static inline bool __dma_fence_enable_signaling(struct dma_fence *fence)
{
	test_and_set_bit(DMA_FENCE_FLAG_ENABLE_SIGNAL_BIT, &fence->flags);
	if (test_bit(DMA_FENCE_FLAG_SIGNALED_BIT, &fence->flags))
		return false;
	return true;
}

/**
 * dma_fence_add_callback - add a callback to be called when the fence is signaled
 * @fence: the fence to wait on
 * @cb: the callback to register
 * @func: the function to call
 *
 * Returns 0 when @cb was added, -ENOENT (with @cb->node initialised) when
 * the fence is already signaled, -EINVAL for a NULL fence or function.
 */
static inline int dma_fence_add_callback(struct dma_fence *fence, struct dma_fence_cb *cb,
					 dma_fence_func_t func)
{
	unsigned long flags = 0;
	int ret = 0;

	if (WARN_ON(!fence || !func))
		return -EINVAL;

	if (dma_fence_test_signaled_flag(fence)) {
		INIT_LIST_HEAD(&cb->node);
		return -ENOENT;
	}

	dma_fence_lock_irqsave(fence, flags);

	if (__dma_fence_enable_signaling(fence)) {
		PLAIN_WRITE(cb->func, func);
		list_add_tail(&cb->node, &fence->cb_list);
	} else {
		INIT_LIST_HEAD(&cb->node);
		ret = -ENOENT;
	}

	dma_fence_unlock_irqrestore(fence, flags);

	return ret;
}

/*
 * Where --trace stamps the cycle counter (docs/precheck.md, "The race on a
 * timeline").  Each hook takes a stamps pointer that the untraced callers
 * pass as a constant NULL into an always-inline function, so there the
 * hooks compile to nothing.  A stamp waits for earlier instructions
 * (cycles_stamp()), so it falls after the access it follows and before
 * any later store is seen: a stamp taken before a store another CPU waits
 * for (s1, func, unlock) is a lower bound of that store's time, one taken
 * after a load (a waiter's) an upper bound of when the load saw it.
 */
#define DMA_FENCE_STAMP_CBS	8	/* callbacks stamped per signal */

struct dma_fence_signal_stamps {
	uint64_t s1;				/* about to set SIGNALED */
	uint64_t s4a[DMA_FENCE_STAMP_CBS];	/* INIT_LIST_HEAD(&cb->node) done */
	uint64_t func[DMA_FENCE_STAMP_CBS];	/* about to call cb->func */
	const struct dma_fence_cb *cb[DMA_FENCE_STAMP_CBS];
	unsigned int nr_cbs;
};

struct dma_fence_remove_stamps {
	uint64_t precheck;			/* the lockless check decided */
	uint64_t locked;			/* fence->lock acquired */
};

/*
 * -DFENCEBENCH_NO_STAMPS removes the hooks outright: tests/trace.sh builds
 * bench.c so and checks that the measured loops' code is the same.
 */
#ifdef FENCEBENCH_NO_STAMPS
#define DMA_FENCE_STAMPING(st)	0
#else
#define DMA_FENCE_STAMPING(st)	(st)
#endif

#define DMA_FENCE_STAMP(st, field) \
	do { if (DMA_FENCE_STAMPING(st)) (st)->field = cycles_stamp(); } while (0)

/* Spin for @cycles of the cycle counter: the injected stall. */
static inline void __dma_fence_stall(uint64_t cycles)
{
	uint64_t t0 = get_cycles();

	while (get_cycles() - t0 < cycles)
		cpu_relax();
}

/*
 * Where __dma_fence_signal_locked() can stall, for DMA_FENCE_STALL().  Each
 * point exists in both orders of the per-callback step:
 *  dma-fence (v5.4 to 2026): INIT_LIST_HEAD(next; INIT_GAP; prev), PRE_FUNC,
 *	load func, call;
 *  wait queue (func_first): PRE_FUNC, load func, call, then
 *	list_del_init_careful(unlink; prev; INIT_GAP; release next).
 */
enum dma_fence_window {
	DMA_FENCE_WINDOW_INIT_GAP,	/* between the node's two self-pointing stores */
	DMA_FENCE_WINDOW_PRE_FUNC,	/* before the func load and the call */
};

/*
 * A test may define DMA_FENCE_STALL(where, cycles) before including this
 * file to stop the signaler at a window until it says go: the windows can
 * then be stepped through one store at a time, with no luck involved.
 */
#ifndef DMA_FENCE_STALL
#define DMA_FENCE_STALL(where, cycles)	__dma_fence_stall(cycles)
#endif

/*
 * list_del_init_careful() with a stall between its prev store and its
 * releasing next store: the same stores in the same order as list.h's.
 */
static __always_inline void __list_del_init_careful_stalled(struct list_head *entry,
							    uint64_t init_gap)
{
	__list_del_entry(entry);
	WRITE_ONCE(entry->prev, entry);
	DMA_FENCE_STALL(DMA_FENCE_WINDOW_INIT_GAP, init_gap);
	smp_store_release(&entry->next, entry);
}

/**
 * __dma_fence_signal_locked_stamped - dma_fence_signal_locked() with injected stalls
 * @fence: the fence to signal
 * @init_gap: cycles to stall between the node's two self-pointing stores
 * @pre_func: cycles to stall before the func load and call
 * @list_v5_8: INIT_LIST_HEAD as in July 2020 (plain prev store)
 * @func_first: the wait-queue order instead of dma-fence's (strategy
 *	finish_wait): per callback, load func and call it, then
 *	list_del_init_careful(&cur->node) as the last access to the node, as
 *	__wake_up_common() and autoremove_wake_function() do (kernel/sched/wait.c
 *	v5.9 to 2026; the careful unlink arrived in v5.9, c6fe44d96fc1)
 * @st: where --trace stamps, or NULL
 *
 * With both stalls 0 and @func_first false this is the kernel's sequence:
 *  S1 test_and_set_bit(SIGNALED): waiters polling dma_fence_is_signaled()
 *     may leave their wait from here on;
 *  S2 list_replace() of cb_list onto a local head;
 *  S3 the timestamp overwrites cb_list, then TIMESTAMP is set;
 *  S4 for each callback: INIT_LIST_HEAD(&cur->node), load cur->func, call it.
 * A lockless precheck in the waiter can see its node empty at S4a while the
 * signaler still owes the prev store (window A) or the func load and call
 * (window B).  With @func_first, S4 is: load cur->func, call it, unlink the
 * node from the local list (writing the local head and the next node, never
 * an earlier one), store prev, and release next: a waiter's
 * list_empty_careful() sees its node empty only after the last access.
 */
static __always_inline int
__dma_fence_signal_locked_stamped(struct dma_fence *fence, uint64_t init_gap, uint64_t pre_func,
				  bool list_v5_8, bool func_first,
				  struct dma_fence_signal_stamps *st)
{
	struct dma_fence_cb *cur, *tmp;
	struct list_head cb_list;

	/* stamped before S1, not after: a stamp there would widen S1..S4a */
	DMA_FENCE_STAMP(st, s1);
	if (unlikely(test_and_set_bit(DMA_FENCE_FLAG_SIGNALED_BIT, &fence->flags))) {
		if (DMA_FENCE_STAMPING(st))
			st->s1 = 0;	/* a waiter signalled first: no S1 here */
		return -EINVAL;
	}

	/* Stash the cb_list before replacing it with the timestamp */
	list_replace(&fence->cb_list, &cb_list);

	PLAIN_WRITE(fence->timestamp, (int64_t)get_cycles());
	set_bit(DMA_FENCE_FLAG_TIMESTAMP_BIT, &fence->flags);

	list_for_each_entry_safe(cur, tmp, &cb_list, node) {
		dma_fence_func_t func;

		if (func_first) {
			/* the wait-queue order: the call, then the careful unlink */
			if (unlikely(pre_func))
				DMA_FENCE_STALL(DMA_FENCE_WINDOW_PRE_FUNC, pre_func);
			func = PLAIN_READ(cur->func);
			if (DMA_FENCE_STAMPING(st) && st->nr_cbs < DMA_FENCE_STAMP_CBS) {
				st->cb[st->nr_cbs] = cur;
				DMA_FENCE_STAMP(st, func[st->nr_cbs]);
			}
			func(fence, cur);
			if (unlikely(init_gap))
				__list_del_init_careful_stalled(&cur->node, init_gap);
			else
				list_del_init_careful(&cur->node);
			/* s4a: here the node became empty, after the call */
			if (DMA_FENCE_STAMPING(st) && st->nr_cbs < DMA_FENCE_STAMP_CBS)
				DMA_FENCE_STAMP(st, s4a[st->nr_cbs++]);
			continue;
		}
		if (unlikely(init_gap)) {
			/* INIT_LIST_HEAD(&cur->node), stalled between its stores */
			WRITE_ONCE(cur->node.next, &cur->node);
			DMA_FENCE_STALL(DMA_FENCE_WINDOW_INIT_GAP, init_gap);
			WRITE_ONCE(cur->node.prev, &cur->node);
		} else if (list_v5_8) {
			__INIT_LIST_HEAD_v5_8(&cur->node);
		} else {
			INIT_LIST_HEAD(&cur->node);
		}
		if (DMA_FENCE_STAMPING(st) && st->nr_cbs < DMA_FENCE_STAMP_CBS) {
			st->cb[st->nr_cbs] = cur;
			DMA_FENCE_STAMP(st, s4a[st->nr_cbs]);
		}
		if (unlikely(pre_func))
			DMA_FENCE_STALL(DMA_FENCE_WINDOW_PRE_FUNC, pre_func);
		func = PLAIN_READ(cur->func);
		if (DMA_FENCE_STAMPING(st) && st->nr_cbs < DMA_FENCE_STAMP_CBS)
			DMA_FENCE_STAMP(st, func[st->nr_cbs++]);
		func(fence, cur);
	}
	return 0;
}

/* The signal as the kernel runs it: nothing stamped. */
static __always_inline int __dma_fence_signal_locked_form(struct dma_fence *fence,
							  uint64_t init_gap, uint64_t pre_func,
							  bool list_v5_8)
{
	return __dma_fence_signal_locked_stamped(fence, init_gap, pre_func, list_v5_8, false, NULL);
}

/* The kernel's order with today's INIT_LIST_HEAD, and optional stalls. */
static __always_inline int __dma_fence_signal_locked(struct dma_fence *fence,
						     uint64_t init_gap, uint64_t pre_func)
{
	return __dma_fence_signal_locked_form(fence, init_gap, pre_func, false);
}

/**
 * dma_fence_signal_locked - signal completion of a fence
 * @fence: the fence to signal
 *
 * Must be called with fence->lock held.  Returns 0, or -EINVAL when the
 * fence was already signaled.
 */
static inline int dma_fence_signal_locked(struct dma_fence *fence)
{
	return __dma_fence_signal_locked(fence, 0, 0);
}

/**
 * dma_fence_signal - signal completion of a fence
 * @fence: the fence to signal
 *
 * Takes fence->lock and holds it until every callback has returned.
 */
static inline int dma_fence_signal(struct dma_fence *fence)
{
	unsigned long flags = 0;
	int ret;

	if (!fence)
		return -EINVAL;

	dma_fence_lock_irqsave(fence, flags);
	ret = dma_fence_signal_locked(fence);
	dma_fence_unlock_irqrestore(fence, flags);

	return ret;
}

/**
 * __dma_fence_is_signaled - dma_fence_is_signaled(), saying who signalled
 * @fence: the fence to check
 * @by_me: set true when this call signalled the fence
 *
 * As the kernel (and dma_fence_check_and_signal() in 2026): when the bit
 * is clear and ops->signaled() says the hardware is done, signal the fence
 * here, under its lock, running every callback on this CPU.  Another CPU
 * may get there first: then dma_fence_signal() finds the bit set.
 */
static __always_inline bool __dma_fence_is_signaled(struct dma_fence *fence, bool *by_me)
{
	const struct dma_fence_ops *ops;

	if (dma_fence_test_signaled_flag(fence))
		return true;
	ops = PLAIN_READ(fence->ops);
	if (ops && ops->signaled && ops->signaled(fence)) {
		*by_me = dma_fence_signal(fence) == 0;
		return true;
	}
	return false;
}

/**
 * dma_fence_is_signaled - return an indication if the fence is signaled yet
 * @fence: the fence to check
 *
 * Lockless while the fence has no ->signaled: one relaxed load of the
 * flags, true from step S1 of the signal, before any callback has been
 * unlinked or called.  With ->signaled it may signal the fence itself.
 */
static inline bool dma_fence_is_signaled(struct dma_fence *fence)
{
	bool by_me = false;

	return __dma_fence_is_signaled(fence, &by_me);
}

/* Which path a removal took; the harness counts these. */
enum dma_fence_remove_outcome {
	DMA_FENCE_REMOVE_FASTPATH,	/* precheck said done: no lock taken */
	DMA_FENCE_REMOVE_SLOW_HIT,	/* lock taken, callback still queued: removed */
	DMA_FENCE_REMOVE_SLOW_MISS,	/* lock taken, callback already signaled */
};

/*
 * The locked removal: dma_fence_remove_callback()'s body, or with
 * @finish_wait finish_wait()'s, which list_del_init()s whatever the node's
 * state (kernel/sched/wait.c does not test it; the list_empty() is then the
 * harness's, telling a removal from a miss with one load of a line this CPU
 * already holds under the lock).
 */
static __always_inline enum dma_fence_remove_outcome
__dma_fence_remove_locked_form(struct dma_fence *fence, struct dma_fence_cb *cb,
			       bool finish_wait, struct dma_fence_remove_stamps *st)
{
	unsigned long flags = 0;
	bool ret;

	dma_fence_lock_irqsave(fence, flags);
	DMA_FENCE_STAMP(st, locked);

	ret = !list_empty(&cb->node);
	if (ret || finish_wait)
		list_del_init(&cb->node);

	dma_fence_unlock_irqrestore(fence, flags);

	return ret ? DMA_FENCE_REMOVE_SLOW_HIT : DMA_FENCE_REMOVE_SLOW_MISS;
}

static __always_inline enum dma_fence_remove_outcome
__dma_fence_remove_callback_locked_stamped(struct dma_fence *fence, struct dma_fence_cb *cb,
					   struct dma_fence_remove_stamps *st)
{
	return __dma_fence_remove_locked_form(fence, cb, false, st);
}

static __always_inline enum dma_fence_remove_outcome
__dma_fence_remove_callback_locked(struct dma_fence *fence, struct dma_fence_cb *cb)
{
	return __dma_fence_remove_callback_locked_stamped(fence, cb, NULL);
}

/**
 * dma_fence_remove_callback - remove a callback from the signaling list
 * @fence: the fence to wait on
 * @cb: the callback to remove
 *
 * The kernel's form: everything under fence->lock.  Returns true if the
 * callback was removed, false if the fence was already signaled.  Holding
 * the lock is what makes it safe for @cb to live on the caller's stack: the
 * signaler holds it until the callback's function has returned.
 */
static inline bool dma_fence_remove_callback(struct dma_fence *fence, struct dma_fence_cb *cb)
{
	return __dma_fence_remove_callback_locked(fence, cb) == DMA_FENCE_REMOVE_SLOW_HIT;
}

/**
 * dma_fence_remove_callback_locked - strategy "locked": the kernel's form
 * @fence: the fence to wait on
 * @cb: the callback to remove
 */
static inline bool dma_fence_remove_callback_locked(struct dma_fence *fence,
						    struct dma_fence_cb *cb)
{
	return dma_fence_remove_callback(fence, cb);
}

/*
 * Every lockless strategy once its precheck has loaded: stamp the decision
 * (--trace), return without the lock if the check says @done, else remove
 * under the lock as dma-fence does, or as finish_wait() does (@finish_wait).
 * Each strategy below is its precheck's load, passed in as @done.
 */
static __always_inline enum dma_fence_remove_outcome
__dma_fence_remove_after_precheck(struct dma_fence *fence, struct dma_fence_cb *cb, bool done,
				  bool finish_wait, struct dma_fence_remove_stamps *st)
{
	DMA_FENCE_STAMP(st, precheck);
	if (done)
		return DMA_FENCE_REMOVE_FASTPATH;
	return __dma_fence_remove_locked_form(fence, cb, finish_wait, st);
}

static __always_inline enum dma_fence_remove_outcome
__dma_fence_remove_callback_list_empty_stamped(struct dma_fence *fence,
				struct dma_fence_cb *cb,
				struct dma_fence_remove_stamps *st)
{
	return __dma_fence_remove_after_precheck(fence, cb, list_empty(&cb->node), false, st);
}

static __always_inline enum dma_fence_remove_outcome
__dma_fence_remove_callback_list_empty(struct dma_fence *fence, struct dma_fence_cb *cb)
{
	return __dma_fence_remove_callback_list_empty_stamped(fence, cb, NULL);
}

/**
 * dma_fence_remove_callback_list_empty - strategy "list_empty": Chris Wilson's v1
 * @fence: the fence to wait on
 * @cb: the callback to remove
 *
 * Returns false without the lock when READ_ONCE(cb->node.next) points at
 * the node.  Unsafe for an on-stack @cb: the signaler may still owe the
 * prev store of INIT_LIST_HEAD (window A) and the func call (window B).
 */
static inline bool dma_fence_remove_callback_list_empty(struct dma_fence *fence,
							struct dma_fence_cb *cb)
{
	return __dma_fence_remove_callback_list_empty(fence, cb) == DMA_FENCE_REMOVE_SLOW_HIT;
}

static __always_inline enum dma_fence_remove_outcome
__dma_fence_remove_callback_list_empty_careful_stamped(struct dma_fence *fence,
				struct dma_fence_cb *cb,
				struct dma_fence_remove_stamps *st)
{
	return __dma_fence_remove_after_precheck(fence, cb, list_empty_careful(&cb->node),
						 false, st);
}

static __always_inline enum dma_fence_remove_outcome
__dma_fence_remove_callback_list_empty_careful(struct dma_fence *fence, struct dma_fence_cb *cb)
{
	return __dma_fence_remove_callback_list_empty_careful_stamped(fence, cb, NULL);
}

/**
 * dma_fence_remove_callback_list_empty_careful - strategy "list_empty_careful"
 * @fence: the fence to wait on
 * @cb: the callback to remove
 *
 * Returns false without the lock when today's list_empty_careful() sees
 * both next and prev pointing at the node.  Closes window A; window B stays
 * open because INIT_LIST_HEAD runs before the signaler loads and calls
 * cb->func.
 */
static inline bool dma_fence_remove_callback_list_empty_careful(struct dma_fence *fence,
								struct dma_fence_cb *cb)
{
	return __dma_fence_remove_callback_list_empty_careful(fence, cb) ==
	       DMA_FENCE_REMOVE_SLOW_HIT;
}

static __always_inline enum dma_fence_remove_outcome
__dma_fence_remove_callback_list_empty_careful_2020_stamped(struct dma_fence *fence,
				struct dma_fence_cb *cb,
				struct dma_fence_remove_stamps *st)
{
	return __dma_fence_remove_after_precheck(fence, cb, __list_empty_careful_v5_8(&cb->node),
						 false, st);
}

static __always_inline enum dma_fence_remove_outcome
__dma_fence_remove_callback_list_empty_careful_2020(struct dma_fence *fence,
						    struct dma_fence_cb *cb)
{
	return __dma_fence_remove_callback_list_empty_careful_2020_stamped(fence, cb, NULL);
}

/**
 * dma_fence_remove_callback_list_empty_careful_2020 - list_empty_careful of July 2020
 * @fence: the fence to wait on
 * @cb: the callback to remove
 *
 * As dma_fence_remove_callback_list_empty_careful() with the v5.8
 * list_empty_careful(): both loads relaxed.  Same code on x86.
 */
static inline bool dma_fence_remove_callback_list_empty_careful_2020(struct dma_fence *fence,
								     struct dma_fence_cb *cb)
{
	return __dma_fence_remove_callback_list_empty_careful_2020(fence, cb) ==
	       DMA_FENCE_REMOVE_SLOW_HIT;
}

static __always_inline enum dma_fence_remove_outcome
__dma_fence_remove_callback_flag_stamped(struct dma_fence *fence,
				struct dma_fence_cb *cb, void **tsk,
				struct dma_fence_remove_stamps *st)
{
	return __dma_fence_remove_after_precheck(fence, cb, !smp_load_acquire(tsk), false, st);
}

static __always_inline enum dma_fence_remove_outcome
__dma_fence_remove_callback_flag(struct dma_fence *fence, struct dma_fence_cb *cb, void **tsk)
{
	return __dma_fence_remove_callback_flag_stamped(fence, cb, tsk, NULL);
}

/**
 * dma_fence_remove_callback_flag - strategy "flag": i915's request wait
 * @fence: the fence to wait on
 * @cb: the callback to remove
 * @tsk: the word the callback clears, with release, as its last access
 *
 * i915_request_wait() removes its callback only while READ_ONCE(wait.tsk)
 * is still set; request_wait_wake() clears it with fetch_and_zero().  Here
 * the clear is a release store and the check an acquire load: once the
 * waiter sees NULL, every access of the signaler to the container has
 * happened, so returning (and reusing the stack) is safe.
 */
static inline bool dma_fence_remove_callback_flag(struct dma_fence *fence,
						  struct dma_fence_cb *cb, void **tsk)
{
	return __dma_fence_remove_callback_flag(fence, cb, tsk) == DMA_FENCE_REMOVE_SLOW_HIT;
}

static __always_inline enum dma_fence_remove_outcome
__dma_fence_remove_callback_flag_once_stamped(struct dma_fence *fence,
				struct dma_fence_cb *cb, void **tsk,
				struct dma_fence_remove_stamps *st)
{
	return __dma_fence_remove_after_precheck(fence, cb, !READ_ONCE(*tsk), false, st);
}

static __always_inline enum dma_fence_remove_outcome
__dma_fence_remove_callback_flag_once(struct dma_fence *fence, struct dma_fence_cb *cb, void **tsk)
{
	return __dma_fence_remove_callback_flag_once_stamped(fence, cb, tsk, NULL);
}

/**
 * dma_fence_remove_callback_flag_i915 - strategies "flag_i915" and "flag_xchg"
 * @fence: the fence to wait on
 * @cb: the callback to remove
 * @tsk: the word the callback clears as its last access to the frame
 *
 * i915_request_wait_timeout() as written: READ_ONCE(wait.tsk), no acquire.
 * The callback clears @tsk with fetch_and_zero_plain() (i915 until 2026)
 * or xchg_zero() (the 2026 patch).  With the plain form nothing orders the
 * callback's earlier accesses before the clear on a weakly ordered CPU;
 * x86-TSO does.  xchg() is fully ordered, and the waiter's branch on the
 * value orders its later stores (a control dependency in the LKMM; C11 has
 * no such rule, so ThreadSanitizer's oracle build may still report it).
 */
static inline bool dma_fence_remove_callback_flag_i915(struct dma_fence *fence,
						       struct dma_fence_cb *cb, void **tsk)
{
	return __dma_fence_remove_callback_flag_once(fence, cb, tsk) == DMA_FENCE_REMOVE_SLOW_HIT;
}

static __always_inline enum dma_fence_remove_outcome
__dma_fence_remove_callback_finish_wait_stamped(struct dma_fence *fence,
				struct dma_fence_cb *cb,
				struct dma_fence_remove_stamps *st)
{
	return __dma_fence_remove_after_precheck(fence, cb, list_empty_careful(&cb->node),
						 true, st);
}

/**
 * dma_fence_remove_callback_finish_wait - strategy "finish_wait"
 * @fence: the fence to wait on
 * @cb: the callback to remove
 *
 * finish_wait() (kernel/sched/wait.c, unchanged in this part from v2.6 to
 * 2026; list_empty_careful() as v5.19+): if list_empty_careful(&cb->node)
 * return without the lock, else lock, list_del_init(), unlock.  Safe only
 * against a signaler that signals with @func_first: the careful unlink's
 * release is its last access to the node, so an empty node means the call
 * has returned.  Against dma-fence's own order this is
 * list_empty_careful (window B).
 */
static inline bool dma_fence_remove_callback_finish_wait(struct dma_fence *fence,
							 struct dma_fence_cb *cb)
{
	return __dma_fence_remove_callback_finish_wait_stamped(fence, cb, NULL) ==
	       DMA_FENCE_REMOVE_SLOW_HIT;
}

/* i915's fetch_and_zero(): a plain load and a plain store, not one atomic. */
static __always_inline void *fetch_and_zero_plain(void **p)
{
	void *v = PLAIN_READ(*p);

	PLAIN_WRITE(*p, NULL);
	return v;
}

/* The 2026 replacement: xchg(), a full barrier on both sides. */
static __always_inline void *xchg_zero(void **p)
{
	return __atomic_exchange_n(p, NULL, __ATOMIC_SEQ_CST);
}

#endif
