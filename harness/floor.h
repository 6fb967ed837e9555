/* SPDX-License-Identifier: MIT */
/*
 * floor.h - the machine's floor: what the fastest removal could cost here.
 */
#ifndef FENCEBENCH_FLOOR_H
#define FENCEBENCH_FLOOR_H

#include <stdbool.h>
#include <stdint.h>

#include "../spinlock.h"

struct spread;

/*
 * Samples of 50 round trips each: the floor before the first repetition,
 * and the shorter one right after every run, which is also the floor right
 * before the next (docs/instrument.md, "The floor of each repetition",
 * measures its cost).
 */
#define FLOOR_SAMPLES_START	101
#define FLOOR_SAMPLES_REP	11

/*
 * c2clat's ping-pong on @line (in the waiter's memory), run on the
 * signaler's CPU while floor_ping_waiter() runs on the waiter's, both with
 * the same @samples (at most FLOOR_SAMPLES_START): the one-way transfer
 * (half a round trip) in cycles, median, mean and sd, for waiter @which of
 * @n, divided by @n and added to @mean (@which == 0 zeroes it first).
 * Both return false, @mean untouched, as soon as *@stop is set (a fatal
 * signal): the other side may already have stopped, so neither waits.
 */
bool floor_ping_signaler(uint64_t *line, unsigned int samples, struct spread *mean,
			 unsigned int which, unsigned int n, const int *stop);
bool floor_ping_waiter(uint64_t *line, unsigned int samples, const int *stop);

/*
 * Floors in different regimes: more than 2x apart and more than two timer
 * steps (@step_ns) apart.  A repetition whose floor after it is apart from
 * the floor before it has moved; --report never pools repetitions whose
 * floors are apart.  False when either is not measured (NaN).
 */
#define FLOOR_APART_RATIO	2.0
#define FLOOR_APART_STEPS	2.0
bool floor_apart(double a_ns, double b_ns, double step_ns);

/* What the fast path saves at best: the lock taken and dropped, line hot. */
void floor_lock_uncontended(enum spin_kind kind, struct spread *out);

#endif
