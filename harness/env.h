/* SPDX-License-Identifier: MIT */
/*
 * env.h - what a reader needs to know about the machine a number came from
 * (CPU, kernel, clocksource, cpufreq, SMT, virtualisation, NUMA balancing),
 * and how busy the rest of the machine was while it was measured.
 * Reads /proc and /sys only; anything unreadable is reported as such.
 */
#ifndef FENCEBENCH_ENV_H
#define FENCEBENCH_ENV_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct env_info {
	char cpu_model[128];
	char kernel[200];
	char clocksource[32];
	char governor[32];	/* "n/a" when there is no cpufreq */
	char boost[16];
	char smt[16];
	int hypervisor;		/* cpuid's hypervisor flag: 1, 0, or -1 unknown */
	int numa_balancing;	/* -1 when unreadable */
};

/**
 * env_read - collect the machine facts of struct env_info
 * @e: filled in; fields that cannot be read say "n/a"
 */
void env_read(struct env_info *e);

/**
 * env_warn - one stderr warning per condition that skews the numbers
 * @e: facts from env_read()
 *
 * A cpufreq governor other than "performance", NUMA balancing on, running
 * under a hypervisor.
 */
void env_warn(const struct env_info *e);

/* CPU time of the whole machine, from the first line of /proc/stat. */
struct env_cpu_sample {
	uint64_t busy_ticks;	/* user+nice+system+irq+softirq+steal */
	uint64_t self_ticks;	/* this process: utime+stime */
	uint64_t wall_ns;
	bool valid;
};

void env_cpu_sample(struct env_cpu_sample *s);

/**
 * env_other_load - how much CPU others used between two samples
 * @a: sample before
 * @b: sample after
 *
 * Returns percent of one CPU used by everything but this process (steal
 * included), or -1 when /proc/stat could not be read.
 */
double env_other_load(const struct env_cpu_sample *a, const struct env_cpu_sample *b);

/* Involuntary context switches of the calling thread so far (0: unknown). */
long env_thread_nivcsw(void);

#endif
