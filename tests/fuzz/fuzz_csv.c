// SPDX-License-Identifier: MIT
/*
 * fuzz_csv.c - libFuzzer target for the CSV reader behind --report and
 * scripts/lkml-report (harness/report/: summary.c, and the matrix of regimes.c): any input is either refused with a
 * reason or summarised without a crash, a leak or an out-of-bounds access,
 * and every line of the mail block is at most 72 columns, whatever the CSV held.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../harness/report/regimes.h"
#include "../../harness/report/summary.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts unless every line of @buf is at most 72 columns. */
static void narrow(const char *buf, size_t len)
{
	size_t col = 0, i;

	for (i = 0; i < len; i++) {
		col = buf[i] == '\n' ? 0 : col + 1;
		if (col > 72)
			abort();
	}
}

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
		const struct summary *two[2] = { s, s };
		const char *names[2] = { "fuzz", "fuzz" };

		char *buf = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&buf, &len);

		if (m) {
			summary_print(m, s, NULL);
			summary_print(m, s, s);
			regimes_print(m, two, names, 2);
			fclose(m);
			narrow(buf, len);
			free(buf);
		}
		regimes_csv(null, two, names, 1);
		summary_free(s);
	} else if (!err[0]) {
		abort();
	}
	fclose(f);
	return 0;
}
