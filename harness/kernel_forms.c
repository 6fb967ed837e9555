// SPDX-License-Identifier: MIT
/*
 * kernel_forms.c - names the kernel forms each option models (see
 * kernel_forms.h and docs/kernel-forms.md, which holds the same facts as
 * one table).  A strategy's own forms are in its entry of strategy.c.
 */
#include <string.h>

#include "kernel_forms.h"

const char *const lock_placement_name[LOCK_PLACEMENT_NR] = {
	[LOCK_INLINE]		= "inline",
	[LOCK_NEXT_LINE]	= "next-line",
	[LOCK_SHARED]		= "shared",
};

/* The kernel each placement is, for the header and the model column. */
static const char *const placement_kernel[LOCK_PLACEMENT_NR] = {
	[LOCK_INLINE]		= "dma-fence v7.1 inline lock",
	[LOCK_NEXT_LINE]	= "dma-fence to v7.0 with i915's rq->lock in the next line",
	[LOCK_SHARED]		=
		"dma-fence to v7.0 with one lock per timeline (amdgpu/drm_sched/xe)",
};

static const char *const lock_kernel[SPIN_NR] = {
#if defined(__x86_64__) || defined(__i386__)
	[SPIN_QSPINLOCK]	= "qspinlock v4.2+ (x86: _Q_PENDING_LOOPS 512)",
#else
	[SPIN_QSPINLOCK]	= "qspinlock (generic: _Q_PENDING_LOOPS 1)",
#endif
	[SPIN_TICKET]		= "ticket lock v2.6.25-v4.1",
	[SPIN_TTAS]		= "test-and-set (a guest's virt_spin_lock)",
	[SPIN_PTHREAD]		= "glibc pthread_spinlock_t (not a kernel lock)",
	[SPIN_PVQSPINLOCK]	= "paravirt qspinlock (KVM guest: no pending bit)",
};

int lock_placement_parse(const char *name)
{
	int i;

	for (i = 0; i < LOCK_PLACEMENT_NR; i++)
		if (!strcmp(name, lock_placement_name[i]))
			return i;
	return -1;
}

/*
 * finish_wait: what the signal and the removal follow instead of dma-fence's
 * per-callback step (kernel/sched/wait.c, read at 6.1 and 2026).
 */
static const char func_first_kernel[] =
	"; per callback as wait.c v5.9+ autoremove_wake_function (func then "
	"list_del_init_careful); removal as finish_wait() v2.6 to 2026";

void model_describe(const struct model_forms *m, char *buf, size_t len)
{
	snprintf(buf, len, "list.h %s; %s%s%s%s%s; %s",
		 m->list_v5_8 ? "v5.8 (July 2020)" : "v5.19+",
		 placement_kernel[m->placement], m->func_first ? func_first_kernel : "",
		 m->check_and_signal ? "; ->signaled signals in the waiter" : "",
		 m->flag ? "; " : "", m->flag ? m->flag : "",
		 lock_kernel[m->lock]);
}

void model_run_text(char *buf, size_t len, enum spin_kind lock)
{
	snprintf(buf, len, "signal and remove_callback as v5.4 to 2026 (unchanged, but for 2026's "
		 "detach of ops at signal, not modelled: docs/kernel-forms.md); list.h v5.19+ "
		 "(list_empty_careful_2020: v5.8 on both sides); lock %s: %s",
		 spin_kind_name[lock], lock_kernel[lock]);
}

void model_placement_text(char *buf, size_t len, enum lock_placement placement)
{
	snprintf(buf, len, "%s (inline = v7.1 inline_lock with the INLINE_LOCK_BIT test; "
		 "next-line = i915 to v7.0; shared = amdgpu/drm_sched/xe timeline lock)",
		 lock_placement_name[placement]);
}

void model_write_meta(FILE *f, enum lock_placement placement, enum spin_kind lock)
{
	char text[MODEL_TEXT_LEN];

	model_run_text(text, sizeof(text), lock);
	fprintf(f, "# model: %s\n", text);
	model_placement_text(text, sizeof(text), placement);
	fprintf(f, "# lock placement: %s\n", text);
}
