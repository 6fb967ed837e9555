/* SPDX-License-Identifier: MIT */
/*
 * spinlock.h - the fence lock.  One spinlock_t holds any of five lock
 * bodies (the headers in locks/) and the kind chosen at init: qspinlock (the x86
 * kernel's lock since v4.2, the default), the ticket lock before it, TTAS
 * (also what a guest without PV unhalt gets from virt_spin_lock()),
 * glibc's pthread_spinlock_t, and qspinlock's paravirt slow path.
 * spin_lock() switches on the kind, which never changes after init, so the branch is always predicted and each
 * lock's fast path stays inlined in the caller: no call per operation.
 *
 * Lock-stat (CONFIG_LOCK_STAT) style counts go to thread-local counters:
 * contentions (the lock was found taken) and handoffs (the previous holder
 * was another thread: lock-stat's bounces).  The holder's id lives in the
 * lock's own line and is stored only when it changes, so an uncontended
 * re-acquisition by the same thread stays one locked RMW plus the release
 * store of the unlock.
 *
 * Userspace cannot disable interrupts or preemption: the _irqsave forms
 * keep the kernel's names and ignore @flags.  A lock holder can therefore
 * be preempted here, which the kernel's spin_lock_irqsave() prevents.
 */
#ifndef FENCEBENCH_SPINLOCK_H
#define FENCEBENCH_SPINLOCK_H

#include <stdbool.h>
#include <stdint.h>

#include "compiler.h"
#include "locks/pthread.h"
#include "locks/pvqspinlock.h"
#include "locks/qspinlock.h"
#include "locks/ticket.h"
#include "locks/ttas.h"

enum spin_kind {
	SPIN_QSPINLOCK,		/* 0: what a zeroed spinlock_t is */
	SPIN_TICKET,
	SPIN_TTAS,
	SPIN_PTHREAD,
	SPIN_PVQSPINLOCK,	/* qspinlock in a KVM guest with PV spinlocks */
	SPIN_NR
};

typedef struct {
	union {
		struct qspinlock q;
		struct ticket_lock t;
		struct ttas_lock s;
		struct pspin_lock p;
	};
	uint32_t kind;		/* enum spin_kind, set at init */
	uint32_t owner;		/* lock id of the last holder, 0 before the first */
} spinlock_t;

/* A qspinlock; spin_lock_init_kind() makes any other kind. */
#define __SPIN_LOCK_UNLOCKED		{ .kind = SPIN_QSPINLOCK }
#define __TICKET_SPIN_LOCK_UNLOCKED	{ .kind = SPIN_TICKET }

/* Per-thread lock statistics, read by the harness around its loops. */
struct spin_lock_stat {
	uint64_t contentions;
	uint64_t handoffs;
};

extern _Thread_local struct spin_lock_stat spin_lock_stat;

/* The names --lock and the CSV use, indexed by enum spin_kind. */
extern const char *const spin_kind_name[SPIN_NR];

/**
 * spin_kind_parse - the kind called @name
 * @name: qspinlock, ticket, ttas, pthread or pvqspinlock
 *
 * Returns the enum spin_kind, or -1 for an unknown name.
 */
int spin_kind_parse(const char *name);

static inline void spin_lock_init_kind(spinlock_t *lock, enum spin_kind kind)
{
	WRITE_ONCE(lock->kind, (uint32_t)kind);
	WRITE_ONCE(lock->owner, 0);
	switch (kind) {
	case SPIN_QSPINLOCK:
	case SPIN_PVQSPINLOCK:
		WRITE_ONCE(lock->q.val, 0);
		break;
	case SPIN_TICKET:
		WRITE_ONCE(lock->t.next, 0);
		WRITE_ONCE(lock->t.owner, 0);
		break;
	case SPIN_TTAS:
		WRITE_ONCE(lock->s.val, 0);
		break;
	case SPIN_PTHREAD:
		pspin_lock_init(&lock->p);
		break;
	case SPIN_NR:
		break;
	}
}

static inline void spin_lock_init(spinlock_t *lock)
{
	spin_lock_init_kind(lock, SPIN_QSPINLOCK);
}

/* Called with the lock held: lock-stat's contention and bounce counts. */
static __always_inline void __spin_lock_acquired(spinlock_t *lock, bool contended)
{
	uint32_t self = spin_lock_self_id();
	uint32_t prev = READ_ONCE(lock->owner);

	if (unlikely(contended))
		spin_lock_stat.contentions++;
	if (unlikely(prev != self)) {
		spin_lock_stat.handoffs += prev != 0;
		WRITE_ONCE(lock->owner, self);
	}
}

static __always_inline void spin_lock(spinlock_t *lock)
{
	bool contended = false;

	switch ((enum spin_kind)READ_ONCE(lock->kind)) {
	case SPIN_QSPINLOCK:
		contended = queued_spin_lock(&lock->q);
		break;
	case SPIN_TICKET:
		contended = ticket_lock(&lock->t);
		break;
	case SPIN_TTAS:
		contended = ttas_lock(&lock->s);
		break;
	case SPIN_PTHREAD:
		contended = pspin_lock(&lock->p);
		break;
	case SPIN_PVQSPINLOCK:
		contended = pv_queued_spin_lock(&lock->q);
		break;
	case SPIN_NR:
		break;
	}
	__spin_lock_acquired(lock, contended);
}

static __always_inline void spin_unlock(spinlock_t *lock)
{
	switch ((enum spin_kind)READ_ONCE(lock->kind)) {
	case SPIN_QSPINLOCK:
		queued_spin_unlock(&lock->q);
		break;
	case SPIN_TICKET:
		ticket_unlock(&lock->t);
		break;
	case SPIN_TTAS:
		ttas_unlock(&lock->s);
		break;
	case SPIN_PTHREAD:
		pspin_unlock(&lock->p);
		break;
	case SPIN_PVQSPINLOCK:
		pv_queued_spin_unlock(&lock->q);
		break;
	case SPIN_NR:
		break;
	}
}

static __always_inline int spin_trylock(spinlock_t *lock)
{
	bool ok = false;

	switch ((enum spin_kind)READ_ONCE(lock->kind)) {
	case SPIN_QSPINLOCK:
	case SPIN_PVQSPINLOCK:
		ok = queued_spin_trylock(&lock->q);
		break;
	case SPIN_TICKET:
		ok = ticket_trylock(&lock->t);
		break;
	case SPIN_TTAS:
		ok = ttas_trylock(&lock->s);
		break;
	case SPIN_PTHREAD:
		ok = pspin_trylock(&lock->p);
		break;
	case SPIN_NR:
		break;
	}
	if (ok)
		__spin_lock_acquired(lock, false);
	return ok;
}

/* True while someone holds the lock (or, for the fair locks, waits for it). */
static inline int spin_is_locked(spinlock_t *lock)
{
	switch ((enum spin_kind)READ_ONCE(lock->kind)) {
	case SPIN_QSPINLOCK:
	case SPIN_PVQSPINLOCK:
		return queued_spin_is_locked(&lock->q);
	case SPIN_TICKET:
		return ticket_is_locked(&lock->t);
	case SPIN_TTAS:
		return ttas_is_locked(&lock->s);
	case SPIN_PTHREAD:
		return pspin_is_locked(&lock->p);
	case SPIN_NR:
		break;
	}
	return 0;
}

#define spin_lock_irqsave(lock, flags)		do { (void)(flags); spin_lock(lock); } while (0)
#define spin_unlock_irqrestore(lock, flags)	do { (void)(flags); spin_unlock(lock); } while (0)

#endif
