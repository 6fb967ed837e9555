/* SPDX-License-Identifier: MIT */
/*
 * plan.h - the placement plan: which CPU each thread runs on and which
 * node holds each fence slot, decided once from the topology and the
 * options, before any thread starts.
 */
#ifndef FENCEBENCH_PLAN_H
#define FENCEBENCH_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "topology.h"

enum topo_policy {
	TOPO_COMPACT,		/* round-robin over usable PUs, logical order */
	TOPO_SPREAD,		/* nodes, then cores, then SMT siblings */
	TOPO_SMT,		/* waiters on the signaler's core's siblings */
	TOPO_LLC,		/* other cores of the signaler's last-level cache */
	TOPO_NODE,		/* the signaler's node, other LLCs (or cores) */
	TOPO_CROSS_NODE,	/* other nodes, nearest first */
	TOPO_EXPLICIT,		/* --signaler-cpus / --waiter-cpus */
	TOPO_POLICY_NR
};

/* fence_node values below 0 */
#define TOPO_FENCE_SIGNALER	(-1)
#define TOPO_FENCE_WAITER	(-2)
#define TOPO_FENCE_INTERLEAVE	(-3)

#define TOPO_MAX_WAITERS	4096

struct topo_request {
	enum topo_policy policy;	/* not TOPO_EXPLICIT: lists decide that */
	unsigned int waiters;		/* 0: one per --waiter-cpus CPU */
	const char *signaler_cpus;	/* "0-3,8,10-15:2" (OS indexes) or NULL */
	const char *waiter_cpus;	/* same, or NULL */
	int fence_node;			/* node OS index or TOPO_FENCE_* */
	unsigned int fence_slots;	/* ring slots to place */
};

struct topo_plan {
	enum topo_policy policy;	/* TOPO_EXPLICIT when a list was given */
	unsigned int nr_threads;	/* 1 + waiters */
	int *cpus;			/* [0] signaler, then waiters: OS indexes */
	int *nodes;			/* their nodes (OS indexes) */
	bool oversubscribed;		/* some CPU runs two threads */
	unsigned int fence_slots;
	int *fence_nodes;		/* node of each ring slot */
};

/**
 * topo_policy_name - a policy's name as --placement and the CSV spell it
 * @p: the policy
 *
 * Returns "compact", "spread", "smt", "llc", "node", "cross-node" or
 * "explicit".
 */
const char *topo_policy_name(enum topo_policy p);

/**
 * topo_policy_parse - the policy --placement names
 * @name: "compact", ..., "cross-node" ("explicit" is not accepted)
 *
 * Returns the policy, or -1 if @name is not one.
 */
int topo_policy_parse(const char *name);

/**
 * topo_plan - decide where every thread and every fence slot goes
 * @t: topology (real or fake: nothing is bound)
 * @req: the options
 * @plan: filled in; release with topo_plan_free()
 * @err: buffer for a one-line reason on failure
 * @errlen: size of @err
 *
 * A pure function of the topology's usable PUs and @req.  Returns 0, or -1
 * when the request is impossible on this topology or a CPU list is bad;
 * @err then starts with the option it concerns and says what the machine
 * has.  Runs in O(PUs log PUs + threads).
 */
int topo_plan(const struct topo *t, const struct topo_request *req, struct topo_plan *plan,
	      char *err, size_t errlen);

/**
 * topo_plan_free - release what topo_plan() allocated
 * @plan: the plan; its arrays are NULL afterwards
 */
void topo_plan_free(struct topo_plan *plan);

/**
 * topo_print_plan - a plan, one line per thread and one for the fences
 * @t: topology the plan was made on
 * @plan: the plan
 * @f: where to print
 */
void topo_print_plan(const struct topo *t, const struct topo_plan *plan, FILE *f);

/**
 * topo_matrix_cpus - the CPUs --matrix pairs up
 * @t: topology
 * @list: --matrix-cpus, or NULL for every usable CPU
 * @count: how many
 * @err: a one-line reason on failure (bad usage)
 * @errlen: size of @err
 *
 * Returns a malloc'd array of OS indexes, or NULL.
 */
int *topo_matrix_cpus(const struct topo *t, const char *list, unsigned int *count, char *err,
		      size_t errlen);

/**
 * topo_print_run - --topology (the machine, then the plan) or --dry-run
 * (what would run, then the plan)
 * @t: topology
 * @plan: the plan
 * @machine: true for --topology
 * @nr_strategies: strategies per repetition
 * @repeat: repetitions
 * @duration_ns: measured time of each
 * @warmup_ns: warm-up before each
 * @f: where to print
 */
void topo_print_run(const struct topo *t, const struct topo_plan *plan, bool machine,
		    unsigned int nr_strategies, unsigned int repeat, uint64_t duration_ns,
		    uint64_t warmup_ns, FILE *f);

#endif
