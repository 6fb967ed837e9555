// SPDX-License-Identifier: MIT
/*
 * test_wake.c - the model's own callbacks (harness/waiter_frame.h) called
 * as an unsafe strategy's late call calls them: the signaler loaded func
 * before the waiter let go of its frame, and the waiter reused the frame
 * (poisoned it) before the callback loaded the task to wake.  The kernel
 * would wake a stale pointer there; the model must count the late read and
 * wake nobody, never crash.  Also: a frame still live is woken as the
 * kernel wakes it, and a task already running is not woken again; the
 * spinning waiters' callbacks and the trap a released frame points at.
 */
#include <stdbool.h>
#include <stdint.h>

#include "../harness/waiter_frame.h"
#include "tap.h"

static struct bench_fence bf;
static struct waiter_cb wcb;
static struct bench_task task;

/* A frame as the waiter leaves it; @reused: poisoned as on return from the wait. */
static void frame(bool payload_poisoned, void *tsk)
{
	bf.cbstat.invoked = bf.cbstat.hazard_payload_read = 0;
	wcb.payload = payload_poisoned ? PAYLOAD_POISON : (uintptr_t)&task;
	wcb.tsk = tsk;
}

struct callback {
	const char *name;
	dma_fence_func_t func;
};

/* the spinning waiters' callbacks: they only clear the frame's word */
static const struct callback clearers[] = {
	{ "waiter_wake", waiter_wake },
	{ "waiter_wake_i915", waiter_wake_i915 },
	{ "waiter_wake_xchg", waiter_wake_xchg },
};

static const struct callback sleepers[] = {
	{ "waiter_wake_sleep", waiter_wake_sleep },
	{ "waiter_wake_i915_sleep", waiter_wake_i915_sleep },
	{ "waiter_wake_xchg_sleep", waiter_wake_xchg_sleep },
};

int main(void)
{
	unsigned int i;

	tap_plan_tests(2 * 3 + 1 + 5 * 3);
	for (i = 0; i < sizeof(clearers) / sizeof(clearers[0]); i++) {
		frame(false, &task);
		clearers[i].func(&bf.base, &wcb.cb);
		ok(!wcb.tsk && bf.cbstat.invoked == 1 && !bf.cbstat.hazard_payload_read,
		   "%s: a live frame's word is cleared, no hazard", clearers[i].name);
		frame(true, TSK_POISON);
		clearers[i].func(&bf.base, &wcb.cb);
		ok(bf.cbstat.hazard_payload_read == 1, "%s: a reused frame's payload is a counted late read",
		   clearers[i].name);
	}
	/* what a released frame's func slot points at: it counts and touches nothing */
	frame(true, TSK_POISON);
	bf.cbstat.hazard_func_call = 0;
	waiter_trap(&bf.base, &wcb.cb);
	ok(bf.cbstat.hazard_func_call == 1 && wcb.tsk == TSK_POISON && !bf.cbstat.hazard_payload_read,
	   "waiter_trap: a call through a released frame is counted, the frame untouched");
	for (i = 0; i < sizeof(sleepers) / sizeof(sleepers[0]); i++) {
		const char *n = sleepers[i].name;

		/* live: the task is woken (its state made running), the frame let go */
		frame(false, &task);
		task.state = TASK_INTERRUPTIBLE;
		sleepers[i].func(&bf.base, &wcb.cb);
		ok(task.state == TASK_RUNNING && !wcb.tsk && bf.cbstat.invoked == 1 &&
		   !bf.cbstat.hazard_payload_read, "%s: a live frame's task is woken, no hazard", n);

		/* a running task: no second wake, the state stays */
		frame(false, &task);
		task.state = TASK_RUNNING;
		sleepers[i].func(&bf.base, &wcb.cb);
		ok(task.state == TASK_RUNNING && !bf.cbstat.hazard_payload_read,
		   "%s: a running task is left running", n);

		/* reused between the call and the task's load: poisoned task, payload not yet */
		frame(false, TSK_POISON);
		sleepers[i].func(&bf.base, &wcb.cb);
		ok(bf.cbstat.hazard_payload_read == 1 && bf.cbstat.invoked == 1,
		   "%s: a poisoned task is a counted late read, no wake, no crash", n);

		/* reused before the call: both poisoned, one late read counted, not two */
		frame(true, TSK_POISON);
		sleepers[i].func(&bf.base, &wcb.cb);
		ok(bf.cbstat.hazard_payload_read == 1, "%s: a reused frame counts once", n);

		/* a task already taken (NULL): nobody is woken */
		frame(false, NULL);
		task.state = TASK_INTERRUPTIBLE;
		sleepers[i].func(&bf.base, &wcb.cb);
		ok(task.state == TASK_INTERRUPTIBLE && bf.cbstat.hazard_payload_read == 1,
		   "%s: a NULL task is a counted late read, no wake", n);
	}
	return tap_exit();
}
