/* SPDX-License-Identifier: MIT */
/*
 * json.h - the pieces of JSON that -f json writes: a string escaped, a
 * number with as many decimals as its CSV or '#' line form, null for a
 * value not measured.
 */
#ifndef FENCEBENCH_JSON_H
#define FENCEBENCH_JSON_H

#include <stdio.h>

/* @s quoted, with quotes, backslash and control characters escaped; NULL: "". */
void json_string(FILE *f, const char *s);
/* @v with @decimals decimals; null when @v is NaN or infinite (not measured). */
void json_number(FILE *f, double v, int decimals);
/* "key": (the caller writes the comma between members). */
void json_key(FILE *f, const char *key);

#endif
