// SPDX-License-Identifier: MIT
/*
 * parse.c - value parsers for the command line (parse.h).  Every number is
 * read with strtoull/strtod and its end pointer checked; ranges are checked
 * before any arithmetic, so no input can overflow or loop for long.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

int parse_count(const char *s, unsigned long long min, unsigned long long max,
		unsigned long long *out, char *err, size_t errlen)
{
	unsigned long long v;
	char *end;

	if (!is_digit(*s)) {
		snprintf(err, errlen, "'%.40s' is not a whole number", s);
		return -1;
	}
	errno = 0;
	v = strtoull(s, &end, 10);
	if (*end) {
		snprintf(err, errlen, "'%.40s' is not a whole number", s);
		return -1;
	}
	if (errno == ERANGE || v < min || v > max) {
		snprintf(err, errlen, "%.40s is out of range %llu..%llu", s, min, max);
		return -1;
	}
	*out = v;
	return 0;
}

int parse_time(const char *s, uint64_t bare_unit_ns, uint64_t *out_ns, char *err, size_t errlen)
{
	static const struct { const char *sfx; double ns; } units[] = {
		{ "ns", 1 }, { "us", 1e3 }, { "ms", 1e6 }, { "s", 1e9 },
	};
	double v, scale = (double)bare_unit_ns;
	unsigned int i;
	char *end;

	/* digits and a decimal point only: no sign, no hex, no inf or nan */
	if (!(is_digit(*s) || (*s == '.' && is_digit(s[1])))) {
		snprintf(err, errlen, "'%.40s' is not a time (e.g. 500ms, 2s, 100us)", s);
		return -1;
	}
	for (i = 0; s[i] && (is_digit(s[i]) || s[i] == '.'); i++)
		;
	errno = 0;
	v = strtod(s, &end);
	if (end != s + i || errno == ERANGE || !isfinite(v)) {
		snprintf(err, errlen, "'%.40s' is not a time (e.g. 500ms, 2s, 100us)", s);
		return -1;
	}
	if (*end) {
		for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
			if (!strcmp(end, units[i].sfx))
				break;
		if (i == sizeof(units) / sizeof(units[0])) {
			snprintf(err, errlen, "'%.40s' has an unknown unit (use ns, us, ms or s)", s);
			return -1;
		}
		scale = units[i].ns;
	}
	v *= scale;
	if (!(v <= (double)PARSE_TIME_MAX_NS)) {
		snprintf(err, errlen, "%.40s is longer than a day", s);
		return -1;
	}
	*out_ns = (uint64_t)llround(v);
	return 0;
}

static int number(const char **p, unsigned long *v)
{
	char *end;

	if (!is_digit(**p))
		return -1;
	errno = 0;
	*v = strtoul(*p, &end, 10);
	if (errno == ERANGE || *v > PARSE_CPU_MAX)
		return -1;
	*p = end;
	return 0;
}

int parse_cpulist(const char *s, int *cpus, unsigned int max, unsigned int *n, char *err,
		  size_t errlen)
{
	const char *p = s;

	*n = 0;
	for (;;) {
		unsigned long a, b, step = 1, c;

		if (number(&p, &a) < 0)
			goto bad;
		b = a;
		if (*p == '-') {
			p++;
			if (number(&p, &b) < 0 || b < a)
				goto bad;
			if (*p == ':') {
				p++;
				if (number(&p, &step) < 0 || step == 0)
					goto bad;
			}
		}
		for (c = a; c <= b; c += step) {
			if (*n == max) {
				snprintf(err, errlen, "more than %u CPUs in '%.40s'", max, s);
				return -1;
			}
			cpus[(*n)++] = (int)c;
		}
		if (!*p)
			return 0;
		if (*p++ != ',')
			goto bad;
	}
bad:
	snprintf(err, errlen, "'%.40s' is not a CPU list (e.g. 0-3,8,10-15:2)", s);
	return -1;
}
