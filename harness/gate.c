// SPDX-License-Identifier: MIT
/*
 * gate.c - see gate.h.  A mutex and a condition variable: startup and the
 * start of each run are rare, so clarity beats speed here, and
 * ThreadSanitizer understands both.
 */
#include <errno.h>
#include <stdlib.h>
#include <time.h>

#include "gate.h"

int gate_init(struct gate *g, unsigned int n)
{
	pthread_condattr_t ca;
	int ret;

	g->phase = 0;
	g->n = n;
	g->reached = calloc(n, sizeof(*g->reached));
	if (!g->reached)
		return ENOMEM;
	if ((ret = pthread_mutex_init(&g->lock, NULL)))
		return ret;
	pthread_condattr_init(&ca);
	/* deadlines on the monotonic clock: a clock step moves no watchdog */
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	ret = pthread_cond_init(&g->cond, &ca);
	pthread_condattr_destroy(&ca);
	return ret;
}

void gate_destroy(struct gate *g)
{
	pthread_cond_destroy(&g->cond);
	pthread_mutex_destroy(&g->lock);
	free(g->reached);
	g->reached = NULL;
}

void gate_pass(struct gate *g, unsigned int who, unsigned int phase)
{
	pthread_mutex_lock(&g->lock);
	g->reached[who] = phase;
	pthread_cond_broadcast(&g->cond);
	while (g->phase < phase)
		pthread_cond_wait(&g->cond, &g->lock);
	pthread_mutex_unlock(&g->lock);
}

void gate_open(struct gate *g, unsigned int phase)
{
	pthread_mutex_lock(&g->lock);
	g->phase = phase;
	pthread_cond_broadcast(&g->cond);
	pthread_mutex_unlock(&g->lock);
}

/* Called with the lock held. */
static int first_behind(const struct gate *g, unsigned int phase)
{
	unsigned int i;

	for (i = 0; i < g->n; i++)
		if (g->reached[i] < phase)
			return (int)i;
	return -1;
}

int gate_wait(struct gate *g, unsigned int phase, uint64_t timeout_ns)
{
	struct timespec deadline;
	int who;

	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += (time_t)(timeout_ns / 1000000000ull);
	deadline.tv_nsec += (long)(timeout_ns % 1000000000ull);
	if (deadline.tv_nsec >= 1000000000L) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&g->lock);
	while ((who = first_behind(g, phase)) >= 0)
		if (pthread_cond_timedwait(&g->cond, &g->lock, &deadline) == ETIMEDOUT) {
			who = first_behind(g, phase);
			break;
		}
	pthread_mutex_unlock(&g->lock);
	return who;
}

int gate_behind(struct gate *g)
{
	int who;

	pthread_mutex_lock(&g->lock);
	who = first_behind(g, g->phase);
	pthread_mutex_unlock(&g->lock);
	return who;
}
