// SPDX-License-Identifier: MIT
/*
 * test_locks.c - TAP tests for the five fence locks of spinlock.h
 * (qspinlock, ticket, ttas, pthread, pvqspinlock).  For each: mutual exclusion (four
 * threads, more than the two CPUs, increment a plain counter under the lock
 * and the total must be exact; under ThreadSanitizer the plain counter makes
 * any hole in the lock's ordering a report), trylock on a free and a held
 * lock, and the lock-stat counts on known sequences.  For the fair locks,
 * FIFO hand-off: with the lock held, threads A, B and C arrive one after
 * another, each only once the lock word shows the previous one waiting
 * (ticket taken; pending bit or MCS tail set), and must get the lock in
 * that order.  Nothing depends on timing; a watchdog turns a hang into a
 * failure.
 */
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "tap.h"
#include "../spinlock.h"

#define THREADS		4
#define DEEP_THREADS	8	/* a qspinlock MCS queue several deep */
#define ITERS		20000
#define WATCHDOG_SECS	180	/* 2 CPUs shared with other work: fair locks hand off slowly */

static void watchdog(int sig)
{
	(void)sig;
	static const char msg[] = "not ok - watchdog: a lock test hung\n";
	if (write(STDOUT_FILENO, msg, sizeof(msg) - 1) < 0)
		_exit(1);
	_exit(1);
}

/* ---------------------------------------------------- mutual exclusion */

static spinlock_t mx_lock;
static unsigned long mx_counter;	/* plain: only ever touched under mx_lock */
static uint64_t mx_contentions, mx_handoffs;
static pthread_barrier_t mx_start;	/* all threads start together, to contend */
static int mx_iters;

static void *mx_thread(void *arg)
{
	(void)arg;
	pthread_barrier_wait(&mx_start);
	for (int i = 0; i < mx_iters; i++) {
		spin_lock(&mx_lock);
		mx_counter++;
		spin_unlock(&mx_lock);
	}
	__atomic_fetch_add(&mx_contentions, spin_lock_stat.contentions, __ATOMIC_RELAXED);
	__atomic_fetch_add(&mx_handoffs, spin_lock_stat.handoffs, __ATOMIC_RELAXED);
	return NULL;
}

static void test_mutex(enum spin_kind k, int threads)
{
	const char *name = spin_kind_name[k];
	pthread_t th[DEEP_THREADS];
	int n = 0;

	spin_lock_init_kind(&mx_lock, k);
	/* the same number of acquisitions in all, however many threads */
	mx_iters = ITERS * 4 / threads;
	mx_counter = 0;
	mx_contentions = mx_handoffs = 0;
	pthread_barrier_init(&mx_start, NULL, (unsigned int)threads);
	for (int i = 0; i < threads; i++)
		if (pthread_create(&th[i], NULL, mx_thread, NULL) == 0)
			n++;
	for (int i = 0; i < n; i++)
		pthread_join(th[i], NULL);
	pthread_barrier_destroy(&mx_start);
	ok(n == threads && mx_counter == (unsigned long)threads * mx_iters &&
	   !spin_is_locked(&mx_lock),
	   "%s: %d threads x %d increments under the lock give %lu (got %lu)", name, threads,
	   mx_iters, (unsigned long)threads * mx_iters, mx_counter);
	ok(mx_handoffs <= (uint64_t)threads * mx_iters &&
	   mx_contentions <= (uint64_t)threads * mx_iters,
	   "%s: contentions %llu and handoffs %llu are at most the acquisitions", name,
	   (unsigned long long)mx_contentions, (unsigned long long)mx_handoffs);
}

/* -------------------------------------------------- single-threaded */

static void *take_once(void *arg)
{
	spinlock_t *l = arg;

	spin_lock(l);
	spin_unlock(l);
	return NULL;
}

static void test_basic(enum spin_kind k)
{
	const char *name = spin_kind_name[k];
	struct spin_lock_stat s0;
	spinlock_t l;
	pthread_t th;
	int a, b, c;

	spin_lock_init_kind(&l, k);
	a = spin_trylock(&l);
	b = spin_trylock(&l);
	spin_unlock(&l);
	c = spin_trylock(&l);
	spin_unlock(&l);
	ok(a && !b && c && !spin_is_locked(&l),
	   "%s: trylock succeeds on a free lock, fails on a held one, succeeds after unlock",
	   name);

	s0 = spin_lock_stat;
	for (int i = 0; i < 10; i++) {
		spin_lock(&l);
		spin_unlock(&l);
	}
	ok(spin_lock_stat.contentions == s0.contentions && spin_lock_stat.handoffs == s0.handoffs,
	   "%s: re-taking a free lock counts no contention and no handoff", name);

	/* another thread takes it in between: the next acquisition is a handoff */
	if (pthread_create(&th, NULL, take_once, &l) == 0)
		pthread_join(th, NULL);
	s0 = spin_lock_stat;
	spin_lock(&l);
	spin_unlock(&l);
	ok(spin_lock_stat.handoffs == s0.handoffs + 1 && spin_lock_stat.contentions == s0.contentions,
	   "%s: taking it after another thread counts one handoff, no contention", name);
}

/* ------------------------------------------------------------- FIFO */

static spinlock_t fifo_lock;
static int fifo_order[3], fifo_pos;	/* plain: written under fifo_lock */
static uint64_t fifo_contended;

static void *fifo_thread(void *arg)
{
	int me = (int)(intptr_t)arg;

	spin_lock(&fifo_lock);
	fifo_order[fifo_pos++] = me;
	spin_unlock(&fifo_lock);
	__atomic_fetch_add(&fifo_contended, spin_lock_stat.contentions, __ATOMIC_RELAXED);
	return NULL;
}

/* True once thread number @i (0-based) is visibly waiting in the lock word. */
static bool fifo_waiting(enum spin_kind k, int i, uint32_t *tail)
{
	uint32_t v;

	switch (k) {
	case SPIN_TICKET:
		return READ_ONCE(fifo_lock.t.next) == (uint32_t)i + 2;
	case SPIN_QSPINLOCK:
	case SPIN_PVQSPINLOCK:
		/*
		 * qspinlock: the first is the pending waiter (no tail yet); pv:
		 * the queue head, which set the tail before it set pending.
		 * Either way the next arrival must change the tail seen here.
		 */
		v = READ_ONCE(fifo_lock.q.val);
		if (i == 0) {
			*tail = v & _Q_TAIL_MASK;
			return v & _Q_PENDING_VAL;
		}
		if ((v & _Q_TAIL_MASK) && (v & _Q_TAIL_MASK) != *tail) {
			*tail = v & _Q_TAIL_MASK;
			return true;
		}
		return false;
	default:
		return false;
	}
}

static void test_fifo(enum spin_kind k)
{
	const char *name = spin_kind_name[k];
	pthread_t th[3];
	uint32_t tail = 0;
	int n = 0;

	spin_lock_init_kind(&fifo_lock, k);
	fifo_pos = 0;
	fifo_contended = 0;
	spin_lock(&fifo_lock);
	for (int i = 0; i < 3; i++) {
		if (pthread_create(&th[i], NULL, fifo_thread, (void *)(intptr_t)i))
			break;
		n++;
		while (!fifo_waiting(k, i, &tail))
			sched_yield();
	}
	spin_unlock(&fifo_lock);
	for (int i = 0; i < n; i++)
		pthread_join(th[i], NULL);
	ok(n == 3 && fifo_pos == 3 && fifo_order[0] == 0 && fifo_order[1] == 1 &&
	   fifo_order[2] == 2 && fifo_contended == 3,
	   "%s: A, B, C queued in that order on a held lock get it in that order "
	   "(got %d %d %d, %llu contentions)", name, fifo_order[0], fifo_order[1],
	   fifo_order[2], (unsigned long long)fifo_contended);
}

/* pv: a first contender on a held lock queues (tail set) instead of pending. */
static void test_pv_no_pending(void)
{
	pthread_t th;
	uint32_t v = 0;
	bool queued = false, ok_join;

	spin_lock_init_kind(&fifo_lock, SPIN_PVQSPINLOCK);
	fifo_pos = 0;
	fifo_contended = 0;
	spin_lock(&fifo_lock);
	ok_join = pthread_create(&th, NULL, fifo_thread, (void *)(intptr_t)0) == 0;
	while (ok_join && !((v = READ_ONCE(fifo_lock.q.val)) & _Q_PENDING_VAL))
		sched_yield();
	queued = (v & _Q_TAIL_MASK) != 0;
	spin_unlock(&fifo_lock);
	if (ok_join)
		pthread_join(th, NULL);
	ok(ok_join && queued && fifo_pos == 1,
	   "pvqspinlock: the first contender on a held lock is in the MCS queue (tail set) "
	   "by the time it sets pending (word %#x)", v);
}

int main(void)
{
	signal(SIGALRM, watchdog);
	alarm(WATCHDOG_SECS);
	/* four threads on two CPUs: a spinning waiter must give its CPU away */
	spin_yield = 1;
	tap_plan_tests(SPIN_NR * 5 + 10);

	ok(spin_kind_parse("qspinlock") == SPIN_QSPINLOCK && spin_kind_parse("pthread") == SPIN_PTHREAD &&
	   spin_kind_parse("pvqspinlock") == SPIN_PVQSPINLOCK &&
	   spin_kind_parse("mcs") < 0, "spin_kind_parse knows the five names and no other");
	for (int k = 0; k < SPIN_NR; k++) {
		test_basic((enum spin_kind)k);
		test_mutex((enum spin_kind)k, THREADS);
	}
	test_mutex(SPIN_QSPINLOCK, DEEP_THREADS);
	test_mutex(SPIN_PVQSPINLOCK, DEEP_THREADS);
	test_fifo(SPIN_TICKET);
	test_fifo(SPIN_QSPINLOCK);
	test_fifo(SPIN_PVQSPINLOCK);
	test_pv_no_pending();
#if defined(__x86_64__) || defined(__i386__)
	ok(_Q_PENDING_LOOPS == 512, "x86: _Q_PENDING_LOOPS is 1 << 9, as arch/x86 sets it");
#else
	ok(_Q_PENDING_LOOPS == 1, "not x86: _Q_PENDING_LOOPS is the generic 1");
#endif
	return tap_exit();
}
