/* SPDX-License-Identifier: MIT */
/*
 * locks/ticket.h - the ticket lock: the x86 kernel's spinlock from v2.6.25
 * until qspinlock replaced it in v4.2.  FIFO: a lock takes a ticket with
 * one fetch_add and spins until the owner counter reaches it; unlock is a
 * release store of owner + 1.  Every waiter spins on the one lock line, so
 * each hand-off invalidates it in every waiter's cache.
 *
 * Interface (shared by every lock in locks/): NAME_lock() returns true when
 * the lock was found taken (a contention), NAME_unlock() drops it.
 */
#ifndef FENCEBENCH_LOCKS_TICKET_H
#define FENCEBENCH_LOCKS_TICKET_H

#include <stdbool.h>
#include <stdint.h>

#include "../compiler.h"

struct ticket_lock {
	uint32_t next;		/* next ticket to hand out */
	uint32_t owner;		/* ticket now being served */
};

static __always_inline bool ticket_lock(struct ticket_lock *lock)
{
	uint32_t ticket = __atomic_fetch_add(&lock->next, 1, __ATOMIC_ACQUIRE);

	if (likely(smp_load_acquire(&lock->owner) == ticket))
		return false;
	while (smp_load_acquire(&lock->owner) != ticket)
		spin_relax();
	return true;
}

static __always_inline void ticket_unlock(struct ticket_lock *lock)
{
	/* only the holder writes owner: a relaxed read and a release store */
	smp_store_release(&lock->owner, READ_ONCE(lock->owner) + 1);
}

static __always_inline bool ticket_trylock(struct ticket_lock *lock)
{
	uint32_t owner = smp_load_acquire(&lock->owner);
	uint32_t next = owner;

	return __atomic_compare_exchange_n(&lock->next, &next, owner + 1, false,
					   __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

/* Held, or waited for. */
static __always_inline bool ticket_is_locked(struct ticket_lock *lock)
{
	return READ_ONCE(lock->next) != READ_ONCE(lock->owner);
}

#endif
