// SPDX-License-Identifier: MIT
/*
 * timer.c - calibrates the cycle counter (cycles.h) against CLOCK_MONOTONIC
 * and measures the timing bracket's own overhead, so that neither is assumed.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

#include "cycles.h"
#include "statistics.h"
#include "timer.h"

static const char *source = CYCLES_SOURCE;
static char notes[96] = "";

int timer_init(char *why, size_t len)
{
	const char *force = getenv("FENCEBENCH_TIMER");

	if (force && *force && strcmp(force, "lfence") && strcmp(force, "auto")) {
		snprintf(why, len, "FENCEBENCH_TIMER: '%s' is not lfence or auto", force);
		return -1;
	}
#if defined(__x86_64__) || defined(__i386__)
	{
		unsigned int a, b, c, d, max;
		bool rdtscp = false, invariant = false;

		max = __get_cpuid_max(0x80000000u, NULL);
		if (max >= 0x80000001u && __get_cpuid(0x80000001u, &a, &b, &c, &d))
			rdtscp = d & (1u << 27);
		if (max >= 0x80000007u && __get_cpuid(0x80000007u, &a, &b, &c, &d))
			invariant = d & (1u << 8);
		cycles_no_rdtscp = !rdtscp || (force && !strcmp(force, "lfence"));
		source = cycles_no_rdtscp ? "lfence;rdtsc" : "rdtsc/rdtscp";
		snprintf(notes, sizeof(notes), "%s%s",
			 invariant ? "invariant TSC" : "TSC not invariant (CPUID): its rate may change",
			 !cycles_no_rdtscp ? "" : rdtscp ? ", rdtscp not used (FENCEBENCH_TIMER=lfence)" :
			 ", no rdtscp (CPUID)");
	}
#endif
	return 0;
}

const char *timer_source(void)
{
	return source;
}

const char *timer_notes(void)
{
	return notes;
}

uint64_t timer_mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/*
 * Counter ticks per ns.  Where the architecture states the frequency
 * (cntfrq_el0 on arm64) that value is used, unless a measurement over @ms
 * disagrees by more than 5%: then firmware (or an emulator) set cntfrq_el0
 * wrongly and the measurement is the better figure.
 */
double timer_calibrate(unsigned int ms)
{
	uint64_t n0, n1, c0, c1, hz = cycles_hz();
	double measured, stated = (double)hz / 1e9;

	if (__builtin_strcmp(CYCLES_SOURCE, "clock_gettime") == 0)
		return 1.0;
	n0 = timer_mono_ns();
	c0 = get_cycles();
	do
		n1 = timer_mono_ns();
	while (n1 - n0 < (uint64_t)ms * 1000000u);
	c1 = get_cycles();
	measured = (double)(c1 - c0) / (double)(n1 - n0);
	if (hz && measured > 0.95 * stated && measured < 1.05 * stated)
		return stated;
	return measured;
}

/* @samples readings, each a bracket's cost or one step of the counter. */
static uint64_t *sample(unsigned int samples, bool step)
{
	uint64_t *d = samples ? malloc(samples * sizeof(*d)) : NULL;
	unsigned int i;

	for (i = 0; d && i < samples; i++) {
		uint64_t t0, t1;

		if (step) {
			t0 = get_cycles();
			while ((t1 = get_cycles()) == t0)
				;
		} else {
			t0 = cycles_start();
			t1 = cycles_end();
		}
		d[i] = t1 - t0;
	}
	return d;
}

void timer_overhead_spread(unsigned int samples, struct spread *out)
{
	uint64_t *d = sample(samples, false);

	stats_spread_u64(d, d ? samples : 0, 1.0, out);
	free(d);
}

uint64_t timer_resolution(unsigned int samples)
{
	uint64_t *d = sample(samples, true), med = d ? stats_median_u64(d, samples) : 0;

	free(d);
	return med;
}
