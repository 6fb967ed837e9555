/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * round.h - what a round of either engine is made of, the one definition
 * shared by the model (bench.c) and the kernel module (kmod/), as
 * hist_bucket.h is: the fences in flight, the round word the signaler
 * publishes, and the poisons a waiter writes into its released frame, so
 * that a hazard counted by value means the same thing in both; and which
 * strategies the module runs.
 *
 * No includes and no libc: each side casts the poisons to its own types.
 */
#ifndef FENCEBENCH_ROUND_H
#define FENCEBENCH_ROUND_H

#define FB_RING			4	/* fences in flight per group */

/* the round word: round << FB_ROUND_SHIFT | FB_ROUND_STOP | FB_ROUND_MEASURE */
#define FB_ROUND_MEASURE	1ull	/* count this round */
#define FB_ROUND_STOP		2ull	/* leave the loop */
#define FB_ROUND_SHIFT		2

/* written into a released frame: the callback's payload, the node's prev, the task */
#define FB_PAYLOAD_POISON	0x5a5a5a5a5a5a5a5aull
#define FB_PREV_POISON		0xdead4eaddead4eadull
#define FB_TSK_POISON		0x6b6b6b6b6b6b6b6bull

/*
 * The strategies fencebench.ko has, in the order of its fbk_strategy_name[]:
 * the module's default "strategies" parameter.  Userspace's table
 * (harness/strategy.c, each entry's kernel field) names the same, in the
 * same order: tests/test_engine_kernel.c checks it.
 */
#define FB_KERNEL_STRATEGIES \
	"locked,list_empty,list_empty_careful,flag,flag_i915,flag_xchg,finish_wait"

#endif
