/* SPDX-License-Identifier: MIT */
/*
 * list.h - a userspace model of the kernel's doubly linked list
 * (include/linux/list.h), for measuring lockless checks against it.
 *
 * Models include/linux/list.h as of v6.x (torvalds/linux 48a71076, 2024):
 * the same names, the same order of loads and stores, and READ_ONCE /
 * WRITE_ONCE / smp_load_acquire / smp_store_release in the same places.
 * Written from the kernel's documented semantics, not copied from it.
 *
 * Changes from the kernel:
 *  - Every access that another CPU may touch without the lock is a C11
 *    atomic (compiler.h).  Where the kernel writes a plain C access we write
 *    PLAIN_READ/PLAIN_WRITE: a relaxed atomic, the same mov on x86 and
 *    ldr/str on arm64, but no data race in C11, so ThreadSanitizer stays
 *    quiet unless the harness really races.
 *  - No CONFIG_DEBUG_LIST / CONFIG_LIST_HARDENED validity checks.
 *  - __INIT_LIST_HEAD_v5_8() and __list_empty_careful_v5_8() keep the July
 *    2020 forms (a plain prev store; two plain loads) beside today's.
 *  - Only the subset that dma-fence and the tests need.
 */
#ifndef FENCEBENCH_LIST_H
#define FENCEBENCH_LIST_H

#include <stdbool.h>
#include <stdint.h>

#include "compiler.h"

struct list_head {
	struct list_head *next, *prev;
};

/* What list_del() leaves behind: 0x100/0x122 + POISON_POINTER_DELTA, 0xdead000000000000 on x86-64 and arm64. */
#define LIST_POISON1	((struct list_head *)(uintptr_t)0xdead000000000100ull)
#define LIST_POISON2	((struct list_head *)(uintptr_t)0xdead000000000122ull)

#define LIST_HEAD_INIT(name) { &(name), &(name) }

#define LIST_HEAD(name) \
	struct list_head name = LIST_HEAD_INIT(name)

/**
 * INIT_LIST_HEAD - initialise a list_head structure
 * @list: list_head structure to be initialised.
 *
 * Stores next first, then prev, both WRITE_ONCE (next since v4.5, prev
 * since v5.19: d679ae94fdd5, 2022).  A lockless reader can therefore see next == @list while
 * prev still holds the old value: list_empty() says empty, but this CPU
 * still owes a store to @list.
 */
static inline void INIT_LIST_HEAD(struct list_head *list)
{
	WRITE_ONCE(list->next, list);
	WRITE_ONCE(list->prev, list);
}

/**
 * __INIT_LIST_HEAD_v5_8 - INIT_LIST_HEAD() as it was in July 2020
 * @list: list_head structure to be initialised.
 *
 * WRITE_ONCE of next, then a plain store of prev: the form from v4.5 until
 * v5.19 made prev a WRITE_ONCE too.  The same instructions as today's on
 * every architecture; kept apart so the 2020 strategy is the 2020 code on
 * both sides of the race.
 */
static inline void __INIT_LIST_HEAD_v5_8(struct list_head *list)
{
	WRITE_ONCE(list->next, list);
	PLAIN_WRITE(list->prev, list);
}

/*
 * Insert @new between two known consecutive entries.  The final store to
 * prev->next publishes @new to lockless readers walking forward.
 */
static inline void __list_add(struct list_head *new, struct list_head *prev,
			      struct list_head *next)
{
	PLAIN_WRITE(next->prev, new);
	PLAIN_WRITE(new->next, next);
	PLAIN_WRITE(new->prev, prev);
	WRITE_ONCE(prev->next, new);
}

/**
 * list_add - add a new entry after @head
 * @new: new entry to be added
 * @head: list head to add it after
 */
static inline void list_add(struct list_head *new, struct list_head *head)
{
	__list_add(new, head, PLAIN_READ(head->next));
}

/**
 * list_add_tail - add a new entry before @head, i.e. at the tail
 * @new: new entry to be added
 * @head: list head to add it before
 */
static inline void list_add_tail(struct list_head *new, struct list_head *head)
{
	__list_add(new, PLAIN_READ(head->prev), head);
}

/* Make prev and next point at each other: next->prev plain, prev->next WRITE_ONCE. */
static inline void __list_del(struct list_head *prev, struct list_head *next)
{
	PLAIN_WRITE(next->prev, prev);
	WRITE_ONCE(prev->next, next);
}

static inline void __list_del_entry(struct list_head *entry)
{
	__list_del(PLAIN_READ(entry->prev), PLAIN_READ(entry->next));
}

/**
 * list_del - delete an entry from its list and poison it
 * @entry: the element to delete from the list.
 *
 * list_empty() on @entry afterwards is false: the entry is in an undefined
 * state, as in the kernel.
 */
static inline void list_del(struct list_head *entry)
{
	__list_del_entry(entry);
	PLAIN_WRITE(entry->next, LIST_POISON1);
	PLAIN_WRITE(entry->prev, LIST_POISON2);
}

/**
 * list_del_init - delete an entry from its list and reinitialise it
 * @entry: the element to delete from the list.
 */
static inline void list_del_init(struct list_head *entry)
{
	__list_del_entry(entry);
	INIT_LIST_HEAD(entry);
}

/**
 * list_del_init_careful - list_del_init() for a lockless list_empty_careful()
 * @entry: the element to delete from the list.
 *
 * Stores prev first and next last with release: the reverse of
 * INIT_LIST_HEAD().  Any memory operation done before it is visible after a
 * list_empty_careful() that sees the entry empty.
 */
static inline void list_del_init_careful(struct list_head *entry)
{
	__list_del_entry(entry);
	WRITE_ONCE(entry->prev, entry);
	smp_store_release(&entry->next, entry);
}

/**
 * list_replace - replace an old entry by a new one
 * @old: the element to be replaced
 * @new: the new element to insert
 *
 * Four plain stores.  When @old is a list head (dma-fence's cb_list) this
 * writes into the first entry's prev and the last entry's next, which then
 * point at @new.
 */
static inline void list_replace(struct list_head *old, struct list_head *new)
{
	PLAIN_WRITE(new->next, PLAIN_READ(old->next));
	PLAIN_WRITE(new->next->prev, new);
	PLAIN_WRITE(new->prev, PLAIN_READ(old->prev));
	PLAIN_WRITE(new->prev->next, new);
}

/**
 * list_replace_init - replace an old entry and reinitialise the old one
 * @old: the element to be replaced
 * @new: the new element to insert
 */
static inline void list_replace_init(struct list_head *old, struct list_head *new)
{
	list_replace(old, new);
	INIT_LIST_HEAD(old);
}

/**
 * list_is_head - tests whether @list is the list @head
 * @list: the entry to test
 * @head: the head of the list
 */
static inline bool list_is_head(const struct list_head *list, const struct list_head *head)
{
	return list == head;
}

/**
 * list_empty - tests whether a list is empty
 * @head: the list to test.
 *
 * One READ_ONCE of next.  Lockless, it says nothing about prev.
 */
static inline bool list_empty(const struct list_head *head)
{
	return READ_ONCE(head->next) == head;
}

/**
 * list_empty_careful - tests whether a list is empty and not being modified
 * @head: the list to test
 *
 * Today's form: acquire load of next, then READ_ONCE of prev; empty only
 * when both point at @head.  Pairs with list_del_init_careful().
 *
 * NOTE: without synchronisation this is only safe if the only activity that
 * can happen to the entry is list_del_init().  It cannot be used if another
 * CPU could re-list_add() it.
 */
static inline bool list_empty_careful(const struct list_head *head)
{
	struct list_head *next = smp_load_acquire(&head->next);

	return list_is_head(next, head) && (next == READ_ONCE(head->prev));
}

/**
 * __list_empty_careful_v5_8 - list_empty_careful() as it was in July 2020
 * @head: the list to test
 *
 * Two plain loads (relaxed here), before the acquire (v5.9) and the
 * READ_ONCE of prev (v5.19).  Identical machine code on x86; differs on
 * weakly ordered CPUs.  Pairs with __INIT_LIST_HEAD_v5_8() on the signaler.
 *
 * The v5.9-v5.18 form (acquire next, plain prev) is not kept.  Compiled
 * with the kernel's macros (gcc 12.2, -O2) it is today's code on arm64
 * (ldar next, ldr prev); on x86-64 gcc folds the plain prev load into the
 * cmp (cmpq %rdi, 8(%rdi)) where READ_ONCE keeps a movq: one load either
 * way, same order.  PLAIN_READ is an atomic here and is never folded, so a
 * copy would be today's list_empty_careful() instruction for instruction.
 */
static inline bool __list_empty_careful_v5_8(const struct list_head *head)
{
	struct list_head *next = PLAIN_READ(head->next);

	return (next == head) && (next == PLAIN_READ(head->prev));
}

#define list_entry(ptr, type, member) \
	container_of(ptr, type, member)

#define list_first_entry(ptr, type, member) \
	list_entry(PLAIN_READ((ptr)->next), type, member)

#define list_next_entry(pos, member) \
	list_entry(PLAIN_READ((pos)->member.next), __typeof__(*(pos)), member)

#define list_entry_is_head(pos, head, member) \
	list_is_head(&(pos)->member, (head))

/**
 * list_for_each_entry - iterate over a list of a given type
 * @pos: the type * to use as a loop cursor.
 * @head: the head for your list.
 * @member: the name of the list_head within the struct.
 */
#define list_for_each_entry(pos, head, member)				\
	for (pos = list_first_entry(head, __typeof__(*pos), member);	\
	     !list_entry_is_head(pos, head, member);			\
	     pos = list_next_entry(pos, member))

/**
 * list_for_each_entry_safe - iterate over a list, safe against removal
 * @pos: the type * to use as a loop cursor.
 * @n: another type * to use as temporary storage
 * @head: the head for your list.
 * @member: the name of the list_head within the struct.
 *
 * The successor is read before the body runs; after the body the loop
 * never touches @pos again.
 */
#define list_for_each_entry_safe(pos, n, head, member)			\
	for (pos = list_first_entry(head, __typeof__(*pos), member),	\
		n = list_next_entry(pos, member);			\
	     !list_entry_is_head(pos, head, member);			\
	     pos = n, n = list_next_entry(n, member))

#endif
