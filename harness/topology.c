// SPDX-License-Identifier: MIT
/*
 * topology.c - discovery and allocation: hwloc and libnuma behind a small
 * interface (topology.h); the plan is plan.c's, printing topology_print.c's.
 * hwloc answers "which CPUs, in which caches and nodes"; libnuma allocates;
 * move_pages(2) checks, because numa_alloc_onnode() falls back silently.
 */
#include <errno.h>
#include <inttypes.h>
#include <hwloc.h>
#include <numa.h>
#include <numaif.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parse.h"
#include "topology.h"
#include "topology_private.h"

/* Walk up from a PU to the first object with memory: its first NUMA child. */
static hwloc_obj_t node_of_pu(hwloc_obj_t o)
{
	while (o && !o->memory_arity)
		o = o->parent;
	return o ? o->memory_first_child : NULL;
}

static hwloc_obj_t llc_of_pu(hwloc_obj_t o)
{
	hwloc_obj_t llc = NULL;

	for (; o; o = o->parent)
		if (hwloc_obj_type_is_dcache(o->type) || o->type == HWLOC_OBJ_L1CACHE)
			llc = o;
	return llc;
}

int topo_node_index(const struct topo *t, int os)
{
	unsigned int i;

	for (i = 0; i < t->nr_nodes; i++)
		if (t->node_os[i] == os)
			return (int)i;
	return -1;
}

/* Everything the planner needs, once: O(PUs x depth). */
static int topo_index(struct topo *t)
{
	struct hwloc_distances_s *d[1];
	unsigned int i, nr = 1, prev_core = 0, rank = 0;
	hwloc_obj_t pu = NULL;
	int n, lc;

	n = hwloc_get_nbobjs_by_type(t->topo, HWLOC_OBJ_NUMANODE);
	t->nr_nodes = n > 0 ? (unsigned int)n : 0;
	t->pu_core = calloc(t->nr_pus, sizeof(*t->pu_core));
	t->pu_llc = calloc(t->nr_pus, sizeof(*t->pu_llc));
	t->pu_node = calloc(t->nr_pus, sizeof(*t->pu_node));
	t->pu_smt = calloc(t->nr_pus, sizeof(*t->pu_smt));
	t->node_os = calloc(t->nr_nodes + 1, sizeof(*t->node_os));
	t->node_pus = calloc(t->nr_nodes + 1, sizeof(*t->node_pus));
	if (!t->pu_core || !t->pu_llc || !t->pu_node || !t->pu_smt || !t->node_os ||
	    !t->node_pus)
		return -1;
	for (i = 0; i < t->nr_nodes; i++)
		t->node_os[i] = (int)hwloc_get_obj_by_type(t->topo, HWLOC_OBJ_NUMANODE, i)->os_index;
	for (i = 0; i < t->nr_pus; i++) {
		hwloc_obj_t core, llc, node;

		pu = hwloc_get_next_obj_inside_cpuset_by_type(t->topo, t->usable, HWLOC_OBJ_PU, pu);
		if (!pu)
			return -1;
		core = hwloc_get_ancestor_obj_by_type(t->topo, HWLOC_OBJ_CORE, pu);
		llc = llc_of_pu(pu);
		node = node_of_pu(pu);
		t->pu_core[i] = core ? (int)core->logical_index : -1 - (int)pu->logical_index;
		t->pu_llc[i] = llc ? (int)llc->logical_index : -1;
		if (llc && !t->llc_name)
			t->llc_name = llc->type == HWLOC_OBJ_L3CACHE ? "L3" :
				      llc->type == HWLOC_OBJ_L2CACHE ? "L2" :
				      llc->type == HWLOC_OBJ_L1CACHE ? "L1" : "L4";
		t->pu_node[i] = node ? (int)node->logical_index : 0;
		/* PUs of a core are consecutive in logical order */
		if (i && t->pu_core[i] == (int)prev_core)
			rank++;
		else
			rank = 0;
		prev_core = (unsigned int)t->pu_core[i];
		t->pu_smt[i] = rank;
		if (t->nr_nodes)
			t->node_pus[t->pu_node[i]]++;
	}
	if (!t->nr_nodes) {	/* no NUMA object at all: one node 0 */
		t->nr_nodes = 1;
		t->node_pus[0] = t->nr_pus;
	}
	if (hwloc_distances_get_by_type(t->topo, HWLOC_OBJ_NUMANODE, &nr, d,
					HWLOC_DISTANCES_KIND_MEANS_LATENCY, 0) == 0 && nr == 1) {
		if (d[0]->nbobjs == t->nr_nodes) {
			t->dist = calloc((size_t)t->nr_nodes * t->nr_nodes, sizeof(*t->dist));
			for (i = 0; t->dist && i < d[0]->nbobjs * d[0]->nbobjs; i++) {
				unsigned int a = i / d[0]->nbobjs, b = i % d[0]->nbobjs;
				int la = topo_node_index(t, (int)d[0]->objs[a]->os_index);

				lc = topo_node_index(t, (int)d[0]->objs[b]->os_index);
				if (la >= 0 && lc >= 0)
					t->dist[la * (int)t->nr_nodes + lc] = (int)d[0]->values[i];
			}
		}
		hwloc_distances_release(t->topo, d[0]);
	}
	return 0;
}

enum topo_source { SRC_SYSTEM, SRC_XML, SRC_SYNTHETIC };

static int open_source(struct topo **out, enum topo_source src, const char *arg, char *err,
		       size_t errlen)
{
	struct topo *t = calloc(1, sizeof(*t));
	hwloc_bitmap_t bound;
	hwloc_obj_t pu = NULL;
	unsigned int i = 0;
	int ret = 0;

	if (!t) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (hwloc_topology_init(&t->topo) < 0) {
		snprintf(err, errlen, "hwloc cannot start: %s", strerror(errno));
		free(t);
		return -1;
	}
	/* a programmatic source beats HWLOC_XMLFILE / HWLOC_SYNTHETIC */
	if (src == SRC_XML)
		ret = hwloc_topology_set_xml(t->topo, arg);
	else if (src == SRC_SYNTHETIC)
		ret = hwloc_topology_set_synthetic(t->topo, arg);
	if (ret < 0 || hwloc_topology_load(t->topo) < 0) {
		snprintf(err, errlen, "hwloc cannot load the topology%s%s: %s",
			 arg ? " " : "", arg ? arg : "", strerror(errno));
		hwloc_topology_destroy(t->topo);
		free(t);
		return -1;
	}
	t->usable = hwloc_bitmap_dup(hwloc_topology_get_allowed_cpuset(t->topo));
	bound = hwloc_bitmap_alloc();
	if (!t->usable || !bound) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	/* A fake (XML/synthetic) topology is not this machine: keep all its PUs. */
	if (hwloc_topology_is_thissystem(t->topo) &&
	    hwloc_get_cpubind(t->topo, bound, HWLOC_CPUBIND_PROCESS) == 0)
		hwloc_bitmap_and(t->usable, t->usable, bound);
	hwloc_bitmap_free(bound);
	bound = NULL;

	t->nr_pus = (unsigned int)hwloc_get_nbobjs_inside_cpuset_by_type(t->topo, t->usable,
									 HWLOC_OBJ_PU);
	if (t->nr_pus == 0) {
		snprintf(err, errlen, "no usable CPU in the allowed cpuset");
		goto fail;
	}
	t->pu_os = calloc(t->nr_pus, sizeof(*t->pu_os));
	if (!t->pu_os) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	while ((pu = hwloc_get_next_obj_inside_cpuset_by_type(t->topo, t->usable,
							       HWLOC_OBJ_PU, pu)) && i < t->nr_pus)
		t->pu_os[i++] = (int)pu->os_index;
	if (topo_index(t) < 0) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	*out = t;
	return 0;
fail:
	hwloc_bitmap_free(bound);
	topo_close(t);
	return -1;
}

int topo_open(struct topo **out, char *err, size_t errlen)
{
	return open_source(out, SRC_SYSTEM, NULL, err, errlen);
}

int topo_open_xml(struct topo **out, const char *path, char *err, size_t errlen)
{
	return open_source(out, SRC_XML, path, err, errlen);
}

int topo_open_synthetic(struct topo **out, const char *desc, char *err, size_t errlen)
{
	return open_source(out, SRC_SYNTHETIC, desc, err, errlen);
}

void topo_close(struct topo *t)
{
	if (!t)
		return;
	free(t->pu_os);
	free(t->pu_core);
	free(t->pu_llc);
	free(t->pu_node);
	free(t->pu_smt);
	free(t->node_os);
	free(t->node_pus);
	free(t->dist);
	hwloc_bitmap_free(t->usable);
	hwloc_topology_destroy(t->topo);
	free(t);
}

bool topo_is_thissystem(const struct topo *t)
{
	return hwloc_topology_is_thissystem(t->topo);
}

unsigned int topo_nr_pus(const struct topo *t)
{
	return t->nr_pus;
}

int topo_pu_os(const struct topo *t, unsigned int i)
{
	return i < t->nr_pus ? t->pu_os[i] : -1;
}

int topo_node_of_cpu(const struct topo *t, int os_cpu)
{
	hwloc_obj_t pu, node;

	if (os_cpu < 0)
		return -1;
	pu = hwloc_get_pu_obj_by_os_index(t->topo, (unsigned int)os_cpu);
	node = pu ? node_of_pu(pu) : NULL;
	if (!pu)
		return -1;
	return node ? (int)node->os_index : 0;
}

unsigned int topo_nr_nodes(const struct topo *t)
{
	int n = hwloc_get_nbobjs_by_type(t->topo, HWLOC_OBJ_NUMANODE);

	return n > 0 ? (unsigned int)n : 1;
}

int topo_attr_bind_cpu(const struct topo *t, pthread_attr_t *attr, int os_cpu)
{
	cpu_set_t set;

	(void)t;
	if (os_cpu < 0 || os_cpu >= CPU_SETSIZE)
		return EINVAL;
	CPU_ZERO(&set);
	CPU_SET(os_cpu, &set);
	return pthread_attr_setaffinity_np(attr, sizeof(set), &set);
}

void *topo_alloc_local(size_t size)
{
	void *p;

	if (numa_available() >= 0) {
		p = numa_alloc_local(size);
		if (p)
			memset(p, 0, size);
		return p;
	}
	if (posix_memalign(&p, (size_t)sysconf(_SC_PAGESIZE), size))
		return NULL;
	memset(p, 0, size);
	return p;
}

void *topo_alloc_onnode(size_t size, int node)
{
	void *p;

	if (numa_available() < 0 || node < 0 || node > numa_max_node())
		return topo_alloc_local(size);
	p = numa_alloc_onnode(size, node);
	if (p)
		memset(p, 0, size);	/* first touch: the pages exist from here */
	return p;
}

void topo_free(void *p, size_t size)
{
	if (!p)
		return;
	if (numa_available() >= 0)
		numa_free(p, size);
	else
		free(p);
}

int topo_page_node(const void *p)
{
	void *page = (void *)((uintptr_t)p & ~((uintptr_t)sysconf(_SC_PAGESIZE) - 1));
	int status = -1;

	if (numa_available() < 0)
		return -1;
	if (numa_move_pages(0, 1, &page, NULL, &status, 0) < 0 || status < 0)
		return -1;
	return status;
}

void topo_count(const struct topo *t, struct topo_counts *c)
{
	*c = (struct topo_counts){
		.packages = hwloc_get_nbobjs_by_type(t->topo, HWLOC_OBJ_PACKAGE),
		.nodes = hwloc_get_nbobjs_by_type(t->topo, HWLOC_OBJ_NUMANODE),
		.cores = hwloc_get_nbobjs_by_type(t->topo, HWLOC_OBJ_CORE),
		.pus = hwloc_get_nbobjs_by_type(t->topo, HWLOC_OBJ_PU),
		.usable = t->nr_pus,
	};
}

void topo_counts_describe(const struct topo_counts *c, char *buf, size_t len)
{
	snprintf(buf, len, "%d packages, %d nodes, %d cores, %d PUs (%u usable)",
		 c->packages, c->nodes, c->cores, c->pus, c->usable);
}

void topo_describe(const struct topo *t, char *buf, size_t len)
{
	struct topo_counts c;

	topo_count(t, &c);
	topo_counts_describe(&c, buf, len);
}

int topo_distance(const struct topo *t, int node_a, int node_b)
{
	int a = topo_node_index(t, node_a), b = topo_node_index(t, node_b);

	if (a < 0 || b < 0)
		return -1;
	if (t->dist)
		return t->dist[a * (int)t->nr_nodes + b];
	return a == b ? 10 : -1;
}

/* Index of a usable PU by OS index, or -1. */
int topo_usable_index(const struct topo *t, int os)
{
	unsigned int i;

	for (i = 0; i < t->nr_pus; i++)
		if (t->pu_os[i] == os)
			return (int)i;
	return -1;
}
