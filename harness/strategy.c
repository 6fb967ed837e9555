// SPDX-License-Identifier: MIT
/*
 * strategy.c - the strategy table (see strategy.h).  docs/design.md's
 * strategy table and docs/kernel-forms.md say the same in prose;
 * tests/docs.sh checks that design.md names every strategy here.
 */
#include <stdio.h>
#include <string.h>

#include "strategy.h"

const struct strategy strategies[REMOVE_NR] = {
	[REMOVE_LOCKED] = { "locked", "spin_lock; list_del_init if queued (the kernel)",
		.by_default = true, .kernel = true },
	[REMOVE_LIST_EMPTY] = { "list_empty", "skip the lock if list_empty(node) (July 2020 v1)",
		.by_default = true, .kernel = true },
	[REMOVE_CAREFUL] = { "list_empty_careful", "skip if list_empty_careful(node), acquire next",
		.by_default = true, .kernel = true },
	/* no running kernel has the July 2020 list.h: a model only */
	[REMOVE_CAREFUL_2020] = { "list_empty_careful_2020",
		"the July 2020 (v5.8) list.h on both sides", .signal = SIGNAL_LIST_V5_8 },
	[REMOVE_FLAG] = { "flag", "skip once the callback cleared its word (rel/acq)",
		.by_default = true, .kernel = true, .word = STRATEGY_WORD(REMOVE_FLAG) },
	[REMOVE_FLAG_I915] = { "flag_i915", "i915 as written: plain fetch_and_zero, READ_ONCE",
		.kernel = true, .word = STRATEGY_WORD(REMOVE_FLAG_I915),
		.word_form = "i915 fetch_and_zero (to 2026)" },
	[REMOVE_FLAG_XCHG] = { "flag_xchg", "i915 with the 2026 xchg(), READ_ONCE",
		.kernel = true, .word = STRATEGY_WORD(REMOVE_FLAG_XCHG),
		.word_form = "i915 xchg (2026)" },
	[REMOVE_FINISH_WAIT] = { "finish_wait", "wait-queue order: func, then list_del_init_careful",
		.kernel = true, .signal = SIGNAL_FUNC_FIRST },
};

const struct strategy *strategy_named(const char *name)
{
	unsigned int i;

	for (i = 0; i < REMOVE_NR; i++)
		if (!strcmp(name, strategies[i].name))
			return &strategies[i];
	return NULL;
}

const char *strategy_names(enum strategy_set set, const char *sep, char *buf, size_t len)
{
	size_t at = 0;
	unsigned int i;

	if (len)
		buf[0] = '\0';
	for (i = 0; i < REMOVE_NR && at < len; i++) {
		const struct strategy *s = &strategies[i];
		int n;

		if ((set == STRATEGIES_KERNEL && !s->kernel) ||
		    (set == STRATEGIES_DEFAULT && !s->by_default))
			continue;
		n = snprintf(buf + at, len - at, "%s%s", at ? sep : "", s->name);
		if (n < 0)
			break;
		at += (size_t)n;
	}
	return buf;
}
