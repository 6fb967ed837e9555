// SPDX-License-Identifier: MIT
/*
 * test_list.c - TAP tests for list.h.  Random sequences of list_add,
 * list_add_tail, list_del_init, list_del_init_careful, list_del (+ INIT) and
 * list_replace_init on 16 nodes are checked against an array that holds the
 * expected order: after every operation the list is walked forward and
 * backward, every link is checked against its neighbour, and every node
 * that is off the list must read as empty.  Then the single cases the
 * dma-fence model relies on: what each emptiness test says about a fresh,
 * a deleted, a poisoned and a half-initialised node (the state a lockless
 * reader can see between INIT_LIST_HEAD's next and prev stores), where
 * list_replace leaves the first and last entries' links, and the iterators.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "tap.h"
#include "../list.h"

#define NR_NODES	16
#define NR_OPS		5000

struct item {
	int id;
	struct list_head node;
};

static uint32_t rng_state;

/* xorshift32: fixed seeds, so every run sees the same sequences. */
static uint32_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

static unsigned int rng_below(unsigned int n)
{
	return rng() % n;
}

/* Fill a node with garbage, so that a test cannot pass on leftover links. */
static void scribble(struct list_head *l)
{
	memset(l, 0xa5, sizeof(*l));
}

/* The reference model: the ids in list order, and which ids are listed. */
struct model {
	int order[NR_NODES];
	int len;
	bool listed[NR_NODES];
};

static int model_pos(const struct model *m, int id)
{
	for (int i = 0; i < m->len; i++)
		if (m->order[i] == id)
			return i;
	return -1;
}

static void model_insert(struct model *m, int pos, int id)
{
	memmove(&m->order[pos + 1], &m->order[pos], (size_t)(m->len - pos) * sizeof(int));
	m->order[pos] = id;
	m->len++;
	m->listed[id] = true;
}

static void model_remove(struct model *m, int id)
{
	int pos = model_pos(m, id);

	memmove(&m->order[pos], &m->order[pos + 1], (size_t)(m->len - pos - 1) * sizeof(int));
	m->len--;
	m->listed[id] = false;
}

/*
 * Compare @head against @m.  Returns NULL when they agree, else what
 * disagreed first.
 */
static const char *check_against_model(const struct list_head *head, const struct item *items,
				       const struct model *m)
{
	const struct list_head *p;
	int i;

	if (list_empty(head) != (m->len == 0) || list_empty_careful(head) != (m->len == 0))
		return "list_empty(head) disagrees with the model";

	/* forward, checking each back link on the way */
	i = 0;
	for (p = head->next; p != head; p = p->next) {
		if (i >= m->len)
			return "forward walk longer than the model";
		if (p != &items[m->order[i]].node)
			return "forward walk order differs from the model";
		if (p->next->prev != p || p->prev->next != p)
			return "neighbour links are not symmetric";
		i++;
	}
	if (i != m->len)
		return "forward walk shorter than the model";

	/* backward */
	i = m->len - 1;
	for (p = head->prev; p != head; p = p->prev) {
		if (i < 0)
			return "backward walk longer than the model";
		if (p != &items[m->order[i]].node)
			return "backward walk order differs from the model";
		i--;
	}
	if (i != -1)
		return "backward walk shorter than the model";

	/* nodes off the list were reinitialised: empty by every test */
	for (int id = 0; id < NR_NODES; id++) {
		const struct list_head *n = &items[id].node;

		if (m->listed[id])
			continue;
		if (!list_empty(n) || !list_empty_careful(n) || !__list_empty_careful_v5_8(n))
			return "an unlisted node is not empty";
	}
	return NULL;
}

static int pick(const struct model *m, bool listed)
{
	int cand[NR_NODES], n = 0;

	for (int id = 0; id < NR_NODES; id++)
		if (m->listed[id] == listed)
			cand[n++] = id;
	return n ? cand[rng_below((unsigned int)n)] : -1;
}

/* One random run; returns the number of the first failing op, or 0. */
static int random_run(uint32_t seed, unsigned int *ops_done, const char **why)
{
	struct item items[NR_NODES];
	struct model m = { .len = 0 };
	LIST_HEAD(head);

	rng_state = seed;
	for (int id = 0; id < NR_NODES; id++) {
		items[id].id = id;
		scribble(&items[id].node);
		INIT_LIST_HEAD(&items[id].node);
	}

	for (int op = 1; op <= NR_OPS; op++) {
		int in = pick(&m, true), out = pick(&m, false);

		switch (rng_below(6)) {
		case 0:	/* list_add: at the front */
			if (out < 0)
				break;
			list_add(&items[out].node, &head);
			model_insert(&m, 0, out);
			break;
		case 1:	/* list_add_tail: at the back */
			if (out < 0)
				break;
			list_add_tail(&items[out].node, &head);
			model_insert(&m, m.len, out);
			break;
		case 2:
			if (in < 0)
				break;
			list_del_init(&items[in].node);
			model_remove(&m, in);
			break;
		case 3:
			if (in < 0)
				break;
			list_del_init_careful(&items[in].node);
			model_remove(&m, in);
			break;
		case 4:	/* list_del, then reinitialise for reuse */
			if (in < 0)
				break;
			list_del(&items[in].node);
			if (items[in].node.next != LIST_POISON1 || items[in].node.prev != LIST_POISON2) {
				*why = "list_del did not poison";
				return op;
			}
			INIT_LIST_HEAD(&items[in].node);
			model_remove(&m, in);
			break;
		case 5:	/* list_replace_init: @out takes @in's place */
			if (in < 0 || out < 0)
				break;
			scribble(&items[out].node);
			list_replace_init(&items[in].node, &items[out].node);
			m.order[model_pos(&m, in)] = out;
			m.listed[in] = false;
			m.listed[out] = true;
			break;
		}
		*why = check_against_model(&head, items, &m);
		if (*why)
			return op;
		(*ops_done)++;
	}
	return 0;
}

static void test_random(void)
{
	static const uint32_t seeds[] = { 1, 0x2545f491, 0xdeadbeef, 0x9e3779b9 };

	for (unsigned int i = 0; i < sizeof(seeds) / sizeof(seeds[0]); i++) {
		unsigned int done = 0;
		const char *why = NULL;
		int bad = random_run(seeds[i], &done, &why);

		if (bad)
			diag("seed %#x: op %d: %s", seeds[i], bad, why);
		ok(!bad && done == NR_OPS,
		   "random ops vs array model, seed %#x: %u ops, forward and backward walks agree",
		   seeds[i], done);
	}
}

static void test_empty(void)
{
	LIST_HEAD(head);
	struct list_head init, entry;

	ok(list_empty(&head) && list_empty_careful(&head) && __list_empty_careful_v5_8(&head) &&
	   head.next == &head && head.prev == &head,
	   "LIST_HEAD: points at itself, list_empty and list_empty_careful");

	scribble(&init);
	INIT_LIST_HEAD(&init);
	ok(list_empty(&init) && list_empty_careful(&init) && __list_empty_careful_v5_8(&init) &&
	   init.next == &init && init.prev == &init,
	   "INIT_LIST_HEAD over garbage: points at itself, list_empty and list_empty_careful");

	scribble(&entry);
	list_add(&entry, &head);
	ok(!list_empty(&head) && !list_empty_careful(&head) && !__list_empty_careful_v5_8(&head) &&
	   !list_empty(&entry) && !list_empty_careful(&entry) &&
	   head.next == &entry && head.prev == &entry && entry.next == &head && entry.prev == &head,
	   "list_add: head and entry linked, neither list_empty nor list_empty_careful");

	list_del_init(&entry);
	ok(list_empty(&entry) && list_empty_careful(&entry) &&
	   list_empty(&head) && list_empty_careful(&head) &&
	   head.next == &head && head.prev == &head,
	   "list_del_init: entry and the now empty list are list_empty and list_empty_careful");
}

static void test_del_poison(void)
{
	LIST_HEAD(head);
	struct list_head a, b;

	list_add_tail(&a, &head);
	list_add_tail(&b, &head);
	list_del(&a);
	ok(a.next == LIST_POISON1 && a.prev == LIST_POISON2,
	   "list_del: next = LIST_POISON1, prev = LIST_POISON2");
	ok(!list_empty(&a) && !list_empty_careful(&a) && !__list_empty_careful_v5_8(&a),
	   "list_del: the poisoned entry is not list_empty (nor careful)");
	ok(head.next == &b && head.prev == &b && b.next == &head && b.prev == &head,
	   "list_del: the remaining entry is linked to the head both ways");
}

static void test_replace(void)
{
	LIST_HEAD(old);
	struct list_head new, e[3], one_old, one_new, only;
	bool order_ok;

	for (int i = 0; i < 3; i++)
		list_add_tail(&e[i], &old);
	scribble(&new);
	list_replace(&old, &new);
	ok(e[0].prev == &new && e[2].next == &new && new.next == &e[0] && new.prev == &e[2],
	   "list_replace of a head: first entry's prev and last entry's next point at the new head");
	order_ok = new.next == &e[0] && e[0].next == &e[1] && e[1].next == &e[2] &&
		   e[2].prev == &e[1] && e[1].prev == &e[0];
	ok(order_ok, "list_replace of a head: the entries keep their order under the new head");

	/* a one-entry list: the entry's next and prev both move */
	INIT_LIST_HEAD(&one_old);
	list_add(&only, &one_old);
	scribble(&one_new);
	list_replace_init(&one_old, &one_new);
	ok(only.next == &one_new && only.prev == &one_new &&
	   one_new.next == &only && one_new.prev == &only,
	   "list_replace_init of a one-entry head: the entry points at the new head both ways");
	ok(list_empty(&one_old) && list_empty_careful(&one_old) &&
	   one_old.next == &one_old && one_old.prev == &one_old,
	   "list_replace_init: the old head is left empty");
}

static void test_half_init(void)
{
	struct list_head n, elsewhere;

	/* between INIT_LIST_HEAD's stores: next already self, prev not yet */
	INIT_LIST_HEAD(&elsewhere);
	n.next = &n;
	n.prev = &elsewhere;
	ok(list_empty(&n), "half-initialised (next == self, prev elsewhere): list_empty says true");
	ok(!list_empty_careful(&n),
	   "half-initialised (next == self, prev elsewhere): list_empty_careful says false");
	ok(!__list_empty_careful_v5_8(&n),
	   "half-initialised (next == self, prev elsewhere): __list_empty_careful_v5_8 says false");

	/* the reverse, list_del_init_careful's intermediate state */
	n.next = &elsewhere;
	n.prev = &n;
	ok(!list_empty(&n) && !list_empty_careful(&n) && !__list_empty_careful_v5_8(&n),
	   "half-initialised (prev == self, next elsewhere): all three say false");
}

static void test_del_init_careful(void)
{
	LIST_HEAD(head);
	struct list_head a, b, c;

	list_add_tail(&a, &head);
	list_add_tail(&b, &head);
	list_add_tail(&c, &head);
	list_del_init_careful(&b);
	ok(list_empty_careful(&b) && list_empty(&b) && b.next == &b && b.prev == &b,
	   "list_del_init_careful: the entry is list_empty_careful afterwards");
	ok(a.next == &c && c.prev == &a && head.next == &a && head.prev == &c,
	   "list_del_init_careful: the neighbours are linked to each other");
}

static void test_iterators(void)
{
	struct item items[8], *pos, *n;
	int visits[8] = { 0 }, seen[8], nseen = 0;
	bool in_order = true, once = true;
	LIST_HEAD(head);
	LIST_HEAD(empty);
	int count = 0;

	list_for_each_entry(pos, &empty, node)
		count++;
	ok(count == 0, "list_for_each_entry over an empty list visits nothing");

	for (int i = 0; i < 8; i++) {
		items[i].id = i;
		list_add_tail(&items[i].node, &head);
	}
	list_for_each_entry(pos, &head, node) {
		if (count >= 8 || pos->id != count)
			in_order = false;
		count++;
	}
	ok(in_order && count == 8, "list_for_each_entry visits all 8 entries in order");

	/* delete every other entry, the current one, while iterating */
	list_for_each_entry_safe(pos, n, &head, node) {
		if (nseen < 8)
			seen[nseen] = pos->id;
		nseen++;
		visits[pos->id]++;
		if (pos->id % 2 == 0) {
			list_del(&pos->node);	/* poisons: the loop must not read it */
		}
	}
	for (int i = 0; i < 8; i++) {
		if (visits[i] != 1)
			once = false;
		if (i < nseen && seen[i] != i)
			once = false;
	}
	ok(once && nseen == 8,
	   "list_for_each_entry_safe deleting every other entry visits each entry once, in order");

	count = 0;
	in_order = true;
	list_for_each_entry(pos, &head, node) {
		if (pos->id != 2 * count + 1)
			in_order = false;
		count++;
	}
	ok(in_order && count == 4, "after list_for_each_entry_safe deletions the odd entries remain");
}

static void test_entry(void)
{
	LIST_HEAD(head);
	struct item a = { .id = 7 }, b = { .id = 9 };
	struct item *first;

	list_add_tail(&a.node, &head);
	list_add_tail(&b.node, &head);
	first = list_first_entry(&head, struct item, node);
	ok(first == &a && first->id == 7, "list_first_entry returns the first container");
	ok(list_entry(&b.node, struct item, node) == &b &&
	   container_of(&a.node, struct item, node) == &a &&
	   &list_entry(head.prev, struct item, node)->node == head.prev,
	   "list_entry / container_of round trip to the container and back");
}

int main(void)
{
	tap_plan_tests(27);

	test_random();		/* 4 */
	test_empty();		/* 4 */
	test_del_poison();	/* 3 */
	test_replace();		/* 4 */
	test_half_init();	/* 4 */
	test_del_init_careful();	/* 2 */
	test_iterators();	/* 4 */
	test_entry();		/* 2 */

	return tap_exit();
}
