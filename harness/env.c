// SPDX-License-Identifier: MIT
/*
 * env.c - machine facts for the run header and the interference check.
 * Everything comes from /proc and /sys; a missing file is "n/a", never an
 * error, because containers and VMs hide different parts.
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "env.h"

static void read_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");

	snprintf(buf, len, "n/a");
	if (!f)
		return;
	if (fgets(buf, (int)len, f))
		buf[strcspn(buf, "\n")] = 0;
	else
		snprintf(buf, len, "n/a");
	fclose(f);
}

static void cpuinfo(struct env_info *e)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[4096];
	bool model = false, flags = false;

	snprintf(e->cpu_model, sizeof(e->cpu_model), "unknown CPU");
	e->hypervisor = -1;
	if (!f)
		return;
	while ((!model || !flags) && fgets(line, sizeof(line), f)) {
		char *v = strchr(line, ':');

		if (!v)
			continue;
		v++;
		v += strspn(v, " \t");
		v[strcspn(v, "\n")] = 0;
		if (!model && (!strncmp(line, "model name", 10) || !strncmp(line, "Model\t", 6))) {
			snprintf(e->cpu_model, sizeof(e->cpu_model), "%s", v);
			model = true;
		} else if (!flags && (!strncmp(line, "flags", 5) || !strncmp(line, "Features", 8))) {
			char *p = strstr(v, "hypervisor");

			e->hypervisor = p && (p[10] == ' ' || p[10] == 0);
			flags = true;
		}
	}
	fclose(f);
}

void env_read(struct env_info *e)
{
	struct utsname u;
	char buf[32];

	memset(e, 0, sizeof(*e));
	cpuinfo(e);
	if (uname(&u) == 0)
		snprintf(e->kernel, sizeof(e->kernel), "%s %s %s", u.sysname, u.release, u.machine);
	else
		snprintf(e->kernel, sizeof(e->kernel), "n/a");
	read_line("/sys/devices/system/clocksource/clocksource0/current_clocksource",
		  e->clocksource, sizeof(e->clocksource));
	read_line("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor",
		  e->governor, sizeof(e->governor));
	read_line("/sys/devices/system/cpu/cpufreq/boost", e->boost, sizeof(e->boost));
	read_line("/sys/devices/system/cpu/smt/control", e->smt, sizeof(e->smt));
	read_line("/proc/sys/kernel/numa_balancing", buf, sizeof(buf));
	e->numa_balancing = strcmp(buf, "n/a") ? atoi(buf) : -1;
}

void env_warn(const struct env_info *e)
{
	if (strcmp(e->governor, "n/a") && strcmp(e->governor, "performance"))
		warnx("cpufreq governor is '%s', not 'performance': clock ramps skew latencies",
		      e->governor);
	if (e->numa_balancing > 0)
		warnx("kernel.numa_balancing is on: pages may migrate during the run");
	if (e->hypervisor > 0)
		warnx("running under a hypervisor: vCPU placement and steal time add noise");
}

void env_cpu_sample(struct env_cpu_sample *s)
{
	unsigned long long v[10] = { 0 };
	struct rusage ru;
	struct timespec ts;
	long hz = sysconf(_SC_CLK_TCK);
	FILE *f = fopen("/proc/stat", "r");

	memset(s, 0, sizeof(*s));
	clock_gettime(CLOCK_MONOTONIC, &ts);
	s->wall_ns = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
	if (!f)
		return;
	/* cpu  user nice system idle iowait irq softirq steal guest guest_nice */
	if (fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2], &v[3],
		   &v[4], &v[5], &v[6], &v[7]) == 8 && hz > 0 &&
	    getrusage(RUSAGE_SELF, &ru) == 0) {
		s->busy_ticks = v[0] + v[1] + v[2] + v[5] + v[6] + v[7];
		/* rusage in µs, converted to the same clock ticks */
		s->self_ticks = (uint64_t)(((double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
					    (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6) *
					   (double)hz);
		s->valid = true;
	}
	fclose(f);
}

double env_other_load(const struct env_cpu_sample *a, const struct env_cpu_sample *b)
{
	long hz = sysconf(_SC_CLK_TCK);
	double other, wall;

	static bool warned;

	if (!a->valid || !b->valid || hz <= 0 || b->wall_ns <= a->wall_ns) {
		if (!warned)
			warnx("cannot read /proc/stat: other load unknown, disturbed repetitions "
			      "not detected (other_load_pct and disturbed left empty)");
		warned = true;
		return -1;
	}
	other = (double)(int64_t)((b->busy_ticks - a->busy_ticks) - (b->self_ticks - a->self_ticks));
	wall = (double)(b->wall_ns - a->wall_ns) / 1e9 * (double)hz;
	if (other < 0)
		other = 0;
	return 100.0 * other / wall;
}

long env_thread_nivcsw(void)
{
	struct rusage ru;

	return getrusage(RUSAGE_THREAD, &ru) == 0 ? ru.ru_nivcsw : 0;
}
