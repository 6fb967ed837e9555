/* SPDX-License-Identifier: MIT */
/*
 * floor.h - the machine's floor: what the fastest removal could cost here.
 */
#ifndef FENCEBENCH_FLOOR_H
#define FENCEBENCH_FLOOR_H

#include <stdint.h>

#include "../spinlock.h"

struct spread;

/*
 * c2clat's ping-pong on @line (in the waiter's memory), run on the
 * signaler's CPU while floor_ping_waiter() runs on the waiter's: stores the
 * one-way transfer (half a round trip) in cycles in @out.
 */
void floor_ping_signaler(uint64_t *line, struct spread *out);
void floor_ping_waiter(uint64_t *line);

/* What the fast path saves at best: the lock taken and dropped, line hot. */
void floor_lock_uncontended(enum spin_kind kind, struct spread *out);

#endif
