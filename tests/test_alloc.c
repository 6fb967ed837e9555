// SPDX-License-Identifier: MIT
/*
 * test_alloc.c - topology.c on whatever machine (or emulator) runs it:
 * hwloc loads a topology with at least one usable PU whose OS index the
 * process may bind to, and topo_alloc_local() returns zeroed, page-aligned,
 * writable memory whether libnuma works (numa_alloc_local) or not (the
 * posix_memalign fallback, which qemu-user takes: its get_mempolicy fails).
 * The path taken is printed as a diagnostic, and when libnuma is
 * unavailable the test checks that topo_page_node() says so (-1).
 */
#include <numa.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "../harness/plan.h"
#include "../harness/topology.h"
#include "tap.h"

int main(void)
{
	const size_t size = 3 * 4096 + 100;
	char err[256] = "", desc[160];
	struct topo *t = NULL;
	pthread_attr_t attr;
	unsigned char *p;
	int numa = numa_available() >= 0, cpu, node;
	size_t i, zero = 1, page = (size_t)sysconf(_SC_PAGESIZE);

	tap_plan_tests(8);
	diag("libnuma %s: topo_alloc_local() uses %s", numa ? "available" : "unavailable",
	     numa ? "numa_alloc_local" : "the posix_memalign fallback");

	ok(topo_open(&t, err, sizeof(err)) == 0, "hwloc loads a topology%s%s",
	   *err ? ": " : "", err);
	if (!t) {
		tap_exit();
		return 1;
	}
	topo_describe(t, desc, sizeof(desc));
	diag("topology: %s", desc);
	ok(topo_nr_pus(t) >= 1, "at least one usable PU (%u)", topo_nr_pus(t));
	cpu = topo_pu_os(t, 0);
	ok(cpu >= 0 && topo_pu_os(t, topo_nr_pus(t)) == -1,
	   "PU 0 has an OS index (%d); one past the end is -1", cpu);
	ok(pthread_attr_init(&attr) == 0 && topo_attr_bind_cpu(t, &attr, cpu) == 0,
	   "a thread attribute can be bound to CPU %d", cpu);
	pthread_attr_destroy(&attr);
	ok(topo_nr_nodes(t) >= 1, "at least one NUMA node (%u)", topo_nr_nodes(t));

	p = topo_alloc_local(size);
	ok(p && ((uintptr_t)p & (page - 1)) == 0, "topo_alloc_local: page-aligned (%zu)", page);
	if (p) {
		for (i = 0; i < size; i++)
			zero &= p[i] == 0;
		memset(p, 0xa5, size);
	}
	ok(p && zero && p[size - 1] == 0xa5, "topo_alloc_local: zeroed and writable");
	node = p ? topo_page_node(p) : -2;
	if (numa)
		ok(node >= -1, "topo_page_node answers (%d)", node);
	else
		ok(node == -1, "without libnuma topo_page_node says unknown (%d)", node);
	topo_free(p, size);
	topo_close(t);
	return tap_exit();
}
