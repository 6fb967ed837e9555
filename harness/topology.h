/* SPDX-License-Identifier: MIT */
/*
 * topology.h - where fencebench's threads and memory go: hwloc discovers the
 * machine (and honours HWLOC_XMLFILE / HWLOC_SYNTHETIC for planning tests),
 * libnuma allocates on a node, move_pages(2) says where pages really are.
 * Only topology.c, plan.c and topology_print.c include hwloc.h, and only
 * topology.c numa.h.  The plan itself is in plan.h.
 */
#ifndef FENCEBENCH_TOPOLOGY_H
#define FENCEBENCH_TOPOLOGY_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct topo;

/**
 * topo_open - discover the topology and the CPUs this process may use
 * @out: where to store the new handle
 * @err: buffer for a one-line reason on failure
 * @errlen: size of @err
 *
 * The usable CPUs are the topology's allowed PUs intersected with the
 * process's current affinity, so taskset and numactl compose.
 * Returns 0, or -1 with @err filled in.
 */
int topo_open(struct topo **out, char *err, size_t errlen);

/**
 * topo_open_xml - load a topology from an hwloc XML file (planning only)
 * @out: where to store the new handle
 * @path: XML file, e.g. exported with lstopo --of xml
 * @err: buffer for a one-line reason on failure
 * @errlen: size of @err
 *
 * All the file's allowed PUs are usable; nothing can be bound with it.
 * Returns 0, or -1 with @err filled in.
 */
int topo_open_xml(struct topo **out, const char *path, char *err, size_t errlen);

/**
 * topo_open_synthetic - build a topology from an hwloc synthetic description
 * @out: where to store the new handle
 * @desc: e.g. "pack:2 numa:1 l3:1 core:4 pu:2"
 * @err: buffer for a one-line reason on failure
 * @errlen: size of @err
 *
 * Returns 0, or -1 with @err filled in.
 */
int topo_open_synthetic(struct topo **out, const char *desc, char *err, size_t errlen);
void topo_close(struct topo *t);

/* True when the topology is this machine's (not an XML or synthetic one). */
bool topo_is_thissystem(const struct topo *t);

/* Number of usable PUs, and the OS index of the i-th in hwloc's logical order. */
unsigned int topo_nr_pus(const struct topo *t);
int topo_pu_os(const struct topo *t, unsigned int i);

/* NUMA node (OS index) of a CPU, or -1. */
int topo_node_of_cpu(const struct topo *t, int os_cpu);
unsigned int topo_nr_nodes(const struct topo *t);

/**
 * topo_attr_bind_cpu - make threads created with @attr start on one CPU
 * @t: topology
 * @attr: attributes for pthread_create()
 * @os_cpu: OS index of the CPU
 *
 * Binding before creation means the thread's first instruction, stack and
 * first-touch allocations are already on that CPU's node.
 * Returns 0 or an errno value.
 */
int topo_attr_bind_cpu(const struct topo *t, pthread_attr_t *attr, int os_cpu);

/**
 * topo_alloc_local - zeroed, page-aligned memory on the calling thread's node
 * @size: bytes
 *
 * Call it from the thread that will use the memory, after it is bound.
 * Returns NULL on failure.  Free with topo_free() and the same size.
 */
void *topo_alloc_local(size_t size);
void topo_free(void *p, size_t size);

/**
 * topo_alloc_onnode - zeroed, page-aligned memory meant for one node
 * @size: bytes
 * @node: OS index of the node
 *
 * libnuma falls back to another node without failing: check where the
 * pages are with topo_page_node().  Returns NULL on failure.  Free with
 * topo_free().
 */
void *topo_alloc_onnode(size_t size, int node);

/* The node the page holding @p is on (move_pages query), or -1 if unknown. */
int topo_page_node(const void *p);

/**
 * topo_distance - NUMA distance between two nodes, from hwloc's matrix
 * @t: topology
 * @node_a: OS index of the first node
 * @node_b: OS index of the second node
 *
 * Returns the distance (SLIT-like, 10 = local); 10 for a node to itself
 * when the topology has no matrix; -1 when unknown.
 */
int topo_distance(const struct topo *t, int node_a, int node_b);

/**
 * topo_print_summary - the machine as hwloc sees it, for --topology
 * @t: topology
 * @f: where to print
 *
 * Packages, NUMA nodes with their CPUs and memory, the distance matrix,
 * last-level caches, cores, PUs and the usable (allowed) cpuset.
 */
void topo_print_summary(const struct topo *t, FILE *f);

/**
 * struct topo_counts - the machine in numbers, as hwloc counts it
 * @packages: processor packages
 * @nodes: NUMA nodes
 * @cores: cores
 * @pus: processing units (hardware threads)
 * @usable: PUs this process may run on
 */
struct topo_counts {
	int packages, nodes, cores, pus;
	unsigned int usable;
};

void topo_count(const struct topo *t, struct topo_counts *c);
/* One line: "N packages, N nodes, N cores, N PUs (N usable)". */
void topo_counts_describe(const struct topo_counts *c, char *buf, size_t len);
/* The same for @t. */
void topo_describe(const struct topo *t, char *buf, size_t len);

#endif
