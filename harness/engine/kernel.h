/* SPDX-License-Identifier: MIT */
/*
 * kernel.h - fencebench's kernel engine: the same rounds run by
 * fencebench.ko (kmod/) on the kernel's own dma-fence, spinlock_t and
 * kthreads.  Userspace plans (CPUs, fence nodes), the module only binds and
 * measures; its results come back as text (kmod/fbk_main.c describes the
 * format) and become the same result rows as the userspace engine's, with
 * engine "kernel".
 *
 * kernel.c loads, watches and unloads the module, and is the engine
 * engine_kernel (engine.h);
 * kernel_text.c parses its text and builds the rows (no kernel
 * needed, so tests can feed it a transcript).
 */
#ifndef FENCEBENCH_ENGINE_KERNEL_H
#define FENCEBENCH_ENGINE_KERNEL_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "../histogram.h"
#include "../rows.h"

#define KERNEL_MODULE	"fencebench"
#define KERNEL_RING	4	/* the module's fences in flight, as the model's RING */


/**
 * struct kernel_request - what fencebench asks of the module
 * @strategies: comma-separated strategy names, each kernel_has_strategy()
 * @wait: "poll", "callback" or "timeout"
 * @wait_timeout_ns: the timeout of the timeout wait mode
 * @signaler_cpu: the signaler's CPU
 * @waiter_cpus: one CPU per waiter
 * @nr_waiters: number of waiters
 * @fence_nodes: node of each ring slot (cycled)
 * @nr_fence_nodes: number of entries in @fence_nodes
 * @warmup_ns: unmeasured rounds before each run
 * @duration_ns: measured time per run
 * @repeat: repetitions
 * @timeout_ns: a thread that waits this long aborts the run (the watchdog)
 * @stall_round: test hook (FENCEBENCH_TEST_STALL); 0: none
 * @timing: "removal", "none" (no timer in the rounds) or "both"
 */
struct kernel_request {
	const char *strategies;
	const char *timing;
	const char *wait;
	uint64_t wait_timeout_ns;
	int signaler_cpu;
	const int *waiter_cpus;
	unsigned int nr_waiters;
	const int *fence_nodes;
	unsigned int nr_fence_nodes;
	uint64_t warmup_ns, duration_ns;
	unsigned int repeat;
	uint64_t timeout_ns;
	uint64_t stall_round;
};

/* One completed run (a strategy and a repetition), as the module printed it. */
struct kernel_run {
	char strategy[32];
	unsigned int rep;
	uint64_t rounds, measured_cycles, fast, slow_hit, slow_miss;
	uint64_t hazard_prev_store, hazard_func_call, hazard_payload_read,
		 hazard_payload_write;
	uint64_t nivcsw, timer_overhead_cycles, lock_cycles;
	int signaler_cpu;
	char waiter_cpus[512];
	char spin[8];
	bool untimed;		/* timing=none: no timer in its rounds, empty histograms */
	struct hist *fast_h, *slow_h, *signal_h, *wait_h;	/* wait_h: --wait sleep */
};

/**
 * struct kernel_results - everything the module printed
 * @state: "done N/M", "running N/M" or "failed REASON"
 * @failed: @state says failed
 * @tsc_khz: the TSC frequency the module timed with
 * @lock: the spinlock_t underneath: native, paravirt or virt_spin_lock
 * @preempt: the preemption model
 * @fence_nodes: where the ring's fences are, comma-separated
 * @nr: completed runs
 * @run: the runs, in the order they ran
 */
struct kernel_results {
	char state[256];
	bool failed;
	unsigned int tsc_khz;
	char lock[32];
	char preempt[32];
	char fence_nodes[64];
	unsigned int nr;
	struct kernel_run *run;
};

/* Whether the module has strategy @name (its table entry's kernel field). */
bool kernel_has_strategy(const char *name);

/**
 * kernel_engine_run - load the module with @req, wait for it, read, unload
 * @req: the plan and parameters
 * @stop: set by a signal handler: stop the run, keep what completed
 * @out: the results (free with kernel_results_free())
 * @facts: filled with the "# kernel:" line (release, preemption, lock,
 *	clocksource, taint)
 * @factslen: size of @facts
 * @err: a one-line reason on failure
 * @errlen: size of @err
 *
 * Return: 0 when every run completed; 1 on a runtime failure (what is
 * missing: the module, headers, root, lockdown; or the run failed: @out
 * still holds the runs that completed); 2 when the module refused its
 * parameters.
 */
int kernel_engine_run(const struct kernel_request *req, volatile sig_atomic_t *stop,
		      struct kernel_results *out, char *facts, size_t factslen,
		      char *err, size_t errlen);

/* Parses the module's text; 0, or -1 with a reason in @err. */
int kernel_results_parse(FILE *f, struct kernel_results *out, char *err, size_t errlen);
void kernel_results_free(struct kernel_results *kr);

/**
 * kernel_row - the measured part of a result row from one kernel run
 * @kr: the results
 * @i: which run
 * @row: filled: strategy, rep, counts, percentiles, hazards, floor; the
 *	caller adds what the plan and the configuration say
 * @merged: three histograms (all, fast path, slow path), filled, in ns
 *	buckets of cycles as the userspace engine keeps them
 */
void kernel_row(const struct kernel_results *kr, unsigned int i, struct result_row *row,
		struct hist *merged);

#endif
