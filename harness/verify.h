/* SPDX-License-Identifier: MIT */
/*
 * verify.h - placement as it really was: every thread checked the CPU it
 * started on, move_pages(2) says where each fence slot landed, and the
 * row's placement columns are formatted from that, not from the plan.
 */
#ifndef FENCEBENCH_VERIFY_H
#define FENCEBENCH_VERIFY_H

#include <stddef.h>

#include "plan.h"
#include "rows.h"
#include "topology.h"

/**
 * struct placement_cols - the row's placement columns
 * @waiter_nodes: the waiters' nodes, ';'-separated
 * @numa_distance: "FENCE/W1;W2..." distances from the signaler's node
 * @fence_req: each fence slot's planned node (one number when all agree)
 * @fence_actual: where move_pages found them
 * @signaler_node: node of the signaler's CPU
 */
struct placement_cols {
	char *waiter_nodes, *numa_distance;
	char fence_req[64], fence_actual[64];
	int signaler_node;
};

/**
 * verify_placement - check a started run against its plan
 * @t: topology (a fake one checks nothing: its CPUs are not this machine's)
 * @plan: the plan
 * @cpu_seen: the CPU each thread found itself on, [0] signaler, then waiters
 * @fence: the fence slots' memory
 * @nr_fences: how many slots
 * @pc: filled in; release with verify_free()
 * @err: a one-line reason when a thread or a fence is not where planned
 * @errlen: size of @err
 *
 * Returns 0, or -1 (a runtime failure: the caller exits 1).
 */
int verify_placement(const struct topo *t, const struct topo_plan *plan, const int *cpu_seen,
		     const void *const *fence, unsigned int nr_fences, struct placement_cols *pc,
		     char *err, size_t errlen);

/*
 * The same, from the nodes the fences were found on (-1: unknown), for
 * fences in memory this process cannot see: the kernel engine's.
 */
int verify_placement_nodes(const struct topo *t, const struct topo_plan *plan,
			   const int *cpu_seen, const int *fence_node, unsigned int nr_fences,
			   struct placement_cols *pc, char *err, size_t errlen);

void verify_free(struct placement_cols *pc);

/* Copy the placement columns into a row (the strings stay @pc's). */
void verify_row(const struct placement_cols *pc, struct result_row *row);

/* "3;5;7": the CPUs, ';'-separated, as the waiter_cpus column has them. */
void verify_format_cpus(const int *cpu, unsigned int n, char *buf, size_t len);

#endif
