// SPDX-License-Identifier: MIT
/*
 * plan.c - where every thread and every fence slot goes: placement
 * policies named after topology levels (never CPU arithmetic), explicit
 * CPU lists, and the fences' nodes.  A pure function of the discovered
 * topology and the request; nothing is bound or allocated here.
 */
#include <hwloc.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "plan.h"
#include "topology_private.h"

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
		int u = topo_usable_index(t, idx[i]);

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
	int best = os, best_d = -1, la = topo_node_index(t, os);
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

/* Scratch space of one topo_plan() call. */
struct plan_work {
	struct cand *c;			/* candidates, one per usable PU */
	unsigned int *rank_in_node;	/* a PU's rank among its node's, cores first */
	int *sig, *wait;		/* explicit lists, as usable indexes */
	int ns, nw;
};

/* --signaler-cpus and --waiter-cpus as usable indexes; the thread count they imply. */
static int plan_parse_lists(const struct topo *t, const struct topo_request *req,
			    struct plan_work *pw, unsigned int *total, char *err, size_t errlen)
{
	unsigned int nr = t->nr_pus;

	pw->sig = calloc(nr + 1, sizeof(*pw->sig));
	pw->wait = calloc(TOPO_MAX_WAITERS + 1, sizeof(*pw->wait));
	if (!pw->sig || !pw->wait) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (req->signaler_cpus &&
	    (pw->ns = parse_cpulist_usable(t, "--signaler-cpus", req->signaler_cpus, pw->sig,
					   nr + 1, err, errlen)) < 0)
		return -1;
	if (req->waiter_cpus &&
	    (pw->nw = parse_cpulist_usable(t, "--waiter-cpus", req->waiter_cpus, pw->wait,
					   TOPO_MAX_WAITERS, err, errlen)) < 0)
		return -1;
	if (!req->waiters && !pw->nw) {
		snprintf(err, errlen, "--threads: no waiter");
		return -1;
	}
	if (req->waiters && pw->nw > (int)req->waiters) {
		snprintf(err, errlen, "--waiter-cpus: %d CPUs for %u waiter%s (--threads)",
			 pw->nw, req->waiters, req->waiters > 1 ? "s" : "");
		return -1;
	}
	if (!req->waiters)	/* one waiter per listed CPU */
		*total = 1 + (unsigned int)pw->nw;
	return 0;
}

static int plan_alloc(const struct topo *t, struct topo_plan *plan, struct plan_work *pw,
		      unsigned int total, unsigned int slots, char *err, size_t errlen)
{
	unsigned int i, nr = t->nr_pus, *seen;

	plan->nr_threads = total;
	plan->fence_slots = slots ? slots : 1;
	plan->cpus = calloc(total, sizeof(*plan->cpus));
	plan->nodes = calloc(total, sizeof(*plan->nodes));
	plan->fence_nodes = calloc(plan->fence_slots, sizeof(*plan->fence_nodes));
	pw->c = calloc(nr, sizeof(*pw->c));
	pw->rank_in_node = calloc(nr, sizeof(*pw->rank_in_node));
	seen = calloc(t->nr_nodes, sizeof(*seen));
	if (!plan->cpus || !plan->nodes || !plan->fence_nodes || !pw->c || !pw->rank_in_node ||
	    !seen) {
		free(seen);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (i = 0; i < nr; i++)	/* cores first: rank of a PU among its node's */
		pw->rank_in_node[i] = seen[t->pu_node[i]]++;
	free(seen);
	return 0;
}

/* Explicit lists: the role without a list takes the PUs the lists left, in order. */
static void plan_explicit(const struct topo *t, const struct topo_request *req,
			  struct topo_plan *plan, struct plan_work *pw)
{
	unsigned int i, nr = t->nr_pus, total = plan->nr_threads;
	int *sig = pw->sig, *wait = pw->wait;

	for (i = 0; i < nr && (!pw->ns || (!req->waiter_cpus && pw->nw + 1 < (int)total)); i++) {
		int k;
		bool used = false;

		for (k = 0; k < pw->ns; k++)
			used |= sig[k] == (int)i;
		for (k = 0; k < pw->nw; k++)
			used |= wait[k] == (int)i;
		if (used)
			continue;
		if (!pw->ns)
			sig[pw->ns++] = (int)i;
		else
			wait[pw->nw++] = (int)i;
	}
	if (!pw->ns)		/* the waiters took every PU: share the first */
		sig[pw->ns++] = 0;
	plan->cpus[0] = sig[0];
	for (i = 0; i + 1 < total; i++)
		plan->cpus[1 + i] = pw->nw ? wait[i % (unsigned int)pw->nw] : sig[0];
}

/* compact: round-robin over the usable PUs in logical order, signaler first. */
static void plan_compact(const struct topo *t, struct topo_plan *plan)
{
	unsigned int i;

	for (i = 0; i < plan->nr_threads; i++)
		plan->cpus[i] = (int)(i % t->nr_pus);
}

/* spread: cores before siblings, round-robin over nodes. */
static void plan_spread(const struct topo *t, struct topo_plan *plan, struct plan_work *pw)
{
	unsigned int i, nr = t->nr_pus;
	struct cand *c = pw->c;

	for (i = 0; i < nr; i++) {
		c[i].pu = i;
		c[i].key[0] = t->pu_smt[i];
		c[i].key[1] = pw->rank_in_node[i];
		c[i].key[2] = (unsigned int)t->pu_node[i];
	}
	qsort(c, nr, sizeof(*c), cand_cmp);
	for (i = 0; i < plan->nr_threads; i++)
		plan->cpus[i] = (int)c[i % nr].pu;
}

/* Usable indexes -> OS indexes and nodes; a CPU taken twice oversubscribes. */
static void plan_to_os(const struct topo *t, struct topo_plan *plan, unsigned int *taken)
{
	unsigned int i;

	memset(taken, 0, t->nr_pus * sizeof(*taken));
	for (i = 0; i < plan->nr_threads; i++) {
		int u = plan->cpus[i];

		if (taken[u]++)
			plan->oversubscribed = true;
		plan->cpus[i] = t->pu_os[u];
		plan->nodes[i] = t->node_os[t->pu_node[u]];
	}
}

/* The node of each fence slot, as --fence-node asks. */
static int plan_fences(const struct topo *t, const struct topo_request *req,
		       struct topo_plan *plan, char *err, size_t errlen)
{
	unsigned int i, total = plan->nr_threads;

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
				return -1;
			}
			if (!o->attr->numanode.local_memory) {
				snprintf(err, errlen, "--fence-node: node %d has no memory", node);
				return -1;
			}
		}
		plan->fence_nodes[i] = node;
	}
	return 0;
}

int topo_plan(const struct topo *t, const struct topo_request *req, struct topo_plan *plan,
	      char *err, size_t errlen)
{
	struct plan_work pw = { 0 };
	unsigned int total = req->waiters + 1;
	int ret = -1;

	memset(plan, 0, sizeof(*plan));
	plan->policy = req->signaler_cpus || req->waiter_cpus ? TOPO_EXPLICIT : req->policy;
	if (plan->policy == TOPO_EXPLICIT &&
	    plan_parse_lists(t, req, &pw, &total, err, errlen) < 0)
		goto out;
	if (plan_alloc(t, plan, &pw, total, req->fence_slots, err, errlen) < 0)
		goto out;

	if (plan->policy == TOPO_EXPLICIT) {
		plan_explicit(t, req, plan, &pw);
	} else if (req->policy == TOPO_COMPACT) {
		plan_compact(t, plan);
	} else if (req->policy == TOPO_SPREAD) {
		plan_spread(t, plan, &pw);
	} else if (req->policy < TOPO_EXPLICIT) {
		if (plan_relational(t, req, plan, pw.c, pw.rank_in_node, err, errlen) < 0)
			goto out;
	} else {
		snprintf(err, errlen, "--placement: unknown policy");
		goto out;
	}
	plan_to_os(t, plan, pw.rank_in_node);
	if (plan_fences(t, req, plan, err, errlen) < 0)
		goto out;
	ret = 0;
out:
	free(pw.c);
	free(pw.rank_in_node);
	free(pw.sig);
	free(pw.wait);
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

int *topo_matrix_cpus(const struct topo *t, const char *list, unsigned int *count, char *err,
		      size_t errlen)
{
	unsigned int nr = t->nr_pus, n = 0, i;
	int *cpu = calloc(nr ? nr : 1, sizeof(*cpu));
	char why[128];

	if (!cpu) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (list) {
		if (parse_cpulist(list, cpu, nr, &n, why, sizeof(why)) < 0) {
			snprintf(err, errlen, "--matrix-cpus: %s", why);
			goto fail;
		}
		for (i = 0; i < n; i++)
			if (topo_usable_index(t, cpu[i]) < 0) {
				snprintf(err, errlen, "--matrix-cpus: CPU %d is not usable here",
					 cpu[i]);
				goto fail;
			}
	} else {
		for (n = 0; n < nr; n++)
			cpu[n] = t->pu_os[n];
	}
	if (n < 2) {
		snprintf(err, errlen, "--matrix needs 2 usable CPUs; %s %u",
			 list ? "--matrix-cpus names" : "this process may use", n);
		goto fail;
	}
	*count = n;
	return cpu;
fail:
	free(cpu);
	return NULL;
}
