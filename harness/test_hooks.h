/* SPDX-License-Identifier: MIT */
/*
 * test_hooks.h - the environment variables the test suite uses to make a
 * run misbehave on purpose, so the watchdog and the exactly-once check can
 * be shown to catch it (tests/robust.sh, tests/instrument.sh).
 */
#ifndef FENCEBENCH_TEST_HOOKS_H
#define FENCEBENCH_TEST_HOOKS_H

#include <stdbool.h>
#include <stdint.h>

/* FENCEBENCH_TEST_STALL: where a waiter stops for good, to test the watchdog. */
enum stall { STALL_NONE, STALL_ROUND, STALL_FLOOR, STALL_START, STALL_REP_FLOOR };

struct test_hooks {
	enum stall stall;
	uint64_t stall_round;		/* STALL_ROUND: the round */
	uint64_t miscount_round;	/* waiters misreport this round, UINT64_MAX: never */
	unsigned int move_rep;		/* this repetition's floor moves, 0: none */
	unsigned int move_attempts;	/* ...in its first so many attempts */
};

/* FENCEBENCH_TEST_STALL: the thread stops here for good (the watchdog ends the run). */
void test_hooks_stall(void);

/**
 * test_hooks_read - read FENCEBENCH_TEST_STALL and FENCEBENCH_TEST_MISCOUNT
 * @h: filled; all off when neither variable is set
 */
void test_hooks_read(struct test_hooks *h);

/*
 * FENCEBENCH_TEST_FLOOR_MOVE=REP[:ATTEMPTS]: true when the floor measured
 * after repetition REP (each strategy's, in its first ATTEMPTS attempts,
 * default all) is to read as if the vCPUs had moved far apart during it
 * (row_floor() then makes it 4 x the floor before + 100 ns).
 */
bool test_hooks_floor_moves(const struct test_hooks *h, unsigned int rep, unsigned int attempt);

#endif
