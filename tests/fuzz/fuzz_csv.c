// SPDX-License-Identifier: MIT
/*
 * fuzz_csv.c - libFuzzer target for the CSV reader behind --report and
 * scripts/lkml-report (summary.c): any input is either refused with a
 * reason or summarised without a crash, a leak or an out-of-bounds access.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "../../harness/summary.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *null;
	struct summary *s;
	char err[512];
	FILE *f;

	if (!null)
		null = fopen("/dev/null", "w");
	if (!size || !null)
		return 0;
	f = fmemopen((void *)data, size, "r");
	if (!f)
		return 0;
	err[0] = 0;
	if (summary_read_stream(f, "fuzz", &s, err, sizeof(err)) == 0) {
		summary_print(null, s, NULL);
		summary_print(null, s, s);
		summary_free(s);
	} else if (!err[0]) {
		abort();
	}
	fclose(f);
	return 0;
}
