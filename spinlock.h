/* SPDX-License-Identifier: MIT */
/*
 * spinlock.h - the fence lock.  A ticket lock: the kernel's x86 spinlock
 * before qspinlock (v4.2), and like qspinlock fair (FIFO) and, when free,
 * one locked read-modify-write to take plus one release store to drop.
 * Under contention every waiter spins on the one lock line, where qspinlock
 * queues on per-CPU nodes: with one signaler and a few waiters per fence
 * both see queue depths of 1-2, where Waiman Long measured them close.
 *
 * Userspace cannot disable interrupts or preemption: the _irqsave forms
 * keep the kernel's names and ignore @flags.  A lock holder can therefore
 * be preempted here, which the kernel's spin_lock_irqsave() prevents.
 */
#ifndef FENCEBENCH_SPINLOCK_H
#define FENCEBENCH_SPINLOCK_H

#include <stdint.h>

#include "compiler.h"

typedef struct {
	uint32_t next;		/* next ticket to hand out */
	uint32_t owner;		/* ticket now being served */
} spinlock_t;

#define __SPIN_LOCK_UNLOCKED { 0, 0 }

static inline void spin_lock_init(spinlock_t *lock)
{
	WRITE_ONCE(lock->next, 0);
	WRITE_ONCE(lock->owner, 0);
}

static __always_inline void spin_lock(spinlock_t *lock)
{
	uint32_t ticket = __atomic_fetch_add(&lock->next, 1, __ATOMIC_ACQUIRE);

	while (unlikely(smp_load_acquire(&lock->owner) != ticket))
		spin_relax();
}

static __always_inline void spin_unlock(spinlock_t *lock)
{
	/* only the holder writes owner: a plain read and a release store */
	smp_store_release(&lock->owner, READ_ONCE(lock->owner) + 1);
}

static __always_inline int spin_trylock(spinlock_t *lock)
{
	uint32_t owner = smp_load_acquire(&lock->owner);
	uint32_t next = owner;

	return __atomic_compare_exchange_n(&lock->next, &next, owner + 1, false,
					   __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

/* True while someone holds the lock or waits for it. */
static inline int spin_is_locked(spinlock_t *lock)
{
	return READ_ONCE(lock->next) != READ_ONCE(lock->owner);
}

#define spin_lock_irqsave(lock, flags)		do { (void)(flags); spin_lock(lock); } while (0)
#define spin_unlock_irqrestore(lock, flags)	do { (void)(flags); spin_unlock(lock); } while (0)

#endif
