/* SPDX-License-Identifier: MIT */
/*
 * compiler.h - the kernel's access primitives as C11 atomics, so that the
 * model in list.h and fence.h has no C data races and ThreadSanitizer can
 * check it.  READ_ONCE/WRITE_ONCE are relaxed atomics (a plain mov/ldr/str,
 * like the kernel's volatile accesses); smp_load_acquire/smp_store_release
 * are acquire/release (mov on x86, ldar/stlr on arm64).
 *
 * PLAIN_READ/PLAIN_WRITE mark the places where the kernel uses a plain C
 * access that another CPU may read or write locklessly (list_replace,
 * __list_del, the func load in the signal loop).  They are relaxed atomics
 * too: the same instruction as the kernel's plain access, but defined
 * behaviour in C11.  Keeping them apart keeps the model diffable against
 * the kernel source.
 */
#ifndef FENCEBENCH_COMPILER_H
#define FENCEBENCH_COMPILER_H

#include <sched.h>
#include <stddef.h>

#define READ_ONCE(x)		__atomic_load_n(&(x), __ATOMIC_RELAXED)
#define WRITE_ONCE(x, val)	__atomic_store_n(&(x), (val), __ATOMIC_RELAXED)
#define PLAIN_READ(x)		__atomic_load_n(&(x), __ATOMIC_RELAXED)
#define PLAIN_WRITE(x, val)	__atomic_store_n(&(x), (val), __ATOMIC_RELAXED)
#define smp_load_acquire(p)	__atomic_load_n((p), __ATOMIC_ACQUIRE)
#define smp_store_release(p, v)	__atomic_store_n((p), (v), __ATOMIC_RELEASE)

#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)

#ifndef __always_inline
#define __always_inline		inline __attribute__((__always_inline__))
#endif
#ifndef noinline
#define noinline		__attribute__((__noinline__))
#endif

#define container_of(ptr, type, member) \
	((type *)(void *)((char *)(ptr) - offsetof(type, member)))

/*
 * x86 prefetches 64-byte lines in adjacent pairs: pad to 128 (liburcu).
 * arm64 cores have 64-byte lines (Cortex, Neoverse) or 128-byte ones
 * (Cavium ThunderX, Apple's L2): 128 covers both; the arm64 kernel's
 * ARCH_DMA_MINALIGN is 128 for the same reason.
 */
#if defined(__x86_64__) || defined(__i386__) || defined(__aarch64__)
#define CACHE_PAD		128
#else
#define CACHE_PAD		64
#endif
#define __cacheline_aligned	__attribute__((__aligned__(CACHE_PAD)))

static __always_inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#elif defined(__aarch64__)
	__asm__ __volatile__("yield" ::: "memory");
#else
	__asm__ __volatile__("" ::: "memory");
#endif
}

/*
 * Every spin-wait in the model and the harness calls spin_relax().  When
 * threads outnumber the CPUs they may use, a spinning thread can keep the
 * thread it waits for off its CPU for a whole time slice; spin_yield is then
 * set once before any thread starts and every spin gives the CPU away.
 */
extern int spin_yield;

static __always_inline void spin_relax(void)
{
	if (unlikely(__atomic_load_n(&spin_yield, __ATOMIC_RELAXED)))
		sched_yield();
	else
		cpu_relax();
}

#endif
