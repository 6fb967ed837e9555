// SPDX-License-Identifier: MIT
/*
 * verify.c - placement as it really was, after the threads started: a
 * thread off its planned CPU, or a fence off its planned node, is a
 * runtime failure; otherwise the placement columns of every row are
 * formatted here from what was observed.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "verify.h"

#define MAX_FENCES	64

/* Appends "v" or ";v" to a string built in @buf. */
static void add_item(char *buf, size_t len, size_t *off, int v)
{
	if (*off + 16 < len)
		*off += (size_t)snprintf(buf + *off, len - *off, "%s%d", *off ? ";" : "", v);
}

/* The slots' nodes, ';'-separated, or one number when they are all equal. */
static void format_slots(const int *v, unsigned int n, char *buf, size_t len)
{
	unsigned int i;
	size_t off = 0;
	bool same = true;

	buf[0] = 0;
	for (i = 1; i < n; i++)
		same &= v[i] == v[0];
	for (i = 0; i < (same ? 1 : n); i++)
		add_item(buf, len, &off, v[i]);
}

void verify_format_cpus(const int *cpu, unsigned int n, char *buf, size_t len)
{
	size_t off = 0;
	unsigned int i;

	buf[0] = 0;
	for (i = 0; i < n && off + 12 < len; i++)
		off += (size_t)snprintf(buf + off, len - off, "%s%d", i ? ";" : "", cpu[i]);
}

int verify_placement(const struct topo *t, const struct topo_plan *plan, const int *cpu_seen,
		     const void *const *fence, unsigned int nr_fences, struct placement_cols *pc,
		     char *err, size_t errlen)
{
	int node[MAX_FENCES];
	unsigned int i;

	if (nr_fences > MAX_FENCES)
		nr_fences = MAX_FENCES;
	for (i = 0; i < nr_fences; i++)
		node[i] = topo_page_node(fence[i]);
	return verify_placement_nodes(t, plan, cpu_seen, node, nr_fences, pc, err, errlen);
}

int verify_placement_nodes(const struct topo *t, const struct topo_plan *plan,
			   const int *cpu_seen, const int *fence_node, unsigned int nr_fences,
			   struct placement_cols *pc, char *err, size_t errlen)
{
	bool real = topo_is_thissystem(t);
	unsigned int i, nr_waiters = plan->nr_threads - 1;
	size_t len = (size_t)nr_waiters * 12 + 64, off = 0;
	int actual[MAX_FENCES] = { 0 }, req[MAX_FENCES] = { 0 };

	memset(pc, 0, sizeof(*pc));
	if (nr_fences > MAX_FENCES)
		nr_fences = MAX_FENCES;
	for (i = 0; real && i <= nr_waiters; i++) {
		if (cpu_seen[i] == plan->cpus[i])
			continue;
		if (i)
			snprintf(err, errlen, "waiter %u runs on CPU %d, not the planned CPU %d",
				 i - 1, cpu_seen[i], plan->cpus[i]);
		else
			snprintf(err, errlen, "the signaler runs on CPU %d, not the planned CPU %d",
				 cpu_seen[0], plan->cpus[0]);
		return -1;
	}
	pc->waiter_nodes = malloc(len);
	pc->numa_distance = malloc(len + 64);
	if (!pc->waiter_nodes || !pc->numa_distance) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	pc->signaler_node = real ? topo_node_of_cpu(t, cpu_seen[0]) : plan->nodes[0];
	for (i = 0; i < nr_fences; i++) {
		req[i] = plan->fence_nodes[i % plan->fence_slots];
		actual[i] = fence_node[i];
		if (real && actual[i] >= 0 && actual[i] != req[i]) {
			snprintf(err, errlen, "--fence-node: fence slot %u was asked for node %d and "
				 "landed on node %d", i, req[i], actual[i]);
			return -1;
		}
	}
	format_slots(req, nr_fences, pc->fence_req, sizeof(pc->fence_req));
	format_slots(actual, nr_fences, pc->fence_actual, sizeof(pc->fence_actual));

	/* numa_distance: signaler->fence slot(s) '/' signaler->each waiter */
	for (i = 0; i < nr_fences; i++)
		actual[i] = topo_distance(t, pc->signaler_node,
					  actual[i] >= 0 && real ? actual[i] : req[i]);
	format_slots(actual, nr_fences, pc->numa_distance, len);
	off = strlen(pc->numa_distance);
	pc->numa_distance[off++] = '/';
	pc->numa_distance[off] = 0;
	pc->waiter_nodes[0] = 0;
	for (i = 0; i < nr_waiters; i++) {
		int node = real ? topo_node_of_cpu(t, cpu_seen[1 + i]) : plan->nodes[1 + i];
		size_t o2 = strlen(pc->waiter_nodes);

		add_item(pc->waiter_nodes, len, &o2, node);
		if (off + 16 < len + 64)
			off += (size_t)snprintf(pc->numa_distance + off, len + 64 - off, "%s%d",
						i ? ";" : "", topo_distance(t, pc->signaler_node, node));
	}
	return 0;
}

void verify_free(struct placement_cols *pc)
{
	free(pc->waiter_nodes);
	free(pc->numa_distance);
	pc->waiter_nodes = pc->numa_distance = NULL;
}

void verify_row(const struct placement_cols *pc, struct result_row *row)
{
	row->signaler_node = pc->signaler_node;
	row->waiter_nodes = pc->waiter_nodes;
	row->fence_node_req = pc->fence_req;
	row->fence_node_actual = pc->fence_actual;
	row->numa_distance = pc->numa_distance;
}
