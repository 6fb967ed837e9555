/* SPDX-License-Identifier: MIT */
/*
 * summary_private.h - struct summary, one regime of a fencebench CSV as
 * summary_read.c reads it and summary.c prints it.
 */
#ifndef FENCEBENCH_SUMMARY_PRIVATE_H
#define FENCEBENCH_SUMMARY_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "summary.h"

#define MAX_STRATEGIES	16

/* A growing list of per-repetition values. */
struct series {
	size_t n, cap;
	double *x;
};

/*
 * Per strategy, one value per row.  Latencies come from timed rows only;
 * the round's cost from rows without a timer (--timing none) is kept apart
 * from the timed rows', which include the timer's own cost.  _NORM: the
 * same divided by that row's line transfer (c2c_ns).
 */
enum {
	V_P50, V_P99, V_MEAN_NET, V_ROUND_UNTIMED, V_ROUND_TIMED, V_P50_NORM,
	V_ROUND_UNTIMED_NORM, V_ROUND_TIMED_NORM, V_FAST, V_HAZARDS, V_REMOVES, V_NR
};

struct strat_data {
	char name[32];
	struct series v[V_NR];
	unsigned int disturbed;
};

/* The floor a run stood on, one value per row, and each value's spread. */
enum { F_C2C, F_LOCK, F_TIMER, F_NR };

/* The configuration columns (enum summary_config; their names: summary_read.c). */
#define NR_CONFIG	(SUMMARY_LOCK + 1)
#define CONFIG_PER_ENGINE (NR_CONFIG - 2)	/* lock_placement and lock */
#define KERNEL_PREFIX	"kernel/"

struct summary {
	char config[NR_CONFIG][48];	/* the first row's values */
	char kernel_config[NR_CONFIG][48]; /* the first kernel row's lock and placement */
	char machine[256];
	char command[256];
	char floor[160];
	char timer[160];
	char version[64];
	char wait[32];
	char waiters[16];
	char date[32];
	unsigned int nr;
	struct strat_data s[MAX_STRATEGIES];
	struct series floors[F_NR], floors_sd[F_NR];
	/*
	 * Its floor group: the repetitions of one configuration whose line
	 * transfer is not apart (floor_apart()) from @floor_anchor, the first
	 * one's.  @floor_lo..@floor_hi: every floor measured, before and after.
	 */
	double floor_anchor, floor_lo, floor_hi;
	bool per_rep_floor;		/* the CSV has c2c_after_ns: a floor per repetition */
	double resolution_ns;		/* the timer's step ('# timer:'), 0: unknown */
	unsigned int moved;		/* the file's repetitions whose floor moved: left out */
	unsigned int floor_group;	/* 0, 1...: among the regimes of its configuration */
	struct summary *next;		/* the file's next regime (configuration, floor) */
};

static inline bool same_config(const struct summary *a, const struct summary *b)
{
	return !memcmp(a->config, b->config, sizeof(a->config));
}

#endif
