/* SPDX-License-Identifier: MIT */
/*
 * cycles.h - the cycle counter, chosen at compile time: rdtsc on x86,
 * cntvct_el0 on arm64, CLOCK_MONOTONIC elsewhere.  get_cycles() is the
 * kernel's name for an unordered read (used by the model for the fence
 * timestamp and for injected stalls); cycles_start()/cycles_end() bracket a
 * timed region so that the region's loads and stores can neither move out
 * of it nor be overlapped by the counter reads.  cycles_hz() is the
 * frequency the architecture states (cntfrq_el0 on arm64), 0 where it
 * states none (x86's TSC).  timer.c calibrates the counter against
 * CLOCK_MONOTONIC and measures the bracket's own cost.
 *
 * x86: rdtscp is not everywhere (qemu's default qemu64 and libvirt's kvm64
 * CPU models lack it, and some hypervisors hide it from CPUID), so
 * timer_init() asks CPUID once and, without it, cycles_end() uses
 * lfence; rdtsc instead.  Every x86-64 CPU has rdtsc.
 */
#ifndef FENCEBENCH_CYCLES_H
#define FENCEBENCH_CYCLES_H

#include <stdint.h>
#include <time.h>

#if defined(__x86_64__) || defined(__i386__)
#define CYCLES_SOURCE "rdtsc"

/* Set once by timer_init() before any thread starts: no rdtscp here. */
extern int cycles_no_rdtscp;

static inline uint64_t cycles_hz(void)
{
	return 0;
}

static inline uint64_t get_cycles(void)
{
	return __builtin_ia32_rdtsc();
}

/* lfence before rdtsc: earlier instructions have completed (AMD and Intel
 * both make lfence dispatch-serialising under Linux). */
static inline uint64_t cycles_start(void)
{
	uint64_t t;

	__builtin_ia32_lfence();
	t = __builtin_ia32_rdtsc();
	__builtin_ia32_lfence();
	return t;
}

/*
 * rdtscp waits for earlier loads; lfence keeps later work out.  Without
 * rdtscp, a leading lfence makes rdtsc wait for earlier instructions too.
 */
static inline uint64_t cycles_end(void)
{
	unsigned int aux;
	uint64_t t;

	if (__builtin_expect(__atomic_load_n(&cycles_no_rdtscp, __ATOMIC_RELAXED), 0)) {
		__builtin_ia32_lfence();
		t = __builtin_ia32_rdtsc();
	} else {
		t = __builtin_ia32_rdtscp(&aux);
	}
	__builtin_ia32_lfence();
	return t;
}
#elif defined(__aarch64__)
#define CYCLES_SOURCE "cntvct_el0"
/* Set by firmware for the generic timer; fixed while the system runs. */
static inline uint64_t cycles_hz(void)
{
	uint64_t f;

	__asm__ __volatile__("mrs %0, cntfrq_el0" : "=r"(f));
	return f;
}

static inline uint64_t get_cycles(void)
{
	uint64_t t;

	__asm__ __volatile__("mrs %0, cntvct_el0" : "=r"(t));
	return t;
}

static inline uint64_t cycles_start(void)
{
	uint64_t t;

	__asm__ __volatile__("isb; mrs %0, cntvct_el0; isb" : "=r"(t) :: "memory");
	return t;
}

static inline uint64_t cycles_end(void)
{
	uint64_t t;

	__asm__ __volatile__("dsb ish; isb; mrs %0, cntvct_el0; isb" : "=r"(t) :: "memory");
	return t;
}
#else
#define CYCLES_SOURCE "clock_gettime"
static inline uint64_t cycles_hz(void)
{
	return 1000000000u;
}

static inline uint64_t get_cycles(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static inline uint64_t cycles_start(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return get_cycles();
}

static inline uint64_t cycles_end(void)
{
	uint64_t t = get_cycles();

	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return t;
}
#endif


/*
 * A --trace stamp: read once every earlier instruction has completed and
 * earlier loads have their values (rdtscp, or lfence first; dsb ish on
 * arm64), and before any later instruction starts.  cycles_end() is that.
 */
static inline uint64_t cycles_stamp(void)
{
	return cycles_end();
}

#endif
