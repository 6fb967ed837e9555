// SPDX-License-Identifier: MIT
/*
 * fuzz_parse.c - libFuzzer target for the command line's value parsers
 * (parse.c): whole numbers, times with units and CPU lists.  Besides the
 * sanitizers' checks it asserts what the callers rely on: a parsed time is
 * at most a day, a parsed count lies in its range, a CPU list fits its
 * buffer and holds no CPU above PARSE_CPU_MAX, and a failure says why.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../harness/parse.h"

#define CHECK(c)	do { if (!(c)) abort(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), err[128];
	unsigned long long v;
	int cpus[64];
	unsigned int n, i;
	uint64_t ns;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = 0;

	err[0] = 0;
	if (parse_count(s, 1, 4096, &v, err, sizeof(err)) == 0)
		CHECK(v >= 1 && v <= 4096);
	else
		CHECK(err[0]);
	err[0] = 0;
	if (parse_time(s, 1000000000ull, &ns, err, sizeof(err)) == 0)
		CHECK(ns <= PARSE_TIME_MAX_NS);
	else
		CHECK(err[0]);
	if (parse_time(s, 1, &ns, err, sizeof(err)) == 0)
		CHECK(ns <= PARSE_TIME_MAX_NS);
	err[0] = 0;
	if (parse_cpulist(s, cpus, 64, &n, err, sizeof(err)) == 0) {
		CHECK(n >= 1 && n <= 64);
		for (i = 0; i < n; i++)
			CHECK(cpus[i] >= 0 && (unsigned int)cpus[i] <= PARSE_CPU_MAX);
	} else {
		CHECK(err[0]);
	}
	free(s);
	return 0;
}
