/* SPDX-License-Identifier: MIT */
/*
 * locks/qspinlock.h - a userspace model of the kernel's queued spinlock
 * (kernel/locking/qspinlock.c, x86's spinlock since v4.2), written from its
 * documented algorithm.  One 32-bit word:
 *
 *   bits  0-7   locked byte	the holder
 *   bit   8     pending		the first waiter, spinning on the word
 *   bits 16-31  tail		the last queued waiter's node (id + 1)
 *
 * Fast path: one compare-and-swap 0 -> locked (acquire).  Unlock: a release
 * store of 0 to the locked byte.  A first contender sets pending and spins
 * on the locked byte; later ones queue on MCS nodes and each spins on its
 * own node (local spinning), so a hand-off touches only the next waiter's
 * line.  FIFO apart from the pending waiter, who goes first.
 *
 * Changes from the kernel: one node per thread (thread-local), found from
 * the tail through a table indexed by the thread's lock id, instead of four
 * per-CPU nodes per nesting level (userspace has no interrupts to nest);
 * no paravirt hooks (locks/pvqspinlock.h models the paravirt slow path).
 * A pending-to-locked hand-over in flight is waited for up to
 * _Q_PENDING_LOOPS reads of the word, as in the kernel: 512 on x86
 * (arch/x86/include/asm/qspinlock.h), 1 in the generic code.
 */
#ifndef FENCEBENCH_LOCKS_QSPINLOCK_H
#define FENCEBENCH_LOCKS_QSPINLOCK_H

#include <stdbool.h>
#include <stdint.h>

#include "../compiler.h"

struct qspinlock {
	union {
		uint32_t val;
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		struct {
			uint8_t locked;
			uint8_t pending;
		};
		struct {
			uint16_t locked_pending;
			uint16_t tail;
		};
#else
		struct {
			uint8_t __pad[2];
			uint8_t pending;
			uint8_t locked;
		};
		struct {
			uint16_t tail;
			uint16_t locked_pending;
		};
#endif
	};
};

#define _Q_LOCKED_VAL		1u
#define _Q_LOCKED_MASK		0xffu
#define _Q_PENDING_VAL		(1u << 8)
#define _Q_PENDING_MASK		0xff00u
#define _Q_LOCKED_PENDING_MASK	(_Q_LOCKED_MASK | _Q_PENDING_MASK)
#define _Q_TAIL_OFFSET		16
#define _Q_TAIL_MASK		0xffff0000u
#define QSPINLOCK_MAX_IDS	0xffffu

/*
 * How long a contender that finds only the pending bit set (the pending
 * waiter is taking the lock over) waits for the hand-over to finish before
 * it queues: x86 sets 1 << 9 because queueing costs far more than a few
 * hundred reads; everyone else uses the generic bound of 1.
 */
#if defined(__x86_64__) || defined(__i386__)
#define _Q_PENDING_LOOPS	(1 << 9)
#else
#define _Q_PENDING_LOOPS	1
#endif

/* A thread's MCS node: it spins on @locked until its predecessor hands over. */
struct qspinlock_node {
	struct qspinlock_node *next;
	uint32_t locked;
} __cacheline_aligned;

extern _Thread_local struct qspinlock_node qspinlock_node;
extern struct qspinlock_node *qspinlock_nodes[QSPINLOCK_MAX_IDS + 1];

/**
 * spin_lock_self_register - give the calling thread its lock id
 *
 * Returns an id in 1..QSPINLOCK_MAX_IDS, the same for every call from one
 * thread, and publishes the thread's qspinlock node under it.
 */
uint32_t spin_lock_self_register(void);

extern _Thread_local uint32_t spin_lock_self;

/* The calling thread's lock id (1..65535): the owner tag and the MCS tail. */
static __always_inline uint32_t spin_lock_self_id(void)
{
	uint32_t id = spin_lock_self;

	return likely(id) ? id : spin_lock_self_register();
}

static __always_inline bool queued_spin_trylock(struct qspinlock *lock)
{
	uint32_t val = READ_ONCE(lock->val);

	if (val)
		return false;
	return __atomic_compare_exchange_n(&lock->val, &val, _Q_LOCKED_VAL, false,
					   __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

/*
 * The MCS queue both slow paths share (the kernel builds its PV slow path
 * from the same source).  qspinlock_enqueue(): publish @node as the tail
 * and, behind a predecessor, spin on our own node until it hands us the
 * head; returns our successor if one has linked in yet.
 */
static __always_inline struct qspinlock_node *
qspinlock_enqueue(struct qspinlock *lock, struct qspinlock_node *node, uint32_t tail)
{
	struct qspinlock_node *prev, *next = NULL;
	uint32_t old;

	/* publish our node as the new tail; release: its init comes first */
	old = (uint32_t)__atomic_exchange_n(&lock->tail, (uint16_t)(tail >> _Q_TAIL_OFFSET),
					    __ATOMIC_ACQ_REL) << _Q_TAIL_OFFSET;
	if (old & _Q_TAIL_MASK) {
		prev = __atomic_load_n(&qspinlock_nodes[old >> _Q_TAIL_OFFSET], __ATOMIC_ACQUIRE);
		smp_store_release(&prev->next, node);
		/* local spinning: only our predecessor writes this line (PV halts here) */
		while (!smp_load_acquire(&node->locked))
			spin_relax();
		next = smp_load_acquire(&node->next);
	}
	return next;
}

/*
 * The queue head may take the lock (@val, the word it read; the PV head
 * already holds it): the last in the queue takes the lock and clears the
 * tail together; otherwise it takes the lock, then hands the head to the
 * next (PV would kick it awake).
 */
static __always_inline void qspinlock_pass_head(struct qspinlock *lock,
						struct qspinlock_node *node,
						struct qspinlock_node *next, uint32_t tail,
						uint32_t val)
{
	if ((val & _Q_TAIL_MASK) == tail &&
	    __atomic_compare_exchange_n(&lock->val, &val, _Q_LOCKED_VAL, false,
					__ATOMIC_RELAXED, __ATOMIC_RELAXED))
		return;
	WRITE_ONCE(lock->locked, (uint8_t)_Q_LOCKED_VAL);
	while (!next && !(next = smp_load_acquire(&node->next)))
		spin_relax();
	smp_store_release(&next->locked, 1);
}

static noinline __attribute__((__unused__)) void
queued_spin_lock_slowpath(struct qspinlock *lock, uint32_t val)
{
	struct qspinlock_node *node, *next;
	uint32_t tail;

	/* pending is being handed to locked: wait a bounded while for it */
	if (val == _Q_PENDING_VAL) {
		int cnt = _Q_PENDING_LOOPS;

		while ((val = READ_ONCE(lock->val)) == _Q_PENDING_VAL && cnt--)
			spin_relax();
	}
	if (val & ~_Q_LOCKED_MASK)
		goto queue;

	/* lock held, no one waiting: become the pending waiter */
	val = __atomic_fetch_or(&lock->val, _Q_PENDING_VAL, __ATOMIC_ACQUIRE);
	if (val & ~_Q_LOCKED_MASK) {
		/* someone got there first: undo pending if we set it, then queue */
		if (!(val & _Q_PENDING_MASK))
			__atomic_fetch_and(&lock->val, ~_Q_PENDING_VAL, __ATOMIC_RELAXED);
		goto queue;
	}
	/* we are pending: wait for the holder's release store */
	if (val & _Q_LOCKED_MASK)
		while (smp_load_acquire(&lock->locked))
			spin_relax();
	/* clear pending, set locked; the tail half may change meanwhile */
	WRITE_ONCE(lock->locked_pending, (uint16_t)_Q_LOCKED_VAL);
	return;

queue:
	node = &qspinlock_node;
	tail = spin_lock_self_id() << _Q_TAIL_OFFSET;
	WRITE_ONCE(node->locked, 0);
	WRITE_ONCE(node->next, NULL);

	if (queued_spin_trylock(lock))
		return;

	next = qspinlock_enqueue(lock, node, tail);

	/* head of the queue: wait for the holder and the pending waiter to go */
	while ((val = smp_load_acquire(&lock->val)) & _Q_LOCKED_PENDING_MASK)
		spin_relax();
	qspinlock_pass_head(lock, node, next, tail, val);
}

static __always_inline bool queued_spin_lock(struct qspinlock *lock)
{
	uint32_t val = 0;

	if (likely(__atomic_compare_exchange_n(&lock->val, &val, _Q_LOCKED_VAL, false,
					       __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)))
		return false;
	queued_spin_lock_slowpath(lock, val);
	return true;
}

static __always_inline void queued_spin_unlock(struct qspinlock *lock)
{
	smp_store_release(&lock->locked, (uint8_t)0);
}

/* Held, pending or queued: the kernel's queued_spin_is_locked(). */
static __always_inline bool queued_spin_is_locked(struct qspinlock *lock)
{
	return READ_ONCE(lock->val) != 0;
}

#endif
