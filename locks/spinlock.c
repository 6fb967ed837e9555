// SPDX-License-Identifier: MIT
/*
 * spinlock.c - the globals the model headers share: spin_yield (see
 * spin_relax()), cycles.h's choice of timer instruction, and the lock ids,
 * MCS nodes and lock statistics of spinlock.h and locks/qspinlock.h.
 */
#include <stdlib.h>
#include <string.h>

#include "compiler.h"
#include "cycles.h"
#include "spinlock.h"

int spin_yield;

#if defined(__x86_64__) || defined(__i386__)
int cycles_no_rdtscp;
#endif

_Thread_local struct qspinlock_node qspinlock_node;
struct qspinlock_node *qspinlock_nodes[QSPINLOCK_MAX_IDS + 1];
_Thread_local uint32_t spin_lock_self;
_Thread_local struct spin_lock_stat spin_lock_stat;

static uint32_t spin_lock_ids;

uint32_t spin_lock_self_register(void)
{
	uint32_t id = spin_lock_self;

	if (id)
		return id;
	id = __atomic_add_fetch(&spin_lock_ids, 1, __ATOMIC_RELAXED);
	/* a tail has 16 bits: more threads than that over a run is a bug */
	if (id > QSPINLOCK_MAX_IDS)
		abort();
	__atomic_store_n(&qspinlock_nodes[id], &qspinlock_node, __ATOMIC_RELEASE);
	spin_lock_self = id;
	return id;
}

const char *const spin_kind_name[SPIN_NR] = {
	[SPIN_QSPINLOCK]	= "qspinlock",
	[SPIN_TICKET]		= "ticket",
	[SPIN_TTAS]		= "ttas",
	[SPIN_PTHREAD]		= "pthread",
	[SPIN_PVQSPINLOCK]	= "pvqspinlock",
};

int spin_kind_parse(const char *name)
{
	int i;

	for (i = 0; i < SPIN_NR; i++)
		if (!strcmp(name, spin_kind_name[i]))
			return i;
	return -1;
}
