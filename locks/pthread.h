/* SPDX-License-Identifier: MIT */
/*
 * locks/pthread.h - pspin_*: glibc's pthread_spinlock_t, as a baseline.  On x86-64
 * glibc takes it with one locked decrement and spins on a plain load; it is
 * unfair.  A trylock comes first so that a contention can be counted: the
 * uncontended path is one locked RMW inside pthread_spin_trylock() and the
 * store in pthread_spin_unlock(), both calls into libc (not inlined).
 */
#ifndef FENCEBENCH_LOCKS_PTHREAD_H
#define FENCEBENCH_LOCKS_PTHREAD_H

#include <pthread.h>
#include <stdbool.h>

#include "../compiler.h"

struct pspin_lock {
	pthread_spinlock_t sl;
};

static inline void pspin_lock_init(struct pspin_lock *lock)
{
	pthread_spin_init(&lock->sl, PTHREAD_PROCESS_PRIVATE);
}

static __always_inline bool pspin_lock(struct pspin_lock *lock)
{
	if (likely(pthread_spin_trylock(&lock->sl) == 0))
		return false;
	pthread_spin_lock(&lock->sl);
	return true;
}

static __always_inline void pspin_unlock(struct pspin_lock *lock)
{
	pthread_spin_unlock(&lock->sl);
}

static __always_inline bool pspin_trylock(struct pspin_lock *lock)
{
	return pthread_spin_trylock(&lock->sl) == 0;
}

/* glibc does not say what a held lock looks like: probe it. */
static inline bool pspin_is_locked(struct pspin_lock *lock)
{
	if (!pspin_trylock(lock))
		return true;
	pspin_unlock(lock);
	return false;
}

#endif
