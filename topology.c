// SPDX-License-Identifier: MIT
/*
 * topology.c - hwloc and libnuma behind a small interface (topology.h).
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

static int node_index(const struct topo *t, int os)
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
				int la = node_index(t, (int)d[0]->objs[a]->os_index);

				lc = node_index(t, (int)d[0]->objs[b]->os_index);
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

void topo_describe(const struct topo *t, char *buf, size_t len)
{
	snprintf(buf, len, "%d packages, %d nodes, %d cores, %d PUs (%u usable)",
		 hwloc_get_nbobjs_by_type(t->topo, HWLOC_OBJ_PACKAGE),
		 hwloc_get_nbobjs_by_type(t->topo, HWLOC_OBJ_NUMANODE),
		 hwloc_get_nbobjs_by_type(t->topo, HWLOC_OBJ_CORE),
		 hwloc_get_nbobjs_by_type(t->topo, HWLOC_OBJ_PU), t->nr_pus);
}

int topo_distance(const struct topo *t, int node_a, int node_b)
{
	int a = node_index(t, node_a), b = node_index(t, node_b);

	if (a < 0 || b < 0)
		return -1;
	if (t->dist)
		return t->dist[a * (int)t->nr_nodes + b];
	return a == b ? 10 : -1;
}

/* ---- placement plans ---------------------------------------------------- */

/* NUMA nodes with memory. */
static unsigned int topo_mem_nodes(const struct topo *t)
{
	unsigned int k, m = 0;

	for (k = 0; k < t->nr_nodes; k++) {
		hwloc_obj_t o = hwloc_get_obj_by_type(t->topo, HWLOC_OBJ_NUMANODE, k);

		m += o && o->attr->numanode.local_memory;
	}
	return m ? m : 1;
}

static const char *const policy_names[TOPO_POLICY_NR] = {
	[TOPO_COMPACT] = "compact",
	[TOPO_SPREAD] = "spread",
	[TOPO_SMT] = "smt",
	[TOPO_LLC] = "llc",
	[TOPO_NODE] = "node",
	[TOPO_CROSS_NODE] = "cross-node",
	[TOPO_EXPLICIT] = "explicit",
};

const char *topo_policy_name(enum topo_policy p)
{
	return p < TOPO_POLICY_NR ? policy_names[p] : "?";
}

int topo_policy_parse(const char *name)
{
	int i;

	for (i = 0; i < TOPO_EXPLICIT; i++)
		if (!strcmp(name, policy_names[i]))
			return i;
	return -1;
}

/* Index of a usable PU by OS index, or -1. */
static int usable_index(const struct topo *t, int os)
{
	unsigned int i;

	for (i = 0; i < t->nr_pus; i++)
		if (t->pu_os[i] == os)
			return (int)i;
	return -1;
}

/*
 * "0-3,8,10-15:2": OS indexes, ranges with an optional stride.  Each CPU
 * must be usable.  Fills @idx (usable indexes) up to @max entries; returns
 * the count, or -1 with @err set.
 */
static int parse_cpulist_usable(const struct topo *t, const char *opt, const char *s, int *idx,
				unsigned int max, char *err, size_t errlen)
{
	unsigned int n, i;
	char why[128];

	if (parse_cpulist(s, idx, max, &n, why, sizeof(why)) < 0) {
		snprintf(err, errlen, "%s: %s", opt, why);
		return -1;
	}
	for (i = 0; i < n; i++) {
		int u = usable_index(t, idx[i]);

		if (u < 0) {
			char list[256];

			hwloc_bitmap_list_snprintf(list, sizeof(list), t->usable);
			snprintf(err, errlen, "%s: CPU %d is not usable here (usable: %s)", opt,
				 idx[i], list);
			return -1;
		}
		idx[i] = u;
	}
	return (int)n;
}

struct cand {
	unsigned int key[3];
	unsigned int pu;		/* usable index */
};

static int cand_cmp(const void *pa, const void *pb)
{
	const struct cand *a = pa, *b = pb;
	unsigned int i;

	for (i = 0; i < 3; i++)
		if (a->key[i] != b->key[i])
			return a->key[i] < b->key[i] ? -1 : 1;
	return a->pu < b->pu ? -1 : a->pu > b->pu;
}

static unsigned int dist_key(const struct topo *t, int la, int lb)
{
	if (t->dist)
		return (unsigned int)t->dist[la * (int)t->nr_nodes + lb];
	return la == lb ? 10 : 20;
}

/*
 * The waiters' candidates for a relational policy and a signaler on usable
 * PU @s, best first.  Returns how many there are.
 */
static unsigned int candidates(const struct topo *t, enum topo_policy p, unsigned int s,
			       struct cand *c, unsigned int *rank_in_node)
{
	unsigned int i, n = 0;
	bool other_llc = false;

	if (p == TOPO_NODE)	/* does the node have PUs outside our LLC? */
		for (i = 0; i < t->nr_pus; i++)
			if (t->pu_node[i] == t->pu_node[s] && t->pu_llc[i] != t->pu_llc[s])
				other_llc = true;
	for (i = 0; i < t->nr_pus; i++) {
		bool same_core = t->pu_core[i] == t->pu_core[s];
		bool same_llc = t->pu_llc[i] == t->pu_llc[s] && t->pu_llc[s] >= 0;
		bool same_node = t->pu_node[i] == t->pu_node[s];

		if (i == s)
			continue;
		c[n].pu = i;
		c[n].key[0] = 0;
		c[n].key[1] = t->pu_smt[i];
		c[n].key[2] = 0;
		switch (p) {
		case TOPO_SMT:
			if (!same_core)
				continue;
			break;
		case TOPO_LLC:
			if (same_core || !same_llc)
				continue;
			break;
		case TOPO_NODE:
			if (!same_node || same_core || (other_llc && same_llc))
				continue;
			break;
		case TOPO_CROSS_NODE:
			if (same_node)
				continue;
			/* nearest first; cores before siblings; round-robin over nodes */
			c[n].key[0] = dist_key(t, t->pu_node[s], t->pu_node[i]);
			c[n].key[2] = rank_in_node[i] << 8 | (unsigned int)t->pu_node[i];
			break;
		default:
			continue;
		}
		n++;
	}
	qsort(c, n, sizeof(*c), cand_cmp);
	return n;
}

static int plan_relational(const struct topo *t, const struct topo_request *req,
			   struct topo_plan *plan, struct cand *c, unsigned int *rank_in_node,
			   char *err, size_t errlen)
{
	const enum topo_policy p = req->policy;
	unsigned int s, i, best = 0, nodes_with_cpus = 0;
	int best_s = -1;

	for (i = 0; i < t->nr_nodes; i++)
		nodes_with_cpus += t->node_pus[i] > 0;
	if (p == TOPO_CROSS_NODE && nodes_with_cpus < 2) {
		snprintf(err, errlen, "--placement: cross-node needs 2 NUMA nodes with CPUs; "
			 "this machine has %u", nodes_with_cpus);
		return -1;
	}
	if (p == TOPO_LLC && !t->llc_name) {
		snprintf(err, errlen, "--placement: llc needs a cache level; this topology has none");
		return -1;
	}
	/* the first signaler, in logical order, whose group has room for all waiters */
	for (s = 0; s < t->nr_pus; s++) {
		unsigned int n;

		/* only the first PU of each core is a distinct candidate */
		if (t->pu_smt[s])
			continue;
		if (s && p != TOPO_SMT && p != TOPO_LLC &&
		    t->pu_node[s] == t->pu_node[s - 1] && p != TOPO_NODE)
			continue;
		n = candidates(t, p, s, c, rank_in_node);
		if (n > best || best_s < 0) {
			best = n;
			best_s = (int)s;
		}
		if (n >= req->waiters)
			break;
	}
	if (best < req->waiters) {
		static const char *const what[TOPO_POLICY_NR] = {
			[TOPO_SMT] = "SMT siblings of the signaler's core",
			[TOPO_LLC] = "other cores sharing the signaler's last-level cache",
			[TOPO_NODE] = "other cores (other LLCs if any) of the signaler's node",
			[TOPO_CROSS_NODE] = "PUs on nodes other than the signaler's",
		};

		snprintf(err, errlen, "--placement: %s needs %u usable PU%s on %s; this machine "
			 "has at most %u (%u usable PUs on %u cores in %u node%s)", policy_names[p],
			 req->waiters, req->waiters > 1 ? "s" : "", what[p], best, t->nr_pus,
			 (unsigned int)hwloc_get_nbobjs_inside_cpuset_by_type(t->topo, t->usable,
									    HWLOC_OBJ_CORE),
			 nodes_with_cpus, nodes_with_cpus > 1 ? "s" : "");
		return -1;
	}
	candidates(t, p, (unsigned int)best_s, c, rank_in_node);
	plan->cpus[0] = best_s;
	for (i = 0; i < req->waiters; i++)
		plan->cpus[1 + i] = (int)c[i].pu;
	return 0;
}

/*
 * A node without memory (CPUs only) cannot hold the fences: the nearest
 * node with memory does, as the kernel's local allocation would.
 */
static int memory_node_near(const struct topo *t, int os)
{
	hwloc_obj_t o = hwloc_get_numanode_obj_by_os_index(t->topo, (unsigned int)os);
	int best = os, best_d = -1, la = node_index(t, os);
	unsigned int k;

	if (!o || o->attr->numanode.local_memory || la < 0)
		return os;
	for (k = 0; k < t->nr_nodes; k++) {
		hwloc_obj_t m = hwloc_get_obj_by_type(t->topo, HWLOC_OBJ_NUMANODE, k);
		int d = (int)dist_key(t, la, (int)k);

		if (m && m->attr->numanode.local_memory && (best_d < 0 || d < best_d)) {
			best = (int)m->os_index;
			best_d = d;
		}
	}
	return best;
}

int topo_plan(const struct topo *t, const struct topo_request *req, struct topo_plan *plan,
	      char *err, size_t errlen)
{
	unsigned int total = req->waiters + 1, i, nr = t->nr_pus, slots = req->fence_slots;
	unsigned int *rank_in_node = NULL, *seen = NULL;
	struct cand *c = NULL;
	int *sig = NULL, *wait = NULL, ns = 0, nw = 0, ret = -1;

	memset(plan, 0, sizeof(*plan));
	plan->policy = req->signaler_cpus || req->waiter_cpus ? TOPO_EXPLICIT : req->policy;
	if (plan->policy == TOPO_EXPLICIT) {
		sig = calloc(nr + 1, sizeof(*sig));
		wait = calloc(TOPO_MAX_WAITERS + 1, sizeof(*wait));
		if (!sig || !wait) {
			snprintf(err, errlen, "out of memory");
			goto out;
		}
		if (req->signaler_cpus &&
		    (ns = parse_cpulist_usable(t, "--signaler-cpus", req->signaler_cpus, sig, nr + 1,
					err, errlen)) < 0)
			goto out;
		if (req->waiter_cpus &&
		    (nw = parse_cpulist_usable(t, "--waiter-cpus", req->waiter_cpus, wait,
					TOPO_MAX_WAITERS, err, errlen)) < 0)
			goto out;
		if (!req->waiters && !nw) {
			snprintf(err, errlen, "--threads: no waiter");
			goto out;
		}
		if (req->waiters && nw > (int)req->waiters) {
			snprintf(err, errlen, "--waiter-cpus: %d CPUs for %u waiter%s (--threads)",
				 nw, req->waiters, req->waiters > 1 ? "s" : "");
			goto out;
		}
		if (!req->waiters)	/* one waiter per listed CPU */
			total = 1 + (unsigned int)nw;
	}
	plan->nr_threads = total;
	plan->fence_slots = slots ? slots : 1;
	plan->cpus = calloc(total, sizeof(*plan->cpus));
	plan->nodes = calloc(total, sizeof(*plan->nodes));
	plan->fence_nodes = calloc(plan->fence_slots, sizeof(*plan->fence_nodes));
	c = calloc(nr, sizeof(*c));
	rank_in_node = calloc(nr, sizeof(*rank_in_node));
	seen = calloc(t->nr_nodes, sizeof(*seen));
	if (!plan->cpus || !plan->nodes || !plan->fence_nodes || !c || !rank_in_node || !seen) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	for (i = 0; i < nr; i++)	/* cores first: rank of a PU among its node's */
		rank_in_node[i] = seen[t->pu_node[i]]++;

	if (plan->policy == TOPO_EXPLICIT) {
		/* the role without a list takes the PUs the lists left, in order */
		for (i = 0; i < nr && (!ns || (!req->waiter_cpus && nw + 1 < (int)total)); i++) {
			int k;
			bool used = false;

			for (k = 0; k < ns; k++)
				used |= sig[k] == (int)i;
			for (k = 0; k < nw; k++)
				used |= wait[k] == (int)i;
			if (used)
				continue;
			if (!ns)
				sig[ns++] = (int)i;
			else
				wait[nw++] = (int)i;
		}
		if (!ns)		/* the waiters took every PU: share the first */
			sig[ns++] = 0;
		plan->cpus[0] = sig[0];
		for (i = 0; i + 1 < total; i++)
			plan->cpus[1 + i] = nw ? wait[i % (unsigned int)nw] : sig[0];
	} else if (req->policy == TOPO_COMPACT) {
		for (i = 0; i < total; i++)
			plan->cpus[i] = (int)(i % nr);
	} else if (req->policy == TOPO_SPREAD) {
		/* cores before siblings, round-robin over nodes */
		for (i = 0; i < nr; i++) {
			c[i].pu = i;
			c[i].key[0] = t->pu_smt[i];
			c[i].key[1] = rank_in_node[i];
			c[i].key[2] = (unsigned int)t->pu_node[i];
		}
		qsort(c, nr, sizeof(*c), cand_cmp);
		for (i = 0; i < total; i++)
			plan->cpus[i] = (int)c[i % nr].pu;
	} else if (req->policy < TOPO_EXPLICIT) {
		if (plan_relational(t, req, plan, c, rank_in_node, err, errlen) < 0)
			goto out;
	} else {
		snprintf(err, errlen, "--placement: unknown policy");
		goto out;
	}

	/* usable indexes -> OS indexes and nodes; a CPU taken twice oversubscribes */
	memset(rank_in_node, 0, nr * sizeof(*rank_in_node));
	for (i = 0; i < total; i++) {
		int u = plan->cpus[i];

		if (rank_in_node[u]++)
			plan->oversubscribed = true;
		plan->cpus[i] = t->pu_os[u];
		plan->nodes[i] = t->node_os[t->pu_node[u]];
	}

	/* the fences */
	for (i = 0; i < plan->fence_slots; i++) {
		int node = req->fence_node;

		if (node == TOPO_FENCE_SIGNALER) {
			node = memory_node_near(t, plan->nodes[0]);
		} else if (node == TOPO_FENCE_WAITER) {
			node = memory_node_near(t, plan->nodes[total > 1 ? 1 : 0]);
		} else if (node == TOPO_FENCE_INTERLEAVE) {
			unsigned int k, m = 0;

			node = -1;
			for (k = 0; k < t->nr_nodes && node < 0; k++) {
				hwloc_obj_t o = hwloc_get_obj_by_type(t->topo, HWLOC_OBJ_NUMANODE, k);

				if (o && o->attr->numanode.local_memory && m++ == i % topo_mem_nodes(t))
					node = t->node_os[k];
			}
			if (node < 0)
				node = plan->nodes[0];
		} else {
			hwloc_obj_t o = hwloc_get_numanode_obj_by_os_index(t->topo,
									   (unsigned int)node);

			if (!o) {
				snprintf(err, errlen, "--fence-node: node %d does not exist; this "
					 "machine has %u node%s", node, t->nr_nodes,
					 t->nr_nodes > 1 ? "s" : "");
				goto out;
			}
			if (!o->attr->numanode.local_memory) {
				snprintf(err, errlen, "--fence-node: node %d has no memory", node);
				goto out;
			}
		}
		plan->fence_nodes[i] = node;
	}
	ret = 0;
out:
	free(c);
	free(rank_in_node);
	free(seen);
	free(sig);
	free(wait);
	if (ret < 0)
		topo_plan_free(plan);
	return ret;
}

void topo_plan_free(struct topo_plan *plan)
{
	free(plan->cpus);
	free(plan->nodes);
	free(plan->fence_nodes);
	plan->cpus = plan->nodes = plan->fence_nodes = NULL;
}

/* ---- printing ------------------------------------------------------------ */

static void print_mem(FILE *f, uint64_t bytes)
{
	if (bytes >= 10ull << 30)
		fprintf(f, "%" PRIu64 " GiB", bytes >> 30);
	else
		fprintf(f, "%" PRIu64 " MiB", bytes >> 20);
}

void topo_print_summary(const struct topo *t, FILE *f)
{
	hwloc_topology_t h = t->topo;
	char list[1024];
	unsigned int i, j;
	int nllc = 0;

	if (t->llc_name)
		nllc = hwloc_get_nbobjs_by_type(h, !strcmp(t->llc_name, "L3") ? HWLOC_OBJ_L3CACHE :
					       !strcmp(t->llc_name, "L2") ? HWLOC_OBJ_L2CACHE :
					       !strcmp(t->llc_name, "L1") ? HWLOC_OBJ_L1CACHE :
					       HWLOC_OBJ_L4CACHE);
	hwloc_bitmap_list_snprintf(list, sizeof(list), t->usable);
	fprintf(f, "topology: %s\n", topo_is_thissystem(t) ? "this machine" :
		"not this machine (XML or synthetic): planning only, nothing is bound");
	fprintf(f, "  %d packages, %u NUMA nodes, %d %s (last-level cache), %d cores, %d PUs\n",
		hwloc_get_nbobjs_by_type(h, HWLOC_OBJ_PACKAGE), t->nr_nodes, nllc,
		t->llc_name ? t->llc_name : "caches", hwloc_get_nbobjs_by_type(h, HWLOC_OBJ_CORE),
		hwloc_get_nbobjs_by_type(h, HWLOC_OBJ_PU));
	fprintf(f, "  usable PUs (allowed cpuset and affinity): %s (%u)\n", list, t->nr_pus);
	for (i = 0; i < t->nr_nodes; i++) {
		hwloc_obj_t o = hwloc_get_obj_by_type(h, HWLOC_OBJ_NUMANODE, i);
		hwloc_bitmap_t cpus = hwloc_bitmap_alloc();
		unsigned int k;

		if (!o || !cpus) {
			hwloc_bitmap_free(cpus);
			continue;
		}
		for (k = 0; k < t->nr_pus; k++)
			if (t->pu_node[k] == (int)i)
				hwloc_bitmap_set(cpus, (unsigned int)t->pu_os[k]);
		hwloc_bitmap_list_snprintf(list, sizeof(list), cpus);
		hwloc_bitmap_free(cpus);
		fprintf(f, "  node %u: cpus %s, memory ", o->os_index, *list ? list : "none");
		print_mem(f, o->attr->numanode.local_memory);
		fputc('\n', f);
	}
	if (!t->dist) {
		fprintf(f, "  distances: none in the topology\n");
		return;
	}
	fprintf(f, "  distances (hwloc NUMALatency, from row to column):\n      ");
	for (j = 0; j < t->nr_nodes; j++)
		fprintf(f, " %4d", t->node_os[j]);
	fputc('\n', f);
	for (i = 0; i < t->nr_nodes; i++) {
		fprintf(f, "  %4d", t->node_os[i]);
		for (j = 0; j < t->nr_nodes; j++)
			fprintf(f, " %4d", t->dist[i * t->nr_nodes + j]);
		fputc('\n', f);
	}
}

static void print_thread(const struct topo *t, FILE *f, const char *role, int cpu, int node,
			 int sig_node)
{
	int u = usable_index(t, cpu);

	fprintf(f, "  %-10s CPU %d: node %d", role, cpu, node);
	if (u >= 0) {
		if (t->pu_core[u] >= 0)
			fprintf(f, ", core L#%d", t->pu_core[u]);
		if (t->pu_llc[u] >= 0)
			fprintf(f, ", %s L#%d", t->llc_name, t->pu_llc[u]);
	}
	if (sig_node >= 0)
		fprintf(f, ", distance %d", topo_distance(t, sig_node, node));
	fputc('\n', f);
}

void topo_print_plan(const struct topo *t, const struct topo_plan *plan, FILE *f)
{
	unsigned int i;
	char role[32];

	fprintf(f, "plan: placement %s, signaler + %u waiter%s%s\n", topo_policy_name(plan->policy),
		plan->nr_threads - 1, plan->nr_threads > 2 ? "s" : "",
		plan->oversubscribed ? ", oversubscribed (spin-waits yield)" : "");
	print_thread(t, f, "signaler", plan->cpus[0], plan->nodes[0], -1);
	for (i = 1; i < plan->nr_threads; i++) {
		snprintf(role, sizeof(role), "waiter %u", i - 1);
		print_thread(t, f, role, plan->cpus[i], plan->nodes[i], plan->nodes[0]);
	}
	for (i = 0; i < plan->fence_slots; i++)
		fprintf(f, "  fence %-4u on node %d, distance %d from the signaler\n", i,
			plan->fence_nodes[i], topo_distance(t, plan->nodes[0], plan->fence_nodes[i]));
}
