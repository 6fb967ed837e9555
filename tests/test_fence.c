// SPDX-License-Identifier: MIT
/*
 * test_fence.c - TAP tests for fence.h and spinlock.h.  First the
 * single-threaded contracts of dma_fence_add_callback, dma_fence_signal and
 * every removal strategy of harness/strategy.c (return values, FIFO order,
 * the signaler's INIT-before-call order, the outcome each path reports, cb_list left
 * consistent), then which strategies take fence->lock (checked with the lock
 * held by the main thread and on the ticket counter: these tests use a
 * ticket lock, whose counters show every acquisition), then the default
 * lock itself (tests/test_locks.c tests all four), then one stress run per strategy: a signaler and three waiters
 * (more threads than the two CPUs) that add, signal and remove in lock step
 * for thousands of rounds and check that every callback either ran or was
 * removed, exactly once.  The stress run checks accounting only: the
 * use-after-return hazards of the lockless strategies are the benchmark's
 * business.  Every cross-thread access goes through the model's atomics or
 * __atomic builtins, so the program must be silent under ThreadSanitizer.
 * No test depends on timing; a watchdog turns a hang into a failure.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"
#include "../fence.h"
#include "../harness/strategy.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#define WATCHDOG_SECS	60
#define NR_CBS		5
#define STRESS_WAITERS	3
#define STRESS_RING	4
#define STRESS_ROUNDS	20000
#define LOCK_THREADS	4
#define LOCK_ITERS	200000

/* ---------------------------------------------------------------- helpers */

static void watchdog(int sig)
{
	static const char msg[] = "not ok - timeout\n";
	ssize_t n;

	(void)sig;
	n = write(STDOUT_FILENO, msg, sizeof(msg) - 1);
	(void)n;
	_exit(1);
}

static void watchdog_arm(void)
{
	alarm(WATCHDOG_SECS);
}

/*
 * A test callback: the dma_fence_cb, the i915-style tsk word that the
 * function clears last, and what the function saw.
 */
struct test_cb {
	struct dma_fence_cb base;
	void *tsk;
	int id;
	int calls;
	int seq;		/* order of the call among this fence's calls */
	bool saw_node_init;	/* list_empty_careful(&node) when called */
	bool saw_signaled;
};

static int call_seq;

static void test_cb_func(struct dma_fence *fence, struct dma_fence_cb *cb)
{
	struct test_cb *t = container_of(cb, struct test_cb, base);

	t->calls++;
	t->seq = call_seq++;
	t->saw_node_init = list_empty_careful(&cb->node);
	t->saw_signaled = dma_fence_is_signaled(fence);
	/* last access, like i915's request_wait_wake() */
	smp_store_release(&t->tsk, NULL);
}

static void test_cb_init(struct test_cb *t, int id)
{
	memset(t, 0, sizeof(*t));
	memset(&t->base.node, 0xa5, sizeof(t->base.node));
	t->id = id;
	__atomic_store_n(&t->tsk, (void *)t, __ATOMIC_RELAXED);
}

static bool remove_with(enum remove_strategy s, struct dma_fence *f, struct test_cb *t)
{
	switch (s) {
	case REMOVE_LOCKED:
		return dma_fence_remove_callback_locked(f, &t->base);
	case REMOVE_LIST_EMPTY:
		return dma_fence_remove_callback_list_empty(f, &t->base);
	case REMOVE_CAREFUL:
		return dma_fence_remove_callback_list_empty_careful(f, &t->base);
	case REMOVE_CAREFUL_2020:
		return dma_fence_remove_callback_list_empty_careful_2020(f, &t->base);
	case REMOVE_FLAG:
		return dma_fence_remove_callback_flag(f, &t->base, &t->tsk);
	case REMOVE_FLAG_I915:
	case REMOVE_FLAG_XCHG:
		return dma_fence_remove_callback_flag_i915(f, &t->base, &t->tsk);
	case REMOVE_FINISH_WAIT:
		return dma_fence_remove_callback_finish_wait(f, &t->base);
	case REMOVE_NR:
		break;
	}
	abort();
}

static enum dma_fence_remove_outcome outcome_with(enum remove_strategy s, struct dma_fence *f,
						  struct dma_fence_cb *cb, void **tsk)
{
	switch (s) {
	case REMOVE_LOCKED:
		return __dma_fence_remove_callback_locked(f, cb);
	case REMOVE_LIST_EMPTY:
		return __dma_fence_remove_callback_list_empty(f, cb);
	case REMOVE_CAREFUL:
		return __dma_fence_remove_callback_list_empty_careful(f, cb);
	case REMOVE_CAREFUL_2020:
		return __dma_fence_remove_callback_list_empty_careful_2020(f, cb);
	case REMOVE_FLAG:
		return __dma_fence_remove_callback_flag(f, cb, tsk);
	case REMOVE_FLAG_I915:
	case REMOVE_FLAG_XCHG:
		return __dma_fence_remove_callback_flag_once(f, cb, tsk);
	case REMOVE_FINISH_WAIT:
		return __dma_fence_remove_callback_finish_wait_stamped(f, cb, NULL);
	case REMOVE_NR:
		break;
	}
	abort();
}

/*
 * dma_fence_signal() in the order strategy @s is measured against: the
 * wait-queue order (func, then list_del_init_careful) for finish_wait,
 * dma-fence's own for the others.
 */
static int signal_as(enum remove_strategy s, struct dma_fence *f)
{
	unsigned long flags = 0;
	int ret;

	if (strategies[s].signal != SIGNAL_FUNC_FIRST)
		return dma_fence_signal(f);
	dma_fence_lock_irqsave(f, flags);
	ret = __dma_fence_signal_locked_stamped(f, 0, 0, false, true, NULL);
	dma_fence_unlock_irqrestore(f, flags);
	return ret;
}

static const char *outcome_name(enum dma_fence_remove_outcome o)
{
	switch (o) {
	case DMA_FENCE_REMOVE_FASTPATH:
		return "FASTPATH";
	case DMA_FENCE_REMOVE_SLOW_HIT:
		return "SLOW_HIT";
	case DMA_FENCE_REMOVE_SLOW_MISS:
		return "SLOW_MISS";
	}
	return "?";
}

/* Tickets handed out so far: grows by one each time the lock is taken. */
static uint32_t lock_tickets(spinlock_t *lock)
{
	return READ_ONCE(lock->t.next);
}

/* ------------------------------------------------------ single-threaded */

static void test_init(void)
{
	struct dma_fence f;
	spinlock_t lock = __TICKET_SPIN_LOCK_UNLOCKED;

	memset(&f, 0xa5, sizeof(f));
	dma_fence_init(&f, NULL, &lock, SPIN_QSPINLOCK, 0);
	ok(!dma_fence_is_signaled(&f) && f.flags == 0 && f.extern_lock == &lock &&
	   list_empty(&f.cb_list) && list_empty_careful(&f.cb_list),
	   "dma_fence_init: not signaled, no flags, cb_list empty");
}

static void test_add_signal(void)
{
	struct dma_fence f;
	spinlock_t lock = __TICKET_SPIN_LOCK_UNLOCKED;
	struct test_cb cb[NR_CBS], nf;
	bool linked, once = true, fifo = true, init = true, signaled = true;
	int ret = 0, ret2;
	struct list_head *p;
	int i;

	dma_fence_init(&f, NULL, &lock, SPIN_QSPINLOCK, 0);
	for (i = 0; i < NR_CBS; i++) {
		test_cb_init(&cb[i], i);
		ret |= dma_fence_add_callback(&f, &cb[i].base, test_cb_func);
	}
	ok(ret == 0, "add_callback before signal returns 0 (x%d)", NR_CBS);

	/* linked into cb_list in add order (list_add_tail) */
	linked = true;
	i = 0;
	for (p = f.cb_list.next; p != &f.cb_list && i <= NR_CBS; p = p->next, i++)
		if (i >= NR_CBS || p != &cb[i].base.node || p->next->prev != p)
			linked = false;
	ok(linked && i == NR_CBS && f.cb_list.prev == &cb[NR_CBS - 1].base.node &&
	   cb[0].base.func == test_cb_func,
	   "add_callback links the nodes into fence->cb_list at the tail, func set");

	test_cb_init(&nf, 99);
	ok(dma_fence_add_callback(&f, &nf.base, NULL) == -EINVAL &&
	   dma_fence_add_callback(NULL, &nf.base, test_cb_func) == -EINVAL &&
	   f.cb_list.prev == &cb[NR_CBS - 1].base.node,
	   "add_callback with NULL func or fence returns -EINVAL and links nothing");

	ok(!dma_fence_is_signaled(&f), "dma_fence_is_signaled is false before signal");

	call_seq = 0;
	ret = dma_fence_signal(&f);
	ok(ret == 0, "first dma_fence_signal returns 0");
	for (i = 0; i < NR_CBS; i++) {
		once &= cb[i].calls == 1;
		fifo &= cb[i].seq == i;
		init &= cb[i].saw_node_init;
		signaled &= cb[i].saw_signaled;
	}
	ok(once, "signal calls each added callback exactly once");
	ok(fifo, "signal calls the callbacks in add order (FIFO)");
	ok(init, "each callback sees its own node already INIT'd (S4a before S4c)");
	ok(signaled, "each callback sees the fence already SIGNALED");
	ok(nf.calls == 0, "the callback rejected with -EINVAL is never called");

	ok(test_bit(DMA_FENCE_FLAG_SIGNALED_BIT, &f.flags) &&
	   test_bit(DMA_FENCE_FLAG_TIMESTAMP_BIT, &f.flags) && dma_fence_is_signaled(&f),
	   "after signal: SIGNALED and TIMESTAMP set, dma_fence_is_signaled");

	ret2 = dma_fence_signal(&f);
	once = true;
	for (i = 0; i < NR_CBS; i++)
		once &= cb[i].calls == 1;
	ok(ret2 == -EINVAL, "second dma_fence_signal returns -EINVAL");
	ok(once, "second dma_fence_signal calls nothing");
	ok(lock_tickets(&lock) == READ_ONCE(lock.t.owner), "fence->lock is free afterwards");
}

static void test_add_after_signal(void)
{
	struct dma_fence f;
	spinlock_t lock = __TICKET_SPIN_LOCK_UNLOCKED;
	struct test_cb cb;
	int ret;

	dma_fence_init(&f, NULL, &lock, SPIN_QSPINLOCK, 0);
	dma_fence_signal(&f);
	test_cb_init(&cb, 0);
	ret = dma_fence_add_callback(&f, &cb.base, test_cb_func);
	ok(ret == -ENOENT, "add_callback after signal returns -ENOENT");
	ok(list_empty_careful(&cb.base.node) && cb.base.node.next == &cb.base.node &&
	   cb.base.node.prev == &cb.base.node,
	   "add_callback after signal leaves the node INIT'd");
	dma_fence_signal(&f);
	ok(cb.calls == 0, "the callback added after signal is never called");
}

static void test_remove_kernel(void)
{
	struct dma_fence f;
	spinlock_t lock = __TICKET_SPIN_LOCK_UNLOCKED;
	struct test_cb a, b;
	bool r;

	dma_fence_init(&f, NULL, &lock, SPIN_QSPINLOCK, 0);
	test_cb_init(&a, 0);
	test_cb_init(&b, 1);
	dma_fence_add_callback(&f, &a.base, test_cb_func);
	dma_fence_add_callback(&f, &b.base, test_cb_func);
	r = dma_fence_remove_callback(&f, &a.base);
	ok(r, "dma_fence_remove_callback before signal returns true");
	dma_fence_signal(&f);
	ok(a.calls == 0 && list_empty_careful(&a.base.node) && b.calls == 1,
	   "removed callback is not called on the later signal, its node is empty");
	ok(!dma_fence_remove_callback(&f, &b.base) && b.calls == 1,
	   "dma_fence_remove_callback after signal returns false");
}

static void test_strategy_contracts(enum remove_strategy s)
{
	const char *name = strategies[s].name;
	struct dma_fence f;
	spinlock_t lock = __TICKET_SPIN_LOCK_UNLOCKED;
	struct test_cb a, b;
	bool r_before, r_after;
	void *tsk_before;

	dma_fence_init(&f, NULL, &lock, SPIN_QSPINLOCK, 0);
	test_cb_init(&a, 0);
	test_cb_init(&b, 1);
	dma_fence_add_callback(&f, &a.base, test_cb_func);
	dma_fence_add_callback(&f, &b.base, test_cb_func);
	tsk_before = __atomic_load_n(&a.tsk, __ATOMIC_RELAXED);
	r_before = remove_with(s, &f, &a);
	ok(r_before && tsk_before != NULL && list_empty_careful(&a.base.node),
	   "%s: remove before signal returns true (tsk set), node empty", name);
	signal_as(s, &f);
	ok(a.calls == 0 && b.calls == 1, "%s: the removed callback is not called on signal", name);
	r_after = remove_with(s, &f, &b);
	ok(!r_after && b.calls == 1 && __atomic_load_n(&b.tsk, __ATOMIC_RELAXED) == NULL,
	   "%s: remove after signal returns false", name);
	ok(lock_tickets(&lock) == READ_ONCE(lock.t.owner), "%s: fence->lock is free afterwards", name);
}

static void test_strategy_list_consistent(enum remove_strategy s)
{
	struct dma_fence f;
	spinlock_t lock = __TICKET_SPIN_LOCK_UNLOCKED;
	struct test_cb cb[NR_CBS];
	bool r1, r3, good;
	int i;

	dma_fence_init(&f, NULL, &lock, SPIN_QSPINLOCK, 0);
	for (i = 0; i < NR_CBS; i++) {
		test_cb_init(&cb[i], i);
		dma_fence_add_callback(&f, &cb[i].base, test_cb_func);
	}
	r1 = remove_with(s, &f, &cb[1]);
	r3 = remove_with(s, &f, &cb[3]);
	call_seq = 0;
	signal_as(s, &f);
	good = r1 && r3 &&
	       cb[0].calls == 1 && cb[0].seq == 0 &&
	       cb[1].calls == 0 &&
	       cb[2].calls == 1 && cb[2].seq == 1 &&
	       cb[3].calls == 0 &&
	       cb[4].calls == 1 && cb[4].seq == 2 && call_seq == 3;
	ok(good, "%s: add 5, remove 2nd and 4th, signal: exactly 1,3,5 run, in order",
	   strategies[s].name);
}

static void test_strategy_outcomes(enum remove_strategy s)
{
	static const enum dma_fence_remove_outcome after[REMOVE_NR] = {
		[REMOVE_LOCKED]		= DMA_FENCE_REMOVE_SLOW_MISS,
		[REMOVE_LIST_EMPTY]	= DMA_FENCE_REMOVE_FASTPATH,
		[REMOVE_CAREFUL]		= DMA_FENCE_REMOVE_FASTPATH,
		[REMOVE_CAREFUL_2020]	= DMA_FENCE_REMOVE_FASTPATH,
		[REMOVE_FLAG]		= DMA_FENCE_REMOVE_FASTPATH,
		[REMOVE_FLAG_I915]	= DMA_FENCE_REMOVE_FASTPATH,
		[REMOVE_FLAG_XCHG]	= DMA_FENCE_REMOVE_FASTPATH,
		[REMOVE_FINISH_WAIT]	= DMA_FENCE_REMOVE_FASTPATH,
	};
	struct dma_fence f;
	spinlock_t lock = __TICKET_SPIN_LOCK_UNLOCKED;
	struct test_cb a, b;
	enum dma_fence_remove_outcome o1, o2;
	uint32_t t0, t1;

	dma_fence_init(&f, NULL, &lock, SPIN_QSPINLOCK, 0);
	test_cb_init(&a, 0);
	test_cb_init(&b, 1);
	dma_fence_add_callback(&f, &a.base, test_cb_func);
	dma_fence_add_callback(&f, &b.base, test_cb_func);
	o1 = outcome_with(s, &f, &a.base, &a.tsk);
	ok(o1 == DMA_FENCE_REMOVE_SLOW_HIT, "%s: outcome before signal is SLOW_HIT (got %s)",
	   strategies[s].name, outcome_name(o1));
	signal_as(s, &f);
	t0 = lock_tickets(&lock);
	o2 = outcome_with(s, &f, &b.base, &b.tsk);
	t1 = lock_tickets(&lock);
	ok(o2 == after[s] && b.calls == 1 &&
	   (t1 - t0) == (after[s] == DMA_FENCE_REMOVE_FASTPATH ? 0u : 1u),
	   "%s: outcome after signal is %s (got %s, lock taken %u times)", strategies[s].name,
	   outcome_name(after[s]), outcome_name(o2), t1 - t0);
}

/* flag with a callback that has not (yet) cleared tsk: must go to the lock */
static void test_flag_tsk_set(void)
{
	struct dma_fence f;
	spinlock_t lock = __TICKET_SPIN_LOCK_UNLOCKED;
	struct test_cb a;
	enum dma_fence_remove_outcome o;
	uint32_t t0;

	dma_fence_init(&f, NULL, &lock, SPIN_QSPINLOCK, 0);
	test_cb_init(&a, 0);
	dma_fence_add_callback(&f, &a.base, test_cb_func);
	dma_fence_signal(&f);
	/* as if the signaler were still inside the function */
	__atomic_store_n(&a.tsk, (void *)&a, __ATOMIC_RELAXED);
	t0 = lock_tickets(&lock);
	o = __dma_fence_remove_callback_flag(&f, &a.base, &a.tsk);
	ok(o == DMA_FENCE_REMOVE_SLOW_MISS && lock_tickets(&lock) - t0 == 1,
	   "flag: a signaled callback whose tsk is still set goes to the lock (got %s)",
	   outcome_name(o));
}

/* ------------------------------------------------- who takes the lock */

struct remove_thread {
	enum remove_strategy s;
	struct dma_fence *f;
	struct dma_fence_cb *cb;
	void **tsk;
	bool ret;		/* written by the thread, read after join */
};

static void *remove_thread_fn(void *arg)
{
	struct remove_thread *rt = arg;

	rt->ret = outcome_with(rt->s, rt->f, rt->cb, rt->tsk) == DMA_FENCE_REMOVE_SLOW_HIT;
	return NULL;
}

static int timedjoin(pthread_t th, long ms)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += ms / 1000;
	ts.tv_nsec += (ms % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	return pthread_timedjoin_np(th, NULL, &ts);
}

/* A signaled callback: signal a fence with it, so the node is INIT'd and tsk NULL. */
static void signaled_cb(enum remove_strategy s, struct dma_fence *f, spinlock_t *lock,
			struct test_cb *t)
{
	dma_fence_init(f, NULL, lock, SPIN_QSPINLOCK, 0);
	test_cb_init(t, 0);
	dma_fence_add_callback(f, &t->base, test_cb_func);
	signal_as(s, f);
}

/*
 * A remover on a signaled callback, started while the test holds the
 * fence's lock (tickets t0 taken before it started).
 */
struct held_remove {
	struct dma_fence f;
	spinlock_t lock;
	struct test_cb t;
	struct remove_thread rt;
	pthread_t th;
	uint32_t t0;
};

/* Return: false, the lock released, if the thread could not be started. */
static bool remove_under_held_lock(enum remove_strategy s, struct held_remove *h)
{
	h->lock = (spinlock_t)__TICKET_SPIN_LOCK_UNLOCKED;
	signaled_cb(s, &h->f, &h->lock, &h->t);
	h->rt = (struct remove_thread){ s, &h->f, &h->t.base, &h->t.tsk, true };

	spin_lock(&h->lock);
	h->t0 = lock_tickets(&h->lock);
	if (pthread_create(&h->th, NULL, remove_thread_fn, &h->rt)) {
		spin_unlock(&h->lock);
		return false;
	}
	return true;
}

static void test_lockless_no_lock(enum remove_strategy s)
{
	struct held_remove h;
	int err;

	if (!remove_under_held_lock(s, &h)) {
		ok(0, "%s: pthread_create", strategies[s].name);
		return;
	}
	err = timedjoin(h.th, 2000);
	if (err) {
		/* stuck on the lock: let it go rather than hang */
		spin_unlock(&h.lock);
		pthread_join(h.th, NULL);
		ok(0, "%s: lockless remove of a signaled callback finishes while the lock is held (%s)",
		   strategies[s].name, strerror(err));
		return;
	}
	ok(!h.rt.ret && lock_tickets(&h.lock) == h.t0,
	   "%s: remove of a signaled callback returns false without the lock while it is held",
	   strategies[s].name);
	spin_unlock(&h.lock);
}

static void test_locked_blocks(void)
{
	struct held_remove h;
	int err;

	if (!remove_under_held_lock(REMOVE_LOCKED, &h)) {
		ok(0, "locked: pthread_create");
		ok(0, "locked: pthread_create");
		return;
	}
	/*
	 * Wait until it has taken its ticket: it is then queued behind us.
	 * If it returns without ever taking one, it did not use the lock.
	 */
	err = ETIMEDOUT;
	while (lock_tickets(&h.lock) == h.t0) {
		if (pthread_tryjoin_np(h.th, NULL) == 0) {
			err = 0;
			break;
		}
		spin_relax();
	}
	if (err == ETIMEDOUT)
		err = timedjoin(h.th, 100);
	ok(err == ETIMEDOUT,
	   "locked: remove queues on the held lock and has not returned (%s)", strerror(err));
	spin_unlock(&h.lock);
	if (err == ETIMEDOUT)
		err = pthread_join(h.th, NULL);
	ok(err == 0 && !h.rt.ret && lock_tickets(&h.lock) == READ_ONCE(h.lock.t.owner),
	   "locked: after unlock it completes, returns false and drops the lock");
}

static void test_half_init(void)
{
	/* each form's outcome, and whether it took (and dropped) the lock */
	static const struct {
		enum dma_fence_remove_outcome (*remove)(struct dma_fence *f,
							struct dma_fence_cb *cb);
		enum dma_fence_remove_outcome want;
		bool locks;
		const char *says;
	} forms[] = {
		{ __dma_fence_remove_callback_list_empty, DMA_FENCE_REMOVE_FASTPATH, false,
		  "list_empty strategy returns FASTPATH without the lock" },
		{ __dma_fence_remove_callback_list_empty_careful, DMA_FENCE_REMOVE_SLOW_MISS, true,
		  "list_empty_careful goes to the lock, SLOW_MISS, lock dropped" },
		{ __dma_fence_remove_callback_list_empty_careful_2020, DMA_FENCE_REMOVE_SLOW_MISS, true,
		  "list_empty_careful_2020 goes to the lock, SLOW_MISS" },
	};
	struct dma_fence f;
	spinlock_t lock = __TICKET_SPIN_LOCK_UNLOCKED;
	struct dma_fence_cb cb;
	struct list_head elsewhere;
	enum dma_fence_remove_outcome o;
	uint32_t t0;
	size_t i;

	/* a signaled fence, and a node caught between INIT_LIST_HEAD's stores */
	dma_fence_init(&f, NULL, &lock, SPIN_QSPINLOCK, 0);
	dma_fence_signal(&f);
	INIT_LIST_HEAD(&elsewhere);
	cb.func = test_cb_func;

	for (i = 0; i < ARRAY_SIZE(forms); i++) {
		cb.node.next = &cb.node;
		cb.node.prev = &elsewhere;
		t0 = lock_tickets(&lock);
		o = forms[i].remove(&f, &cb);
		ok(o == forms[i].want && lock_tickets(&lock) == t0 + forms[i].locks &&
		   (!forms[i].locks || READ_ONCE(lock.t.owner) == t0 + 1),
		   "half-initialised node: %s (got %s)", forms[i].says, outcome_name(o));
	}
}

/* ---------------------------------------------------------- spinlock */

static spinlock_t mx_lock = __SPIN_LOCK_UNLOCKED;
static unsigned long mx_counter;	/* plain: only ever touched under mx_lock */

static void *mx_thread(void *arg)
{
	(void)arg;
	for (int i = 0; i < LOCK_ITERS; i++) {
		spin_lock(&mx_lock);
		mx_counter++;
		spin_unlock(&mx_lock);
	}
	return NULL;
}

static void test_spinlock(void)
{
	spinlock_t l;
	pthread_t th[LOCK_THREADS];
	int n = 0, a, b, c;

	spin_lock_init(&l);
	a = spin_trylock(&l);
	b = spin_trylock(&l);
	spin_unlock(&l);
	c = spin_trylock(&l);
	ok(a && !b && c && spin_is_locked(&l),
	   "spin_trylock: succeeds on a free lock, fails on a held one, succeeds after unlock");
	spin_unlock(&l);

	for (int i = 0; i < LOCK_THREADS; i++)
		if (pthread_create(&th[i], NULL, mx_thread, NULL) == 0)
			n++;
		else
			break;
	for (int i = 0; i < n; i++)
		pthread_join(th[i], NULL);
	ok(n == LOCK_THREADS && mx_counter == (unsigned long)LOCK_THREADS * LOCK_ITERS &&
	   !spin_is_locked(&mx_lock),
	   "spin_lock: %d threads x %d increments under the lock give %lu (got %lu)",
	   LOCK_THREADS, LOCK_ITERS, (unsigned long)LOCK_THREADS * LOCK_ITERS, mx_counter);
}

/* ------------------------------------------------------------ stress */

/* The waiter's callback, in the waiter's own stack frame. */
struct stress_cb {
	struct dma_fence_cb base;
	void *tsk;		/* non-NULL until the function's last access */
	unsigned int id;
};

struct stress {
	enum remove_strategy s;
	unsigned int rounds;
	struct dma_fence fences[STRESS_RING];
	spinlock_t locks[STRESS_RING];

	/* signaler -> waiters, release/acquire */
	unsigned int round;		/* round now open */
	unsigned int finished;		/* last round the signaler has closed */

	/* waiter -> signaler, release/acquire on attached/done */
	struct {
		unsigned int attached;	/* last round the callback was added */
		unsigned int done;	/* last round the removal returned */
		unsigned int removed;	/* that removal returned true */
		unsigned int outcome;
		unsigned int add_err;	/* add_callback did not return 0 (cumulative) */
		unsigned int early_hit;	/* early removals that returned true */
		unsigned int early_miss;	/* early removals that lost to the signal */
	} w[STRESS_WAITERS] __cacheline_aligned;

	/* signaler thread only (the callbacks run there) */
	unsigned int invoked[STRESS_WAITERS];
	unsigned long cb_bad;		/* callback saw node not INIT'd or fence unsignaled */
	unsigned long bad_once;		/* invoked + removed != 1 */
	unsigned long bad_both;		/* invoked and removed */
	unsigned long bad_late;		/* removal after seeing SIGNALED returned true */
	unsigned long bad_signal;	/* dma_fence_signal did not return 0 */
	unsigned long bad_fast;		/* FASTPATH from the locked strategy */
	unsigned long nr_invoked, nr_removed;
	unsigned long nr_outcome[3];
};

static struct stress *stress_cur;

struct stress_arg {
	struct stress *st;
	unsigned int id;
};

/* Half of the rounds, per waiter, remove right after attaching. */
static bool stress_early(unsigned int round, unsigned int id)
{
	uint32_t h = (round + 1) * 2654435761u;

	return (h >> (13 + id)) & 1;
}

static unsigned int stress_jitter(unsigned int round, unsigned int id)
{
	uint32_t h = (round + 1) * 2246822519u;

	return (h >> (20 + id)) & 3;
}

static void stress_cb_func(struct dma_fence *fence, struct dma_fence_cb *cb)
{
	struct stress_cb *w = container_of(cb, struct stress_cb, base);
	struct stress *st = stress_cur;

	st->invoked[w->id]++;
	/* dma-fence's order INITs the node before the call; the wait-queue order after it */
	if (list_empty_careful(&cb->node) == (strategies[st->s].signal == SIGNAL_FUNC_FIRST) ||
	    !dma_fence_is_signaled(fence))
		st->cb_bad++;
	smp_store_release(&w->tsk, NULL);
}

static void *stress_waiter(void *arg)
{
	struct stress_arg *a = arg;
	struct stress *st = a->st;
	unsigned int id = a->id;
	struct stress_cb w;

	memset(&w, 0, sizeof(w));
	w.id = id;
	for (unsigned int r = 1; r <= st->rounds; r++) {
		struct dma_fence *f = &st->fences[r % STRESS_RING];
		bool early = stress_early(r, id);
		enum dma_fence_remove_outcome o;

		while (smp_load_acquire(&st->round) != r)
			spin_relax();

		__atomic_store_n(&w.tsk, (void *)&w, __ATOMIC_RELAXED);
		if (dma_fence_add_callback(f, &w.base, stress_cb_func) != 0)
			__atomic_fetch_add(&st->w[id].add_err, 1, __ATOMIC_RELAXED);
		smp_store_release(&st->w[id].attached, r);

		if (early) {
			/* 0-3 yields: let some removals meet the signal */
			for (unsigned int k = stress_jitter(r, id); k; k--)
				spin_relax();
		} else {
			while (!dma_fence_is_signaled(f))
				spin_relax();
		}

		o = outcome_with(st->s, f, &w.base, &w.tsk);
		/* FASTPATH: hands off w until the round is finished */
		if (early && o == DMA_FENCE_REMOVE_SLOW_HIT)
			__atomic_fetch_add(&st->w[id].early_hit, 1, __ATOMIC_RELAXED);
		else if (early)
			__atomic_fetch_add(&st->w[id].early_miss, 1, __ATOMIC_RELAXED);
		__atomic_store_n(&st->w[id].removed, o == DMA_FENCE_REMOVE_SLOW_HIT,
				 __ATOMIC_RELAXED);
		__atomic_store_n(&st->w[id].outcome, (unsigned int)o, __ATOMIC_RELAXED);
		smp_store_release(&st->w[id].done, r);

		while (smp_load_acquire(&st->finished) != r)
			spin_relax();
	}
	return NULL;
}

static void *stress_signaler(void *arg)
{
	struct stress *st = arg;

	for (unsigned int r = 1; r <= st->rounds; r++) {
		struct dma_fence *f = &st->fences[r % STRESS_RING];

		dma_fence_init(f, NULL, &st->locks[r % STRESS_RING], SPIN_QSPINLOCK, 0);
		for (int i = 0; i < STRESS_WAITERS; i++)
			st->invoked[i] = 0;
		smp_store_release(&st->round, r);

		for (int i = 0; i < STRESS_WAITERS; i++)
			while (smp_load_acquire(&st->w[i].attached) != r)
				spin_relax();

		if (signal_as(st->s, f) != 0)
			st->bad_signal++;

		for (int i = 0; i < STRESS_WAITERS; i++) {
			unsigned int inv, rem, o;

			while (smp_load_acquire(&st->w[i].done) != r)
				spin_relax();
			inv = st->invoked[i];
			rem = __atomic_load_n(&st->w[i].removed, __ATOMIC_RELAXED);
			o = __atomic_load_n(&st->w[i].outcome, __ATOMIC_RELAXED);
			if (inv + rem != 1)
				st->bad_once++;
			if (inv && rem)
				st->bad_both++;
			if (!stress_early(r, (unsigned int)i) && rem)
				st->bad_late++;
			if (st->s == REMOVE_LOCKED && o == DMA_FENCE_REMOVE_FASTPATH)
				st->bad_fast++;
			st->nr_invoked += inv;
			st->nr_removed += rem;
			if (o < ARRAY_SIZE(st->nr_outcome))
				st->nr_outcome[o]++;
		}
		smp_store_release(&st->finished, r);
	}
	return NULL;
}

static unsigned int stress_rounds(void)
{
	const char *e = getenv("TEST_FENCE_ROUNDS");
	unsigned long v;

	if (!e || !*e)
		return STRESS_ROUNDS;
	v = strtoul(e, NULL, 0);
	if (v < 2000)
		v = 2000;
	if (v > 10000000)
		v = 10000000;
	return (unsigned int)v;
}

static void test_stress(enum remove_strategy s)
{
	static struct stress st;
	struct stress_arg args[STRESS_WAITERS];
	pthread_t sig, wt[STRESS_WAITERS];
	unsigned long early_hit = 0, early_miss = 0, add_err = 0;
	bool create_ok = true;
	const char *name = strategies[s].name;

	watchdog_arm();
	memset(&st, 0, sizeof(st));
	st.s = s;
	st.rounds = stress_rounds();
	for (int i = 0; i < STRESS_RING; i++) {
		spin_lock_init(&st.locks[i]);
		dma_fence_init(&st.fences[i], NULL, &st.locks[i], SPIN_QSPINLOCK, 0);
	}
	stress_cur = &st;

	for (int i = 0; i < STRESS_WAITERS; i++) {
		args[i] = (struct stress_arg){ &st, (unsigned int)i };
		if (pthread_create(&wt[i], NULL, stress_waiter, &args[i])) {
			create_ok = false;
			break;
		}
	}
	if (create_ok && pthread_create(&sig, NULL, stress_signaler, &st))
		create_ok = false;
	if (!create_ok) {
		/* waiters already started would spin on st forever: stop here */
		printf("Bail out! stress %s: pthread_create failed\n", name);
		fflush(stdout);
		_exit(1);
	}
	pthread_join(sig, NULL);
	for (int i = 0; i < STRESS_WAITERS; i++) {
		pthread_join(wt[i], NULL);
		early_hit += st.w[i].early_hit;
		early_miss += st.w[i].early_miss;
		add_err += st.w[i].add_err;
	}

	diag("stress %s: %u rounds x %d waiters: invoked %lu, removed %lu "
	     "(early removals that lost to the signal: %lu); FASTPATH %lu, SLOW_HIT %lu, SLOW_MISS %lu",
	     name, st.rounds, STRESS_WAITERS, st.nr_invoked, st.nr_removed, early_miss,
	     st.nr_outcome[DMA_FENCE_REMOVE_FASTPATH], st.nr_outcome[DMA_FENCE_REMOVE_SLOW_HIT],
	     st.nr_outcome[DMA_FENCE_REMOVE_SLOW_MISS]);
	ok(st.bad_once == 0 && st.bad_both == 0 &&
	   st.nr_invoked + st.nr_removed == (unsigned long)st.rounds * STRESS_WAITERS,
	   "stress %s: every callback ran or was removed, exactly once, never both "
	   "(bad rounds: %lu, both: %lu)", name, st.bad_once, st.bad_both);
	ok(add_err == 0 && st.bad_signal == 0 && st.cb_bad == 0 && st.bad_late == 0 &&
	   st.bad_fast == 0,
	   "stress %s: add returned 0, signal 0, callbacks saw SIGNALED and the node INIT'd "
	   "(finish_wait: still linked), "
	   "no removal after SIGNALED returned true%s", name,
	   s == REMOVE_LOCKED ? ", no FASTPATH" : "");
	ok(st.nr_removed > 0 && st.nr_invoked > 0 && early_hit == st.nr_removed,
	   "stress %s: both removed and invoked callbacks occurred, all removals early",
	   name);
}

/* ------------------------------------------------- the 2026 forms */

static unsigned long hw_seqno;		/* the "hardware" breadcrumb */

static bool test_hw_signaled(struct dma_fence *fence)
{
	return READ_ONCE(hw_seqno) >= fence->seqno;
}

static const struct dma_fence_ops test_hw_ops = { .signaled = test_hw_signaled };

static void test_inline_lock(void)
{
	struct dma_fence f;
	spinlock_t ext = __TICKET_SPIN_LOCK_UNLOCKED;
	struct test_cb cb;

	ok(sizeof(struct dma_fence) == 64 || sizeof(void *) != 8,
	   "struct dma_fence is 64 bytes on 64-bit: a lock after it starts the next line (got %zu)",
	   sizeof(struct dma_fence));
	dma_fence_init(&f, NULL, &ext, SPIN_TICKET, 1);
	ok(dma_fence_spinlock(&f) == &ext && !test_bit(DMA_FENCE_FLAG_INLINE_LOCK_BIT, &f.flags),
	   "external lock: dma_fence_spinlock() returns it, INLINE_LOCK clear");

	dma_fence_init(&f, NULL, NULL, SPIN_TICKET, 1);
	test_cb_init(&cb, 0);
	dma_fence_add_callback(&f, &cb.base, test_cb_func);
	dma_fence_signal(&f);
	ok(dma_fence_spinlock(&f) == &f.inline_lock &&
	   test_bit(DMA_FENCE_FLAG_INLINE_LOCK_BIT, &f.flags) && READ_ONCE(cb.calls) == 1 &&
	   READ_ONCE(f.inline_lock.t.next) == 2 && !spin_is_locked(&f.inline_lock),
	   "inline lock (v7.1): INLINE_LOCK set, add and signal each took the fence's own "
	   "lock once, callback ran once, lock free afterwards");
}

static void test_check_and_signal(void)
{
	struct dma_fence f, g;
	spinlock_t lock = __TICKET_SPIN_LOCK_UNLOCKED;
	struct test_cb cb;
	bool by_me = false, r1, r2, r3;

	WRITE_ONCE(hw_seqno, 0ul);
	dma_fence_init(&f, &test_hw_ops, &lock, SPIN_TICKET, 7);
	test_cb_init(&cb, 0);
	dma_fence_add_callback(&f, &cb.base, test_cb_func);
	r1 = __dma_fence_is_signaled(&f, &by_me);
	ok(!r1 && !by_me && !dma_fence_test_signaled_flag(&f) && READ_ONCE(cb.calls) == 0,
	   "->signaled false: not signaled, nothing called");
	WRITE_ONCE(hw_seqno, 7ul);
	r2 = __dma_fence_is_signaled(&f, &by_me);
	ok(r2 && by_me && dma_fence_test_signaled_flag(&f) && READ_ONCE(cb.calls) == 1 &&
	   !spin_is_locked(&lock),
	   "hardware done: the checker signals the fence itself, callback called once, lock free");
	by_me = false;
	r3 = __dma_fence_is_signaled(&f, &by_me);
	ok(r3 && !by_me && READ_ONCE(cb.calls) == 1 && dma_fence_signal(&f) == -EINVAL,
	   "signaled already: the next check only reads the bit; a late signal returns -EINVAL");

	dma_fence_init(&g, NULL, &lock, SPIN_TICKET, 8);
	ok(!dma_fence_is_signaled(&g) && (dma_fence_signal(&g), dma_fence_is_signaled(&g)),
	   "no ops: dma_fence_is_signaled() is the bit alone");
}

static void test_flag_forms(void)
{
	struct dma_fence f;
	spinlock_t lock = __TICKET_SPIN_LOCK_UNLOCKED;
	struct test_cb cb;
	int word = 1;
	void *tsk = &word, *a, *b;
	enum dma_fence_remove_outcome o1, o2;

	a = fetch_and_zero_plain(&tsk);
	ok(a == &word && tsk == NULL, "fetch_and_zero_plain returns the old value, leaves NULL");
	tsk = &word;
	b = xchg_zero(&tsk);
	ok(b == &word && tsk == NULL, "xchg_zero returns the old value, leaves NULL");

	dma_fence_init(&f, NULL, &lock, SPIN_TICKET, 1);
	test_cb_init(&cb, 0);
	dma_fence_add_callback(&f, &cb.base, test_cb_func);
	tsk = &word;
	o1 = __dma_fence_remove_callback_flag_once(&f, &cb.base, &tsk);
	tsk = NULL;
	o2 = __dma_fence_remove_callback_flag_once(&f, &cb.base, &tsk);
	ok(o1 == DMA_FENCE_REMOVE_SLOW_HIT && o2 == DMA_FENCE_REMOVE_FASTPATH &&
	   list_empty(&f.cb_list),
	   "flag_i915/flag_xchg removal: word set -> locked removal; NULL -> no lock");
}

static void test_list_v5_8(void)
{
	struct dma_fence f;
	spinlock_t lock = __TICKET_SPIN_LOCK_UNLOCKED;
	struct test_cb cb[2];
	struct list_head h;

	__INIT_LIST_HEAD_v5_8(&h);
	dma_fence_init(&f, NULL, &lock, SPIN_TICKET, 1);
	test_cb_init(&cb[0], 0);
	test_cb_init(&cb[1], 1);
	dma_fence_add_callback(&f, &cb[0].base, test_cb_func);
	dma_fence_add_callback(&f, &cb[1].base, test_cb_func);
	spin_lock(&lock);
	__dma_fence_signal_locked_form(&f, 0, 0, true);
	spin_unlock(&lock);
	ok(h.next == &h && h.prev == &h && __list_empty_careful_v5_8(&cb[0].base.node) &&
	   __list_empty_careful_v5_8(&cb[1].base.node) && cb[0].calls == 1 && cb[1].calls == 1,
	   "2020 INIT_LIST_HEAD: both fields point home; the 2020 signal INITs every node, "
	   "calls each once");
}

/* The wait-queue order: each call sees its node still linked, then it is unlinked. */
static void test_finish_wait_order(void)
{
	struct dma_fence f;
	spinlock_t lock = __TICKET_SPIN_LOCK_UNLOCKED;
	struct test_cb cb[3];
	bool linked = true, home = true, order = true;
	uint32_t t0;
	int i;

	dma_fence_init(&f, NULL, &lock, SPIN_TICKET, 1);
	for (i = 0; i < 3; i++) {
		test_cb_init(&cb[i], i);
		dma_fence_add_callback(&f, &cb[i].base, test_cb_func);
	}
	call_seq = 0;
	signal_as(REMOVE_FINISH_WAIT, &f);
	for (i = 0; i < 3; i++) {
		linked &= !cb[i].saw_node_init && cb[i].calls == 1;
		home &= cb[i].base.node.next == &cb[i].base.node &&
			cb[i].base.node.prev == &cb[i].base.node;
		order &= cb[i].seq == i;
	}
	ok(linked && home && order,
	   "func_first signal: each callback called once, in order, its node still linked "
	   "during the call and pointing home after the signal");
	t0 = lock_tickets(&lock);
	ok(__dma_fence_remove_callback_finish_wait_stamped(&f, &cb[1].base, NULL) ==
	   DMA_FENCE_REMOVE_FASTPATH && lock_tickets(&lock) == t0,
	   "finish_wait after a func_first signal: list_empty_careful() says done, no lock");
}

/* -------------------------------------------------------------- main */

int main(void)
{
	spin_yield = 1;
	signal(SIGALRM, watchdog);
	watchdog_arm();

	tap_plan_tests(129);

	test_init();				/* 1 */
	test_add_signal();			/* 14 */
	test_add_after_signal();		/* 3 */
	test_remove_kernel();			/* 3 */
	for (int s = 0; s < REMOVE_NR; s++)	/* 8 x 4 */
		test_strategy_contracts(s);
	for (int s = 0; s < REMOVE_NR; s++)	/* 8 */
		test_strategy_list_consistent(s);
	for (int s = 0; s < REMOVE_NR; s++)	/* 8 x 2 */
		test_strategy_outcomes(s);
	test_flag_tsk_set();			/* 1 */

	watchdog_arm();
	for (int s = REMOVE_LIST_EMPTY; s < REMOVE_NR; s++)	/* 7 */
		test_lockless_no_lock(s);
	test_locked_blocks();			/* 2 */
	test_half_init();			/* 3 */

	watchdog_arm();
	test_spinlock();			/* 2 */
	test_inline_lock();			/* 3 */
	test_check_and_signal();		/* 4 */
	test_flag_forms();			/* 3 */
	test_list_v5_8();			/* 1 */
	test_finish_wait_order();		/* 2 */

	for (int s = 0; s < REMOVE_NR; s++)	/* 8 x 3 */
		test_stress(s);

	return tap_exit();
}
