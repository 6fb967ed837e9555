// SPDX-License-Identifier: MIT
/*
 * counters.c - perf_event_open(2) per thread for counters.h.  The generic
 * hardware events cover cycles, instructions and cache misses on every
 * vendor.  A cache-to-cache transfer event (a load that hit a line modified
 * in another core's cache, perf c2c's HITM) has no generic name: on Intel
 * family 6 it is MEM_LOAD_L3_HIT_RETIRED.XSNP_HITM (event 0xd2, umask
 * 0x04, Skylake to Ice Lake; newer cores call it XSNP_FWD, same encoding);
 * AMD has no such event, so the column stays empty there.
 */
#include <errno.h>
#include <math.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "counters.h"

static long perf_event_open(struct perf_event_attr *attr, int group_fd)
{
	return syscall(SYS_perf_event_open, attr, 0, -1, group_fd, 0);
}

/* The raw HITM event of this CPU, or 0 when it has none that we know. */
static uint64_t hitm_config(void)
{
	char line[256];
	bool intel = false;
	int family = 0;
	FILE *f = fopen("/proc/cpuinfo", "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "vendor_id", 9))
			intel = strstr(line, "GenuineIntel") != NULL;
		else if (!strncmp(line, "cpu family", 10))
			sscanf(strchr(line, ':') ? strchr(line, ':') + 1 : line, "%d", &family);
		else if (line[0] == '\n')
			break;
	}
	fclose(f);
	return intel && family == 6 ? 0x04d2 : 0;
}

static int open_one(enum counter_id id, int group_fd)
{
	struct perf_event_attr attr;
	long fd;

	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = PERF_TYPE_HARDWARE;
	switch (id) {
	case CNT_CYCLES:
		attr.config = PERF_COUNT_HW_CPU_CYCLES;
		break;
	case CNT_INSTRUCTIONS:
		attr.config = PERF_COUNT_HW_INSTRUCTIONS;
		break;
	case CNT_CACHE_MISSES:
		attr.config = PERF_COUNT_HW_CACHE_MISSES;
		break;
	case CNT_HITM:
		attr.type = PERF_TYPE_RAW;
		attr.config = hitm_config();
		if (!attr.config)
			return -ENOENT;
		break;
	case CNT_NR:
		return -EINVAL;
	}
	attr.disabled = group_fd < 0;
	attr.exclude_kernel = 1;
	attr.exclude_hv = 1;
	attr.read_format = PERF_FORMAT_GROUP;
	fd = perf_event_open(&attr, group_fd);
	return fd < 0 ? -errno : (int)fd;
}

bool counters_probe(char *why, size_t len)
{
	struct counters c;
	int ret = counters_open(&c);

	if (ret < 0) {
		snprintf(why, len, "unavailable: perf_event_open cycles: %s", strerror(-ret));
		return false;
	}
	snprintf(why, len, "cycles, instructions%s%s per waiter thread, user space, around "
		 "the whole waiter loop", c.fd[CNT_CACHE_MISSES] >= 0 ? ", cache-misses" : "",
		 c.fd[CNT_HITM] >= 0 ? ", HITM (raw 0x04d2)" : "");
	counters_close(&c);
	return true;
}

bool counters_wanted(bool on, char *why, size_t len)
{
	if (on)
		return counters_probe(why, len);
	snprintf(why, len, "off (--counters off)");
	return false;
}

void counters_init(struct counters *c, bool usable)
{
	int i;

	for (i = 0; i < CNT_NR; i++)
		c->fd[i] = -1;
	if (usable)
		counters_open(c);
}

int counters_open(struct counters *c)
{
	int i, fd;

	for (i = 0; i < CNT_NR; i++)
		c->fd[i] = -1;
	fd = open_one(CNT_CYCLES, -1);
	if (fd < 0)
		return fd;
	c->fd[CNT_CYCLES] = fd;
	for (i = CNT_CYCLES + 1; i < CNT_NR; i++) {
		fd = open_one((enum counter_id)i, c->fd[CNT_CYCLES]);
		c->fd[i] = fd < 0 ? -1 : fd;
	}
	return 0;
}

void counters_start(struct counters *c)
{
	if (c->fd[CNT_CYCLES] < 0)
		return;
	ioctl(c->fd[CNT_CYCLES], PERF_EVENT_IOC_RESET, PERF_IOC_FLAG_GROUP);
	ioctl(c->fd[CNT_CYCLES], PERF_EVENT_IOC_ENABLE, PERF_IOC_FLAG_GROUP);
}

void counters_stop(struct counters *c, uint64_t val[CNT_NR])
{
	uint64_t buf[1 + CNT_NR];
	ssize_t n;
	int i, k = 0;

	for (i = 0; i < CNT_NR; i++)
		val[i] = UINT64_MAX;
	if (c->fd[CNT_CYCLES] < 0)
		return;
	ioctl(c->fd[CNT_CYCLES], PERF_EVENT_IOC_DISABLE, PERF_IOC_FLAG_GROUP);
	/* PERF_FORMAT_GROUP: nr, then the values in the order the group was opened */
	n = read(c->fd[CNT_CYCLES], buf, sizeof(buf));
	if (n < (ssize_t)sizeof(uint64_t))
		return;
	for (i = 0; i < CNT_NR; i++)
		if (c->fd[i] >= 0 && (uint64_t)k < buf[0] && 1 + k < n / (ssize_t)sizeof(uint64_t))
			val[i] = buf[1 + k++];
}

void counters_close(struct counters *c)
{
	int i;

	for (i = CNT_NR - 1; i >= 0; i--)
		if (c->fd[i] >= 0) {
			close(c->fd[i]);
			c->fd[i] = -1;
		}
}

void counters_add(struct counters_sum *s, const uint64_t val[CNT_NR], uint64_t calls)
{
	unsigned int k;

	s->calls += calls;
	for (k = 0; k < CNT_NR; k++) {
		if (val[k] == UINT64_MAX)
			s->missing[k] = true;
		s->sum[k] += (double)val[k];
	}
}

double counters_per_call(const struct counters_sum *s, enum counter_id k)
{
	if (!s->ok || s->missing[k] || !s->calls)
		return NAN;
	return s->sum[k] / (double)s->calls;
}
