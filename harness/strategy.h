/* SPDX-License-Identifier: MIT */
/*
 * strategy.h - the removal strategies, one table of every fact about each:
 * its name and help line, the kernel forms it follows (list.h version and
 * the signal's wake/unlink order, the callback's word), whether fencebench.ko has it and
 * whether it runs by default.  The CLI, --help, the model column, the
 * kernel engine, the tests and the docs check read it; nothing else
 * matches a strategy by its name.
 *
 * The loops that measure each strategy are the model's, in bench.c
 * (struct strategy_loops), indexed by the same enum.
 */
#ifndef FENCEBENCH_STRATEGY_H
#define FENCEBENCH_STRATEGY_H

#include <stdbool.h>
#include <stddef.h>

enum remove_strategy {
	REMOVE_LOCKED,
	REMOVE_LIST_EMPTY,
	REMOVE_CAREFUL,
	REMOVE_CAREFUL_2020,
	REMOVE_FLAG,
	REMOVE_FLAG_I915,
	REMOVE_FLAG_XCHG,
	REMOVE_FINISH_WAIT,
	REMOVE_NR
};

/*
 * The kernel forms the signaler follows: dma-fence's per-callback step
 * (INIT_LIST_HEAD, then load func and call) with today's list.h or with
 * July 2020's (which the strategy's precheck then follows too), or the
 * wait queue's order.
 */
enum signal_form {
	SIGNAL_DMA_FENCE,	/* dma-fence v5.4 to 2026, list.h v5.19+ */
	SIGNAL_LIST_V5_8,	/* the same with list.h v5.8 (July 2020) on both sides */
	SIGNAL_FUNC_FIRST,	/* the wait-queue order: func, then list_del_init_careful */
};

/* The word a flag strategy's callback clears last and its precheck reads. */
enum callback_word {
	WORD_NONE,		/* not a flag strategy: the precheck reads the node */
	WORD_RELEASE,		/* store-release, read with acquire */
	WORD_I915,		/* i915's plain fetch_and_zero(), read with READ_ONCE */
	WORD_XCHG,		/* i915 with xchg(), read with READ_ONCE */
};

/*
 * Each strategy's word, a constant expression: the table's .word is
 * STRATEGY_WORD(), and the model's loops, one copy per strategy, fold it
 * instead of loading the table (so two loops differ only where their
 * removals do).
 */
#define STRATEGY_WORD(s)							\
	((s) == REMOVE_FLAG ? WORD_RELEASE :					\
	 (s) == REMOVE_FLAG_I915 ? WORD_I915 :					\
	 (s) == REMOVE_FLAG_XCHG ? WORD_XCHG : WORD_NONE)

/**
 * struct strategy - one removal strategy
 * @name: as the CLI, --help, the CSV and fencebench.ko spell it
 * @help: one line for --help
 * @by_default: run when --strategy is not given
 * @kernel: fencebench.ko has it (--engine kernel): the kernel's own code,
 *	or for a flag strategy the module's own callback and precheck
 * @signal: the signaler's form (and for SIGNAL_LIST_V5_8 the precheck's list.h)
 * @word: the callback's word (WORD_NONE: none): STRATEGY_WORD()
 * @word_form: the kernel form of that word, for the model column; NULL
 *	when it is no kernel's (the plain rel/acq flag) or there is none
 */
struct strategy {
	const char *name;
	const char *help;
	bool by_default;
	bool kernel;
	enum signal_form signal;
	enum callback_word word;
	const char *word_form;
};

extern const struct strategy strategies[REMOVE_NR];

struct worker;
struct run;
struct group;

/**
 * struct strategy_loops - the model's waiter loops for one strategy (bench.c)
 * @loop: the waiter loop with this strategy's removal inlined
 * @loop_untimed: the same without any counter read (--timing none)
 * @loop_traced: the untimed loop stamping sampled rounds (--trace)
 */
struct strategy_loops {
	void (*loop)(struct worker *w, const struct run *run, struct group *g);
	void (*loop_untimed)(struct worker *w, const struct run *run, struct group *g);
	void (*loop_traced)(struct worker *w, const struct run *run, struct group *g);
};

/* The strategy called @name, or NULL. */
const struct strategy *strategy_named(const char *name);

/* Which strategies strategy_names() lists. */
enum strategy_set { STRATEGIES_ALL, STRATEGIES_KERNEL, STRATEGIES_DEFAULT };

/**
 * strategy_names - the names of a set of strategies, in the table's order
 * @set: which
 * @sep: between two names (", " for messages, "," for an option value)
 * @buf: where to write; cut short if @len is too small
 * @len: its size
 *
 * Return: @buf.
 */
const char *strategy_names(enum strategy_set set, const char *sep, char *buf, size_t len);

#endif
