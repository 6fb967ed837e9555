/* SPDX-License-Identifier: MIT */
/*
 * locks/ttas.h - test-and-test-and-set: a compare-and-swap 0 -> 1 to take
 * the lock, a relaxed-load spin while it is held, a release store of 0 to
 * drop it.  The same uncontended cost as qspinlock (one locked RMW, one
 * store) but unfair: whoever wins the race after a release gets the lock,
 * often the thread that just dropped it.
 */
#ifndef FENCEBENCH_LOCKS_TTAS_H
#define FENCEBENCH_LOCKS_TTAS_H

#include <stdbool.h>
#include <stdint.h>

#include "../compiler.h"

struct ttas_lock {
	uint32_t val;		/* 0 free, 1 held */
};

static __always_inline bool ttas_trylock(struct ttas_lock *lock)
{
	uint32_t old = 0;

	return __atomic_compare_exchange_n(&lock->val, &old, 1, false, __ATOMIC_ACQUIRE,
					   __ATOMIC_RELAXED);
}

static __always_inline bool ttas_lock(struct ttas_lock *lock)
{
	if (likely(ttas_trylock(lock)))
		return false;
	do {
		while (READ_ONCE(lock->val))
			spin_relax();
	} while (!ttas_trylock(lock));
	return true;
}

static __always_inline void ttas_unlock(struct ttas_lock *lock)
{
	smp_store_release(&lock->val, 0);
}

static __always_inline bool ttas_is_locked(struct ttas_lock *lock)
{
	return READ_ONCE(lock->val) != 0;
}

#endif
