/* SPDX-License-Identifier: MIT */
/*
 * topology_private.h - what topology.c discovers, as plan.c and
 * topology_print.c read it.  Only these three files include hwloc.h.
 */
#ifndef FENCEBENCH_TOPOLOGY_PRIVATE_H
#define FENCEBENCH_TOPOLOGY_PRIVATE_H

#include <hwloc.h>

struct topo {
	hwloc_topology_t topo;
	hwloc_bitmap_t usable;		/* allowed PUs within our affinity */
	unsigned int nr_pus;
	int *pu_os;			/* usable PUs' OS indexes, logical order */
	/* per usable PU, same order: what the planner compares */
	int *pu_core;			/* logical index of its core (or -1 - PU) */
	int *pu_llc;			/* logical index of its last-level cache, -1 */
	int *pu_node;			/* logical index of its NUMA node */
	unsigned int *pu_smt;		/* rank among the usable PUs of its core */
	unsigned int nr_nodes;
	int *node_os;			/* NUMA nodes' OS indexes, logical order */
	unsigned int *node_pus;		/* usable PUs per node */
	int *dist;			/* nr_nodes^2 latencies, or NULL */
	const char *llc_name;		/* "L3", "L2", ... or NULL: no caches */
};

/* Logical index of the NUMA node with OS index @os, or -1. */
int topo_node_index(const struct topo *t, int os);

/* Index of a usable PU by OS index, or -1. */
int topo_usable_index(const struct topo *t, int os);

#endif
