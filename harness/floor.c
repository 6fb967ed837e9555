// SPDX-License-Identifier: MIT
/*
 * floor.c - the machine's floor, measured on the CPUs of a run before it:
 * the one-way line transfer between the signaler's and a waiter's CPU, and
 * the cost of an uncontended lock and unlock.
 */
#include <stdint.h>

#include "../compiler.h"
#include "../cycles.h"
#include "../spinlock.h"
#include "floor.h"
#include "statistics.h"

#define PING_SAMPLES	101
#define PING_BATCH	50	/* round trips per timed sample */

/*
 * c2clat's ping-pong on one line in the waiter's memory: the signaler
 * stores an odd sequence number, the waiter answers with the next even one.
 * Stores the one-way transfer (half a round trip) in cycles in @out.
 */
void floor_ping_signaler(uint64_t *line, struct spread *out)
{
	uint64_t sample[PING_SAMPLES], seq = 0;
	unsigned int i, k;

	for (i = 0; i < PING_SAMPLES; i++) {
		uint64_t t0 = cycles_start();

		for (k = 0; k < PING_BATCH; k++) {
			smp_store_release(line, ++seq);
			++seq;
			while (smp_load_acquire(line) != seq)
				spin_relax();
		}
		sample[i] = cycles_end() - t0;
	}
	stats_spread_u64(sample, PING_SAMPLES, 2 * PING_BATCH, out);
}

void floor_ping_waiter(uint64_t *line)
{
	uint64_t seq;

	for (seq = 1; seq < 2ull * PING_SAMPLES * PING_BATCH; seq += 2) {
		while (smp_load_acquire(line) != seq)
			spin_relax();
		smp_store_release(line, seq + 1);
	}
}

/* What the fast path saves at best: the lock taken and dropped, line hot. */
void floor_lock_uncontended(enum spin_kind kind, struct spread *out)
{
	uint64_t sample[PING_SAMPLES];
	spinlock_t lock;
	unsigned int i, k;

	spin_lock_init_kind(&lock, kind);
	for (i = 0; i < PING_SAMPLES; i++) {
		uint64_t t0 = cycles_start();

		for (k = 0; k < 100; k++) {
			spin_lock(&lock);
			spin_unlock(&lock);
		}
		sample[i] = cycles_end() - t0;
	}
	stats_spread_u64(sample, PING_SAMPLES, 100, out);
}
