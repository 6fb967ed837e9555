// SPDX-License-Identifier: MIT
/*
 * report.c - --report's one entry: the request checked, the CSVs read,
 * the form chosen (summary, comparison, matrix, or the matrix as CSV),
 * every file freed.
 */
#include <err.h>
#include <stdbool.h>
#include <stdio.h>

#include "regimes.h"
#include "report.h"
#include "summary.h"

const char *report_refused(unsigned int nr_files, enum out_format format)
{
	if (nr_files > REPORT_MAX_FILES)
		return "--report: at most 26 CSV files (one per machine)";
	/* text for a mail, or the matrix's numbers: no JSON to offer yet */
	if (format == FORMAT_JSON)
		return "--report: -f json is not supported (text, or -f csv)";
	return NULL;
}

int report_main(char **files, unsigned int n, enum out_format format)
{
	struct summary *s[REPORT_MAX_FILES] = { NULL };
	const char *name[REPORT_MAX_FILES];
	char errbuf[512];
	unsigned int i, nr = n ? n : 1;
	bool several = nr > 2;
	int ret = 0;

	if (report_refused(n, format))
		return 2;
	for (i = 0; i < nr; i++) {
		name[i] = n ? files[i] : "-";
		ret = summary_read(name[i], &s[i], errbuf, sizeof(errbuf));
		if (ret < 0) {
			warnx("%s", errbuf);
			ret = ret == -2 ? 2 : 1;
			nr = i;
			goto out;
		}
		several |= summary_several(s[i]);
	}
	if (format == FORMAT_CSV)
		regimes_csv(stdout, (const struct summary *const *)s, name, nr);
	else if (several)
		regimes_print(stdout, (const struct summary *const *)s, name, nr);
	else
		summary_print(stdout, s[0], s[1]);
	if (fflush(stdout) || ferror(stdout))
		err(1, "stdout");
out:
	for (i = 0; i < nr; i++)
		summary_free(s[i]);
	return ret;
}
