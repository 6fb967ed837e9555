/* SPDX-License-Identifier: MIT */
/*
 * locks/pvqspinlock.h - the queued spinlock as a KVM guest with paravirt
 * spinlocks runs it (CONFIG_PARAVIRT_SPINLOCKS, kernel/locking/
 * qspinlock_paravirt.h), written from its documented algorithm.  The word,
 * the fast path and the MCS nodes are those of locks/qspinlock.h; the slow
 * path differs:
 *
 *  - no pending waiter: pv_enabled() sends every contender straight to the
 *    MCS queue;
 *  - before queueing, an unfair trylock may steal the lock while the queue
 *    head is not yet spinning on it (no pending bit set);
 *  - the queue head sets the pending bit and takes the lock with a
 *    compare-and-swap pending -> locked (trylock_clear_pending);
 *  - unlock is a compare-and-swap locked -> 0 with release, not a plain
 *    store: a halted head waiter would have left _Q_SLOW_VAL there.
 *
 * Changes from the kernel: there is no hypervisor to halt a vCPU and kick
 * it, so a waiter spins where the kernel would call pv_wait() after
 * SPIN_THRESHOLD loops, and the unlock never finds _Q_SLOW_VAL.  Without
 * PV unhalt a guest's virt_spin_lock() turns the lock into a test-and-set
 * loop: that is locks/ttas.h.
 */
#ifndef FENCEBENCH_LOCKS_PVQSPINLOCK_H
#define FENCEBENCH_LOCKS_PVQSPINLOCK_H

#include <stdbool.h>
#include <stdint.h>

#include "../compiler.h"
#include "qspinlock.h"

/* Steal the lock unless the queue head is already spinning on it. */
static inline bool pv_hybrid_queued_unfair_trylock(struct qspinlock *lock)
{
	for (;;) {
		uint32_t val = READ_ONCE(lock->val);
		uint8_t zero = 0;

		if (!(val & _Q_LOCKED_PENDING_MASK) &&
		    __atomic_compare_exchange_n(&lock->locked, &zero, (uint8_t)_Q_LOCKED_VAL, false,
						__ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
			return true;
		if (!(val & _Q_TAIL_MASK) || (val & _Q_PENDING_MASK))
			return false;
		spin_relax();
	}
}

/* The queue head: free lock and our pending bit become locked in one step. */
static inline bool trylock_clear_pending(struct qspinlock *lock)
{
	uint16_t pending = (uint16_t)_Q_PENDING_VAL;

	return !READ_ONCE(lock->locked) &&
	       __atomic_compare_exchange_n(&lock->locked_pending, &pending,
					   (uint16_t)_Q_LOCKED_VAL, false, __ATOMIC_ACQUIRE,
					   __ATOMIC_RELAXED);
}

/* Head of the queue: announce ourselves with pending and spin for the lock. */
static inline uint32_t pv_wait_head_or_lock(struct qspinlock *lock)
{
	WRITE_ONCE(lock->pending, (uint8_t)1);
	while (!trylock_clear_pending(lock))
		spin_relax();
	return READ_ONCE(lock->val) | _Q_LOCKED_VAL;
}

static noinline __attribute__((__unused__)) void
pv_queued_spin_lock_slowpath(struct qspinlock *lock)
{
	struct qspinlock_node *node = &qspinlock_node, *next;
	uint32_t tail = spin_lock_self_id() << _Q_TAIL_OFFSET;

	/* pv_enabled(): no pending path, queue at once */
	WRITE_ONCE(node->locked, 0);
	WRITE_ONCE(node->next, NULL);

	if (pv_hybrid_queued_unfair_trylock(lock))
		return;

	/* pv_wait_node() inside: we spin where the kernel halts after a while */
	next = qspinlock_enqueue(lock, node, tail);
	/* we hold the lock once this returns; then as the native queue head */
	qspinlock_pass_head(lock, node, next, tail, pv_wait_head_or_lock(lock));
}

static __always_inline bool pv_queued_spin_lock(struct qspinlock *lock)
{
	uint32_t val = 0;

	if (likely(__atomic_compare_exchange_n(&lock->val, &val, _Q_LOCKED_VAL, false,
					       __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)))
		return false;
	pv_queued_spin_lock_slowpath(lock);
	return true;
}

/* __pv_queued_spin_unlock(): a locked RMW where native qspinlock stores. */
static __always_inline void pv_queued_spin_unlock(struct qspinlock *lock)
{
	uint8_t locked = (uint8_t)_Q_LOCKED_VAL;

	__atomic_compare_exchange_n(&lock->locked, &locked, 0, false, __ATOMIC_RELEASE,
				    __ATOMIC_RELAXED);
}

#endif
