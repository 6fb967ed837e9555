// SPDX-License-Identifier: MIT
/*
 * table.c - the mail table of table.h.  Layouts are tried from the most
 * generous down (two blanks between columns, then one; full values, then
 * compact), and the first that fits in TABLE_WIDTH is printed.  When none
 * does, names that do not fit go on lines of their own; a line still too
 * wide (values no layout can hold) is wrapped at its blanks.
 */
#include <stdbool.h>
#include <string.h>

#include "summary.h"
#include "table.h"

void table_init(struct table *t, unsigned int ncols, const char *const *head)
{
	unsigned int i;

	memset(t, 0, sizeof(*t));
	t->ncols = ncols < TABLE_COLS ? ncols : TABLE_COLS;
	for (i = 0; i < t->ncols; i++)
		t->head[i] = head[i];
}

static void copy(char *dst, const char *src)
{
	snprintf(dst, TABLE_CELL, "%s", src);
}

int table_row(struct table *t, const char *name)
{
	if (t->nrows == TABLE_ROWS)
		return -1;
	copy(t->cell[t->nrows][0][0], name);
	copy(t->cell[t->nrows][0][1], name);
	return (int)t->nrows++;
}

void table_cell(struct table *t, int row, unsigned int col, const char *full,
		const char *compact)
{
	if (row < 0 || (unsigned int)row >= t->nrows || col == 0 || col >= t->ncols)
		return;
	copy(t->cell[row][col][0], full);
	copy(t->cell[row][col][1], compact ? compact : full);
}

static size_t max_len(const struct table *t, unsigned int col, int form)
{
	size_t w = strlen(t->head[col]);
	unsigned int r;

	for (r = 0; r < t->nrows; r++)
		if (strlen(t->cell[r][col][form]) > w)
			w = strlen(t->cell[r][col][form]);
	return w;
}

/* One line: @name in @w0 columns, then the values right-aligned; wrapped if too wide. */
static void line(FILE *f, const struct table *t, const char *name, size_t w0,
		 const char *const *val, const size_t *w, size_t sep)
{
	char buf[TABLE_COLS * (TABLE_CELL + 2) + TABLE_CELL + 8];
	size_t off;
	unsigned int c;

	off = (size_t)snprintf(buf, sizeof(buf), "%-*s", (int)w0, name);
	for (c = 1; c < t->ncols; c++)
		off += (size_t)snprintf(buf + off, sizeof(buf) - off, "%*s%*s", (int)sep, "",
					(int)w[c], val[c]);
	while (off && buf[off - 1] == ' ')
		buf[--off] = 0;
	if (off <= TABLE_WIDTH)
		fprintf(f, "%s\n", buf);
	else
		summary_wrapped(f, "", buf + strspn(buf, " "));
}

void table_print(FILE *f, const struct table *t)
{
	static const struct {
		size_t sep;
		int form;
	} layout[] = { { 2, 0 }, { 1, 0 }, { 2, 1 }, { 1, 1 } };
	size_t w[TABLE_COLS], names = 0, rest = 0, room;
	const char *val[TABLE_COLS];
	unsigned int l, c, r;
	int form = 1;
	size_t sep = 1;

	for (l = 0; l < sizeof(layout) / sizeof(layout[0]); l++) {
		names = max_len(t, 0, 0);
		rest = 0;
		for (c = 1; c < t->ncols; c++)
			rest += layout[l].sep + max_len(t, c, layout[l].form);
		form = layout[l].form;
		sep = layout[l].sep;
		if (names + rest <= TABLE_WIDTH)
			break;
	}
	for (c = 1; c < t->ncols; c++)
		w[c] = max_len(t, c, form);
	/* the room the values leave for names; longer names stand alone */
	room = rest < TABLE_WIDTH - 2 ? TABLE_WIDTH - rest : 2;
	if (names > room) {
		names = 2;
		for (r = 0; r < t->nrows; r++)
			if (strlen(t->cell[r][0][0]) <= room && strlen(t->cell[r][0][0]) > names)
				names = strlen(t->cell[r][0][0]);
	}
	val[0] = NULL;
	for (c = 1; c < t->ncols; c++)
		val[c] = t->head[c];
	if (strlen(t->head[0]) > names) {
		fprintf(f, "%s\n", t->head[0]);
		line(f, t, "", names, val, w, sep);
	} else {
		line(f, t, t->head[0], names, val, w, sep);
	}
	for (r = 0; r < t->nrows; r++) {
		const char *name = t->cell[r][0][0];

		for (c = 1; c < t->ncols; c++)
			val[c] = t->cell[r][c][form];
		if (strlen(name) > names) {
			fprintf(f, "%s\n", name);
			name = "";
		}
		line(f, t, name, names, val, w, sep);
	}
}
