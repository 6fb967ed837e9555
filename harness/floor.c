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

#define PING_BATCH	50	/* round trips per timed sample */

/*
 * c2clat's ping-pong on one line in the waiter's memory: the signaler
 * stores an odd sequence number, the waiter answers with the next even one.
 * Adds the one-way transfer (half a round trip) in cycles, over @n, to
 * @mean: waiter @which of @n, the first (0) starts it afresh.
 */
bool floor_ping_signaler(uint64_t *line, unsigned int samples, struct spread *mean,
			 unsigned int which, unsigned int n, const int *stop)
{
	uint64_t sample[FLOOR_SAMPLES_START], seq = 0;
	struct spread one;
	unsigned int i, k;

	if (samples > FLOOR_SAMPLES_START)
		samples = FLOOR_SAMPLES_START;
	for (i = 0; i < samples; i++) {
		uint64_t t0 = cycles_start();

		for (k = 0; k < PING_BATCH; k++) {
			smp_store_release(line, ++seq);
			++seq;
			while (smp_load_acquire(line) != seq) {
				if (READ_ONCE(*stop))
					return false;
				spin_relax();
			}
		}
		sample[i] = cycles_end() - t0;
	}
	stats_spread_u64(sample, samples, 2 * PING_BATCH, &one);
	if (which == 0)
		*mean = (struct spread){ 0, 0, 0 };
	mean->median += one.median / n;
	mean->mean += one.mean / n;
	mean->sd += one.sd / n;
	return true;
}

bool floor_ping_waiter(uint64_t *line, unsigned int samples, const int *stop)
{
	uint64_t seq;

	if (samples > FLOOR_SAMPLES_START)
		samples = FLOOR_SAMPLES_START;
	for (seq = 1; seq < 2ull * samples * PING_BATCH; seq += 2) {
		while (smp_load_acquire(line) != seq) {
			if (READ_ONCE(*stop))
				return false;
			spin_relax();
		}
		smp_store_release(line, seq + 1);
	}
	return true;
}

/* What the fast path saves at best: the lock taken and dropped, line hot. */
void floor_lock_uncontended(enum spin_kind kind, struct spread *out)
{
	uint64_t sample[FLOOR_SAMPLES_START];
	spinlock_t lock;
	unsigned int i, k;

	spin_lock_init_kind(&lock, kind);
	for (i = 0; i < FLOOR_SAMPLES_START; i++) {
		uint64_t t0 = cycles_start();

		for (k = 0; k < 100; k++) {
			spin_lock(&lock);
			spin_unlock(&lock);
		}
		sample[i] = cycles_end() - t0;
	}
	stats_spread_u64(sample, FLOOR_SAMPLES_START, 100, out);
}

/*
 * Two floors stand in different regimes when the larger is more than
 * FLOOR_APART_RATIO times the smaller AND they differ by more than
 * FLOOR_APART_STEPS of the timer's steps: near the floor a step of the
 * timer alone can double a small value, and that is not a move.
 */
bool floor_apart(double a_ns, double b_ns, double step_ns)
{
	double lo = a_ns < b_ns ? a_ns : b_ns, hi = a_ns < b_ns ? b_ns : a_ns;

	if (!(lo > 0) || !(hi > 0))	/* NaN (not measured) or 0: nothing to compare */
		return false;
	return hi > FLOOR_APART_RATIO * lo && hi - lo > FLOOR_APART_STEPS * step_ns;
}
