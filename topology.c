// SPDX-License-Identifier: MIT
/*
 * topology.c - hwloc and libnuma behind a small interface (topology.h).
 * hwloc answers "which CPUs, in which caches and nodes"; libnuma allocates;
 * move_pages(2) checks, because numa_alloc_onnode() falls back silently.
 */
#include <errno.h>
#include <hwloc.h>
#include <numa.h>
#include <numaif.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "topology.h"

struct topo {
	hwloc_topology_t topo;
	hwloc_bitmap_t usable;		/* allowed PUs within our affinity */
	unsigned int nr_pus;
	int *pu_os;			/* usable PUs' OS indexes, logical order */
};

int topo_open(struct topo **out, char *err, size_t errlen)
{
	struct topo *t = calloc(1, sizeof(*t));
	hwloc_bitmap_t bound;
	hwloc_obj_t pu = NULL;
	unsigned int i = 0;

	if (!t) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (hwloc_topology_init(&t->topo) < 0 || hwloc_topology_load(t->topo) < 0) {
		snprintf(err, errlen, "hwloc cannot load the topology: %s", strerror(errno));
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
	*out = t;
	return 0;
fail:
	hwloc_bitmap_free(bound);
	topo_close(t);
	return -1;
}

void topo_close(struct topo *t)
{
	if (!t)
		return;
	free(t->pu_os);
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
	hwloc_obj_t pu = hwloc_get_pu_obj_by_os_index(t->topo, (unsigned int)os_cpu);
	hwloc_obj_t node = NULL;

	if (!pu)
		return -1;
	node = hwloc_get_next_obj_covering_cpuset_by_depth(t->topo, pu->cpuset,
							   HWLOC_TYPE_DEPTH_NUMANODE, NULL);
	return node ? (int)node->os_index : -1;
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

void topo_describe(const struct topo *t, char *buf, size_t len)
{
	snprintf(buf, len, "%d packages, %d nodes, %d cores, %d PUs (%u usable)",
		 hwloc_get_nbobjs_by_type(t->topo, HWLOC_OBJ_PACKAGE),
		 hwloc_get_nbobjs_by_type(t->topo, HWLOC_OBJ_NUMANODE),
		 hwloc_get_nbobjs_by_type(t->topo, HWLOC_OBJ_CORE),
		 hwloc_get_nbobjs_by_type(t->topo, HWLOC_OBJ_PU), t->nr_pus);
}
