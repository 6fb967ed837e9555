/* SPDX-License-Identifier: MIT */
/*
 * table.h - a table for a mail: its columns sized to what they hold, never
 * wider than 72 columns.  Each value cell may carry a compact form (fewer
 * decimals) used only when the full forms do not fit; a name too long for
 * the room left goes on a line of its own, above its values.
 */
#ifndef FENCEBENCH_TABLE_H
#define FENCEBENCH_TABLE_H

#include <stdio.h>

#define TABLE_WIDTH	72
#define TABLE_COLS	6
#define TABLE_ROWS	32
#define TABLE_CELL	40

struct table {
	unsigned int ncols, nrows;
	const char *head[TABLE_COLS];	/* column 0: the names, left-aligned */
	char cell[TABLE_ROWS][TABLE_COLS][2][TABLE_CELL];	/* [full, compact] */
};

/* An empty table of @ncols columns headed @head (static strings). */
void table_init(struct table *t, unsigned int ncols, const char *const *head);
/* A new row named @name: its index, or -1 when the table is full. */
int table_row(struct table *t, const char *name);
/* Column @col of row @row: @full, and @compact (NULL: the same) when cramped. */
void table_cell(struct table *t, int row, unsigned int col, const char *full,
		const char *compact);
void table_print(FILE *f, const struct table *t);

#endif
