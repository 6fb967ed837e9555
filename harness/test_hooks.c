// SPDX-License-Identifier: MIT
/*
 * test_hooks.c - the test suite's ways to make a run misbehave on purpose.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test_hooks.h"

/*
 * FENCEBENCH_TEST_STALL: a round number, "floor", "start" or "rep-floor" (the
 * floor after the first run: until a fatal signal; tests/robust.sh).
 * FENCEBENCH_TEST_MISCOUNT=ROUND: every waiter misreports, in that round,
 * whether it removed its callback; the exactly-once check must catch it in
 * the timed and the untimed loops alike (tests/instrument.sh).
 * FENCEBENCH_TEST_FLOOR_MOVE=REP[:ATTEMPTS]: test_hooks_floor_moves().
 */
void test_hooks_read(struct test_hooks *h)
{
	const char *v = getenv("FENCEBENCH_TEST_MISCOUNT");
	char *end = NULL;

	h->stall = STALL_NONE;
	h->stall_round = 0;
	h->miscount_round = v ? strtoull(v, NULL, 10) : UINT64_MAX;
	v = getenv("FENCEBENCH_TEST_FLOOR_MOVE");
	h->move_rep = v ? (unsigned int)strtoul(v, &end, 10) : 0;
	h->move_attempts = v && *end == ':' ? (unsigned int)strtoul(end + 1, NULL, 10) : UINT_MAX;
	v = getenv("FENCEBENCH_TEST_STALL");
	if (!v)
		return;
	h->stall = !strcmp(v, "floor") ? STALL_FLOOR :
		   !strcmp(v, "start") ? STALL_START :
		   !strcmp(v, "rep-floor") ? STALL_REP_FLOOR : STALL_ROUND;
	h->stall_round = strtoull(v, NULL, 10);	/* used for STALL_ROUND only */
}

bool test_hooks_floor_moves(const struct test_hooks *h, unsigned int rep, unsigned int attempt)
{
	return rep && rep == h->move_rep && attempt < h->move_attempts;
}

void test_hooks_stall(void)
{
	for (;;)
		sleep(1);
}
