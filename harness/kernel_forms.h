/* SPDX-License-Identifier: MIT */
/*
 * kernel_forms.h - which kernel forms a run models: the list.h and dma-fence
 * versions, where the fence lock lives and which lock it is.  One source
 * for the CSV's model column, the '#' header and --help, so a row can
 * never be quoted against the wrong kernel.
 */
#ifndef FENCEBENCH_KERNEL_FORMS_H
#define FENCEBENCH_KERNEL_FORMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "spinlock.h"

/* Where the fence's lock lives (--lock-placement). */
enum lock_placement {
	LOCK_INLINE,		/* v7.1: spinlock_t inside struct dma_fence */
	LOCK_NEXT_LINE,		/* i915 until v7.0: rq->lock right after the fence */
	LOCK_SHARED,		/* amdgpu, drm_sched, xe: one lock per timeline */
	LOCK_PLACEMENT_NR
};

extern const char *const lock_placement_name[LOCK_PLACEMENT_NR];

/* The placement called @name, or -1. */
int lock_placement_parse(const char *name);

/* What the run's options model, for one row. */
struct model_forms {
	bool list_v5_8;			/* the strategy's: July 2020 list.h */
	const char *flag;		/* its word_form: whose flag form, else NULL */
	bool func_first;		/* its wait-queue order */
	bool check_and_signal;		/* --wait check-and-signal */
	enum lock_placement placement;
	enum spin_kind lock;
};

/**
 * model_describe - the model column: kernel versions, ';'-separated, no commas
 * @m: the forms
 * @buf: where to write
 * @len: its size
 */
void model_describe(const struct model_forms *m, char *buf, size_t len);

/* Room for model_run_text() and model_placement_text(). */
#define MODEL_TEXT_LEN	512

/**
 * model_run_text - what the '# model:' line says: the forms every strategy
 * of a run shares, and its lock's
 * @buf: where to write
 * @len: its size
 * @lock: the run's lock kind
 */
void model_run_text(char *buf, size_t len, enum spin_kind lock);

/**
 * model_placement_text - what the '# lock placement:' line says
 * @buf: where to write
 * @len: its size
 * @placement: the run's lock placement
 */
void model_placement_text(char *buf, size_t len, enum lock_placement placement);

/**
 * model_write_meta - the '# model:' and '# lock placement:' header lines
 * @f: where to write
 * @placement: the run's lock placement
 * @lock: the run's lock kind
 */
void model_write_meta(FILE *f, enum lock_placement placement, enum spin_kind lock);

#endif
