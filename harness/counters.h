/* SPDX-License-Identifier: MIT */
/*
 * counters.h - hardware performance counters per thread (perf_event_open):
 * cycles, instructions, cache misses and, where the CPU has one that
 * fencebench knows, a cache-to-cache (HITM) load event.  Opened once per
 * waiter thread as one group, enabled around the whole waiter loop, read
 * after it: nothing in the hot loop.  Where the kernel offers no PMU (most
 * VMs: ENOENT; EACCES for non-root with perf_event_paranoid 2; EOPNOTSUPP)
 * counters_probe() says why and no thread opens anything.
 */
#ifndef FENCEBENCH_COUNTERS_H
#define FENCEBENCH_COUNTERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum counter_id {
	CNT_CYCLES,
	CNT_INSTRUCTIONS,
	CNT_CACHE_MISSES,
	CNT_HITM,
	CNT_NR
};

/* One thread's counter group; fd -1 for a counter that is not open. */
struct counters {
	int fd[CNT_NR];
};

/**
 * counters_probe - can this process count cycles, and what else can it count
 * @why: set to the reason when the answer is no, or to what is counted
 * @len: size of @why
 *
 * Opens and closes a cycles counter on the calling thread.  Returns true
 * when hardware counters can be used.
 */
bool counters_probe(char *why, size_t len);

/**
 * counters_wanted - counters_probe() for --counters on; else says they are off
 * @on: --counters on
 * @why: as for counters_probe()
 * @len: size of @why
 *
 * Returns true when hardware counters are to be used.
 */
bool counters_wanted(bool on, char *why, size_t len);

/**
 * counters_init - the calling thread's group: opened when @usable
 * @c: the group; every fd -1 when not usable or not opened
 * @usable: from counters_wanted()
 */
void counters_init(struct counters *c, bool usable);

/**
 * counters_open - open the calling thread's counter group, disabled
 * @c: the group
 *
 * Returns 0, or -errno when even the cycles counter cannot be opened (then
 * every fd is -1).  The other counters are best effort.
 */
int counters_open(struct counters *c);

/**
 * counters_start - reset and enable the group
 * @c: the group, from counters_open()
 */
void counters_start(struct counters *c);

/**
 * counters_stop - disable the group and read it
 * @c: the group
 * @val: the counts; UINT64_MAX for a counter that is not open
 */
void counters_stop(struct counters *c, uint64_t val[CNT_NR]);

/**
 * counters_close - close the group
 * @c: the group
 */
void counters_close(struct counters *c);

/**
 * struct counters_sum - the waiters' counts, summed for a per-call figure
 * @ok: counters were usable at all (counters_probe())
 * @missing: some thread could not count this one
 * @sum: the counts, summed
 * @calls: the calls they cover
 */
struct counters_sum {
	bool ok;
	bool missing[CNT_NR];
	double sum[CNT_NR];
	uint64_t calls;
};

/* Add one thread's counts (UINT64_MAX: not counted) covering @calls calls. */
void counters_add(struct counters_sum *s, const uint64_t val[CNT_NR], uint64_t calls);

/* Counter @k per call, or NAN when it was not counted everywhere. */
double counters_per_call(const struct counters_sum *s, enum counter_id k);

#endif
