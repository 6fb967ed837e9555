/* SPDX-License-Identifier: MIT */
/*
 * engine.h - what runs a configuration's plan: the user engine (the model,
 * bench.c's loops, on threads of this process) or the kernel engine (the
 * same rounds in fencebench.ko on the kernel's own dma-fence).  Chosen once
 * from --engine; planning, labels, rows and output are the same for both,
 * and what differs is a fact here, not a branch elsewhere.
 */
#ifndef FENCEBENCH_ENGINE_H
#define FENCEBENCH_ENGINE_H

#include <signal.h>
#include <stddef.h>

#include "../config.h"
#include "../plan.h"

struct session;
struct user_model;

/**
 * struct engine - one way to run a plan
 * @name: the rows' engine column: "user" or "kernel"
 * @timer: the run header's timer, or NULL: the user engine's (timer_source())
 * @lock: the run header's lock, or NULL: --lock's model
 * @lock_placement: the rows' lock_placement, or NULL: --lock-placement's
 * @meta_model: the '# model:' line and @meta_placement the '# lock
 *	placement:' one, or NULL: the model's, from the options (kernel_forms.c)
 * @describe: the model column of a row of strategy @s: the kernel forms
 *	run, ';'-separated, no commas
 * @run: every strategy and repetition of @plan, one row each to the
 *	session's sink; @stop (set by a signal handler) keeps the completed
 *	rows and ends the run.  Runtime failures exit 1.
 * @model: the user engine's: what it measures (bench.c); NULL for the kernel
 */
struct engine {
	const char *name;
	const char *timer;
	const char *lock;
	const char *lock_placement;
	const char *meta_model, *meta_placement;
	void (*describe)(const struct bench_config *cfg, enum remove_strategy s, char *buf,
			 size_t len);
	void (*run)(const struct engine *e, const struct session *ses,
		    const struct topo_plan *plan, volatile sig_atomic_t *stop);
	const struct user_model *model;
};

/* --engine kernel: fencebench.ko (engine/kernel.c) */
extern const struct engine engine_kernel;

#endif
