// SPDX-License-Identifier: MIT
/*
 * topology_print.c - the machine and a plan as text, for --topology and
 * --dry-run.
 */
#include <hwloc.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>

#include "plan.h"
#include "topology.h"
#include "topology_private.h"

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
	int u = topo_usable_index(t, cpu);

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

void topo_print_run(const struct topo *t, const struct topo_plan *plan, bool machine,
		    unsigned int nr_strategies, unsigned int repeat, uint64_t duration_ns,
		    uint64_t warmup_ns, FILE *f)
{
	if (machine)
		topo_print_summary(t, f);
	else
		fprintf(f, "dry run: %u strateg%s x %u repetition%s, %.3f s each after %.3f s "
			"warm-up\n", nr_strategies, nr_strategies > 1 ? "ies" : "y", repeat,
			repeat > 1 ? "s" : "", (double)duration_ns / 1e9, (double)warmup_ns / 1e9);
	topo_print_plan(t, plan, f);
}
