// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * fbk_main.c - fencebench.ko's interface (below), the controller that runs
 * each strategy and repetition, and the results device.
 */

/**
 * DOC: interface
 *
 * What to run comes in as module parameters at load time; the results go
 * out as text.  Nothing needs debugfs or a writable file, so it works
 * under lockdown (given a module signed with an enrolled key).
 *
 * Loading validates the parameters: a bad one fails the load with -EINVAL
 * and one "fencebench: ..." line in the kernel log.  Then a controller
 * kthread runs every strategy for every repetition, each run with its own
 * signaler and waiter kthreads bound to the CPUs fencebench planned in
 * userspace.  Unloading the module at any time stops the run and leaves no
 * callback attached to any fence.
 *
 * /sys/module/fencebench/parameters/state says "running DONE/TOTAL",
 * "done DONE/TOTAL" or "failed REASON" (a broken exactly-once check, a
 * thread that waited longer than timeout_ms, an unload).
 *
 * /dev/fencebench (read-only, root) prints "key value" lines:
 * "fencebench-kmod 1" (the format's version), "state", "tsc_khz", "lock"
 * (native, paravirt or virt_spin_lock), "preempt", "fence_nodes"; then per
 * completed run one "run key=value ..." line (strategy, rep, rounds,
 * measured_cycles, fast, slow_hit, slow_miss, the four hazard counts,
 * nivcsw, timer_overhead_cycles, lock_cycles, signaler_cpu, waiter_cpus,
 * spin, timing: removal or none) and four "hist NAME count= sum= min=
 * max= B:C ..." lines (fast, slow, signal, wait; TSC cycles; B a bucket
 * of hist_bucket.h; all empty in an untimed run, wait empty unless
 * wait=sleep); then "end".
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitops.h>
#include <linux/cpumask.h>
#include <linux/kthread.h>
#include <linux/list.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/nodemask.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <asm/tsc.h>

#include "fbk.h"

/* ---- parameters (read-only once loaded) -------------------------------- */

/**
 * FBK_PARAM - a module parameter, read-only once loaded
 * @type: the variable's C type
 * @name: the variable and the parameter's name
 * @ptype: its moduleparam.h type (charp, ulong, int, uint, ullong)
 * @value: its default
 * @desc: what modinfo says of it
 */
#define FBK_PARAM(type, name, ptype, value, desc)	\
	static type name = value;			\
	module_param(name, ptype, 0444);		\
	MODULE_PARM_DESC(name, desc)

FBK_PARAM(char *, strategies, charp, FB_KERNEL_STRATEGIES,
	  "comma-separated: " FB_KERNEL_STRATEGIES);

FBK_PARAM(char *, wait, charp, "poll", "poll, callback, timeout (see wait_timeout_ns) or sleep");

FBK_PARAM(char *, timing, charp, "removal",
	  "removal (each removal timed), none (no timer in the rounds: the hazard counts) or both");

FBK_PARAM(ulong, wait_timeout_ns, ulong, 0, "the timeout wait mode gives up after this long");

FBK_PARAM(int, signaler_cpu, int, 0, "the signaler's CPU");

FBK_PARAM(char *, waiter_cpus, charp, "1", "the waiters' CPUs, comma-separated, one per waiter");

FBK_PARAM(char *, fence_nodes, charp, "",
	  "NUMA node of each ring slot, comma-separated, cycled (default: the signaler's)");

FBK_PARAM(ulong, warmup_us, ulong, 50000, "unmeasured rounds before each run (us)");

FBK_PARAM(ulong, duration_us, ulong, 400000, "measured time per run (us, at least 1000)");

FBK_PARAM(uint, repeat, uint, 1, "repetitions; the strategy order rotates each time");

FBK_PARAM(uint, timeout_ms, uint, 5000,
	  "a thread that waits this long aborts the run (100..3600000)");

FBK_PARAM(unsigned long long, test_stall_round, ullong, 0,
	  "test hook: the waiters stop in this round of each run (0: never)");

/* ---- state -------------------------------------------------------------- */

/* A histogram as it leaves the module: the non-empty buckets only. */
struct fbk_sparse {
	u64 count, sum, min, max;
	unsigned int n;
	u32 *bucket;
	u64 *cnt;
};

enum { FBK_H_FAST, FBK_H_SLOW, FBK_H_SIGNAL, FBK_H_WAIT, FBK_NR_HISTS };
static const char *const fbk_hist_name[FBK_NR_HISTS] = { "fast", "slow", "signal", "wait" };

/* --timing's loops, as a mask */
enum { FBK_TIMED = 1, FBK_UNTIMED = 2 };

/* One completed run, as printed. */
struct fbk_result {
	struct list_head node;
	enum fbk_strategy strategy;
	unsigned int rep;
	bool timed;
	u64 rounds, measured_cycles, fast, hit, miss;
	u64 hazard_prev_store, hazard_func_call, hazard_payload_read, hazard_payload_write;
	unsigned long nivcsw;
	u64 timer_overhead, lock_cycles;
	int signaler_cpu;
	char waiter_cpus[FBK_MAX_WAITERS * 5];
	struct fbk_sparse hist[FBK_NR_HISTS];
};

static struct {
	enum fbk_strategy strategy[FBK_NR_STRATEGIES];
	unsigned int nr_strategies;
	enum fbk_wait wait;
	unsigned int timing;		/* FBK_TIMED and/or FBK_UNTIMED */
	int waiter_cpu[FBK_MAX_WAITERS];
	unsigned int nr_waiters;
	int fence_node[FB_RING];
	bool yield;

	struct fbk_run *run;
	struct task_struct *controller;

	struct mutex lock;		/* protects what follows */
	struct list_head results;
	unsigned int runs_done, runs_total;
	bool finished, failed;
	char why[192];
} fbk;

/* ---- parameter parsing -------------------------------------------------- */

/* Splits a comma-separated list into ints; -EINVAL on a bad element. */
static int fbk_parse_ints(const char *name, const char *s, int *v, unsigned int max,
			  unsigned int *nr)
{
	char *copy, *p, *tok;
	int ret = 0;

	*nr = 0;
	copy = kstrdup(s, GFP_KERNEL);
	if (!copy)
		return -ENOMEM;
	p = copy;
	while ((tok = strsep(&p, ",")) != NULL) {
		if (*nr == max) {
			pr_err("%s: more than %u entries\n", name, max);
			ret = -EINVAL;
			break;
		}
		if (kstrtoint(tok, 10, &v[*nr])) {
			pr_err("%s: '%s' is not a number\n", name, tok);
			ret = -EINVAL;
			break;
		}
		(*nr)++;
	}
	kfree(copy);
	return ret;
}

static int fbk_cpu_ok(const char *name, int cpu)
{
	if (cpu < 0 || cpu >= nr_cpu_ids || !cpu_online(cpu)) {
		pr_err("%s: CPU %d is not online\n", name, cpu);
		return -EINVAL;
	}
	return 0;
}

static int fbk_parse_strategies(void)
{
	char *copy, *p, *tok;
	bool seen[FBK_NR_STRATEGIES] = { false };
	unsigned int i;
	int ret = 0;

	copy = kstrdup(strategies ? strategies : "", GFP_KERNEL);
	if (!copy)
		return -ENOMEM;
	p = copy;
	while ((tok = strsep(&p, ",")) != NULL) {
		for (i = 0; i < FBK_NR_STRATEGIES; i++)
			if (!strcmp(tok, fbk_strategy_name[i]))
				break;
		if (i == FBK_NR_STRATEGIES) {
			pr_err("strategies: unknown strategy '%s' (valid: " FB_KERNEL_STRATEGIES ")\n",
			       tok);
			ret = -EINVAL;
			break;
		}
		if (seen[i]) {
			pr_err("strategies: '%s' is listed twice\n", tok);
			ret = -EINVAL;
			break;
		}
		seen[i] = true;
		fbk.strategy[fbk.nr_strategies++] = i;
	}
	kfree(copy);
	return ret;
}

static int fbk_parse_params(void)
{
	int nodes[FB_RING];
	unsigned int i, j, nr;
	int ret;

	ret = fbk_parse_strategies();
	if (ret)
		return ret;
	if (!wait || !strcmp(wait, "poll")) {
		fbk.wait = FBK_WAIT_POLL;
	} else if (!strcmp(wait, "callback")) {
		fbk.wait = FBK_WAIT_CALLBACK;
	} else if (!strcmp(wait, "sleep")) {
		fbk.wait = FBK_WAIT_SLEEP;
	} else if (!strcmp(wait, "timeout")) {
		fbk.wait = FBK_WAIT_TIMEOUT;
		if (!wait_timeout_ns) {
			pr_err("wait=timeout needs wait_timeout_ns > 0\n");
			return -EINVAL;
		}
	} else {
		pr_err("wait: unknown mode '%s' (valid: poll, callback, timeout, sleep)\n", wait);
		return -EINVAL;
	}
	if (!timing || !strcmp(timing, "removal")) {
		fbk.timing = FBK_TIMED;
	} else if (!strcmp(timing, "none")) {
		fbk.timing = FBK_UNTIMED;
	} else if (!strcmp(timing, "both")) {
		fbk.timing = FBK_TIMED | FBK_UNTIMED;
	} else {
		pr_err("timing: unknown mode '%s' (valid: removal, none, both)\n", timing);
		return -EINVAL;
	}
	ret = fbk_cpu_ok("signaler_cpu", signaler_cpu);
	if (ret)
		return ret;
	ret = fbk_parse_ints("waiter_cpus", waiter_cpus ? waiter_cpus : "",
			     fbk.waiter_cpu, FBK_MAX_WAITERS, &fbk.nr_waiters);
	if (ret)
		return ret;
	for (i = 0; i < fbk.nr_waiters; i++) {
		ret = fbk_cpu_ok("waiter_cpus", fbk.waiter_cpu[i]);
		if (ret)
			return ret;
		/* two threads on one CPU: spins must let the other run */
		fbk.yield |= fbk.waiter_cpu[i] == signaler_cpu;
		for (j = 0; j < i; j++)
			fbk.yield |= fbk.waiter_cpu[j] == fbk.waiter_cpu[i];
	}
	nr = 0;
	if (fence_nodes && *fence_nodes) {
		ret = fbk_parse_ints("fence_nodes", fence_nodes, nodes, FB_RING, &nr);
		if (ret)
			return ret;
	}
	for (i = 0; i < FB_RING; i++) {
		fbk.fence_node[i] = nr ? nodes[i % nr] : cpu_to_node(signaler_cpu);
		if (fbk.fence_node[i] < 0 || fbk.fence_node[i] >= MAX_NUMNODES ||
		    !node_online(fbk.fence_node[i])) {
			pr_err("fence_nodes: node %d is not online\n", fbk.fence_node[i]);
			return -EINVAL;
		}
	}
	if (duration_us < 1000 || duration_us > 3600ul * USEC_PER_SEC) {
		pr_err("duration_us: %lu is not in 1000..3600000000\n", duration_us);
		return -EINVAL;
	}
	if (warmup_us > 3600ul * USEC_PER_SEC) {
		pr_err("warmup_us: %lu is more than an hour\n", warmup_us);
		return -EINVAL;
	}
	if (!repeat || repeat > 1000) {
		pr_err("repeat: %u is not in 1..1000\n", repeat);
		return -EINVAL;
	}
	if (timeout_ms < 100 || timeout_ms > 3600000) {
		pr_err("timeout_ms: %u is not in 100..3600000\n", timeout_ms);
		return -EINVAL;
	}
	if (!tsc_khz) {
		pr_err("no calibrated TSC: the rounds are timed with it\n");
		return -ENODEV;
	}
	return 0;
}

static u64 fbk_cycles(u64 us)
{
	return div_u64(us * tsc_khz, 1000);
}

/* ---- the controller ----------------------------------------------------- */

static int fbk_sparse_of(struct fbk_sparse *sp, const struct fbk_hist *h)
{
	unsigned int b, n = 0;

	sp->count = h->count;
	sp->sum = h->sum;
	sp->min = h->count ? h->min : 0;
	sp->max = h->max;
	for (b = 0; b < HIST_BUCKETS; b++)
		n += h->bucket[b] != 0;
	sp->n = 0;
	sp->bucket = kcalloc(max(n, 1u), sizeof(*sp->bucket), GFP_KERNEL);
	sp->cnt = kcalloc(max(n, 1u), sizeof(*sp->cnt), GFP_KERNEL);
	if (!sp->bucket || !sp->cnt)
		return -ENOMEM;
	for (b = 0; b < HIST_BUCKETS; b++) {
		if (!h->bucket[b])
			continue;
		sp->bucket[sp->n] = b;
		sp->cnt[sp->n++] = h->bucket[b];
	}
	return 0;
}

static void fbk_result_free(struct fbk_result *res)
{
	unsigned int i;

	for (i = 0; i < FBK_NR_HISTS; i++) {
		kfree(res->hist[i].bucket);
		kfree(res->hist[i].cnt);
	}
	kfree(res);
}

/* The run's numbers, summed over the waiters, kept for the device. */
static int fbk_collect(struct fbk_run *run, unsigned int rep, struct fbk_hist *tmp)
{
	struct fbk_result *res;
	size_t off = 0;
	unsigned int i;
	int ret;

	res = kzalloc(sizeof(*res), GFP_KERNEL);
	if (!res)
		return -ENOMEM;
	res->strategy = run->strategy;
	res->rep = rep;
	res->timed = run->timed;
	res->rounds = run->rounds;
	res->measured_cycles = run->measured_cycles;
	res->hazard_func_call = run->hazard_func_call;
	res->hazard_payload_read = run->hazard_payload_read;
	res->nivcsw = run->nivcsw;
	res->timer_overhead = run->timer_overhead;
	res->lock_cycles = run->lock_cycles;
	res->signaler_cpu = run->signaler_cpu_seen;
	for (i = 0; i < run->nr_waiters; i++) {
		const struct fbk_waiter *w = run->waiters[i];

		res->fast += w->fast;
		res->hit += w->hit;
		res->miss += w->miss;
		res->hazard_prev_store += w->hazard_prev_store;
		res->hazard_payload_write += w->hazard_payload_write;
		res->nivcsw += w->nivcsw;
		off += scnprintf(res->waiter_cpus + off, sizeof(res->waiter_cpus) - off,
				 "%s%d", i ? ";" : "", w->cpu_seen);
	}
	fbk_hist_init(tmp);
	for (i = 0; i < run->nr_waiters; i++)
		fbk_hist_merge(tmp, &run->waiters[i]->hist[FBK_FAST]);
	ret = fbk_sparse_of(&res->hist[FBK_H_FAST], tmp);
	fbk_hist_init(tmp);
	for (i = 0; i < run->nr_waiters; i++) {
		fbk_hist_merge(tmp, &run->waiters[i]->hist[FBK_SLOW_HIT]);
		fbk_hist_merge(tmp, &run->waiters[i]->hist[FBK_SLOW_MISS]);
	}
	ret = ret ?: fbk_sparse_of(&res->hist[FBK_H_SLOW], tmp);
	ret = ret ?: fbk_sparse_of(&res->hist[FBK_H_SIGNAL], &run->signal);
	ret = ret ?: fbk_sparse_of(&res->hist[FBK_H_WAIT], &run->woken);
	if (ret) {
		fbk_result_free(res);
		return ret;
	}
	mutex_lock(&fbk.lock);
	list_add_tail(&res->node, &fbk.results);
	fbk.runs_done++;
	mutex_unlock(&fbk.lock);
	return 0;
}

/* Why the run failed, in fencebench's words, or NULL when it did not. */
static const char *fbk_verdict(struct fbk_run *run, char *buf, size_t len)
{
	const char *name = fbk_strategy_name[run->strategy];
	unsigned int i;

	for (i = 0; i < run->nr_waiters; i++)
		if (run->waiters[i]->violation_round) {
			scnprintf(buf, len,
				  "%s: invariant broken in round %llu: waiter %u (CPU %d) found its callback both removed and called, or neither",
				  name, run->waiters[i]->violation_round, i, run->waiters[i]->cpu);
			return buf;
		}
	if (run->violation_round) {
		scnprintf(buf, len,
			  "%s: invariant broken in round %llu: %llu callbacks called + %llu removed != %u waiters",
			  name, run->violation_round, run->violation_invoked,
			  run->violation_removed, run->nr_waiters);
		return buf;
	}
	if (atomic_read_acquire(&run->abort) == 2) {
		scnprintf(buf, len, "%s: %s", name, run->why);
		return buf;
	}
	return NULL;
}

/* Every ring fence signaled: no callback stays attached to a frame. */
static void fbk_quiesce(struct fbk_run *run)
{
	unsigned int i;

	for (i = 0; i < FB_RING; i++)
		dma_fence_signal(&run->ring[i]->base);
}

/* Wait for the run's threads; abort it on rmmod or when it overruns. */
static void fbk_wait_run(struct fbk_run *run)
{
	unsigned long deadline = jiffies + usecs_to_jiffies(warmup_us + duration_us) +
				 2 * msecs_to_jiffies(timeout_ms) + HZ;

	while (!wait_for_completion_timeout(&run->done, HZ / 20)) {
		if (kthread_should_stop())
			fbk_abort(run, "stopped: the module is being unloaded");
		else if (time_after(jiffies, deadline))
			fbk_abort(run, "the run did not end within %u ms of its time",
				  2 * timeout_ms + 1000);
	}
}

static int fbk_run_one(struct fbk_run *run, enum fbk_strategy s, unsigned int rep,
		       struct fbk_hist *tmp)
{
	struct task_struct *sig;
	char why[192];
	const char *bad;
	unsigned int i, made = 0;
	int ret = 0;

	run->strategy = s;
	run->round0 = READ_ONCE(run->round);
	atomic_set(&run->abort, 0);
	atomic_set(&run->running, run->nr_waiters + 1);
	reinit_completion(&run->done);
	run->violation_round = 0;

	for (i = 0; i < run->nr_waiters; i++) {
		struct fbk_waiter *w = run->waiters[i];
		struct task_struct *t;

		t = kthread_create_on_node(fbk_waiter_fn, w, cpu_to_node(w->cpu),
					   "fencebench/w%u", i);
		if (IS_ERR(t)) {
			ret = PTR_ERR(t);
			goto stop;
		}
		kthread_bind(t, w->cpu);
		w->task = t;
		made++;
	}
	sig = kthread_create_on_node(fbk_signaler_fn, run, cpu_to_node(run->signaler_cpu),
				     "fencebench/s");
	if (IS_ERR(sig)) {
		ret = PTR_ERR(sig);
		goto stop;
	}
	kthread_bind(sig, run->signaler_cpu);
	for (i = 0; i < made; i++)
		wake_up_process(run->waiters[i]->task);
	wake_up_process(sig);
	fbk_wait_run(run);
	kthread_stop(sig);
stop:
	/* a thread never woken is stopped before it runs its function */
	for (i = 0; i < made; i++)
		kthread_stop(run->waiters[i]->task);
	fbk_quiesce(run);
	if (ret) {
		scnprintf(why, sizeof(why), "cannot create a kthread: %d", ret);
		bad = why;
	} else {
		bad = fbk_verdict(run, why, sizeof(why));
	}
	if (bad) {
		mutex_lock(&fbk.lock);
		strscpy(fbk.why, bad, sizeof(fbk.why));
		fbk.failed = true;
		mutex_unlock(&fbk.lock);
		pr_info("%s\n", bad);
		return -EIO;
	}
	return fbk_collect(run, rep, tmp);
}

static int fbk_controller_fn(void *data)
{
	struct fbk_run *run = data;
	struct fbk_hist *tmp = kvmalloc(sizeof(*tmp), GFP_KERNEL);
	unsigned int rep, k;
	int ret = tmp ? 0 : -ENOMEM;

	for (rep = 1; rep <= repeat && !ret; rep++) {
		for (k = 0; k < 2 * fbk.nr_strategies && !ret; k++) {
			/* rotate the order each repetition so drift hits every strategy */
			enum fbk_strategy s = fbk.strategy[(k / 2 + rep - 1) % fbk.nr_strategies];
			/* and the timing modes alternate, each strategy's pair back to back */
			unsigned int t = (k + rep) % 2 ? FBK_UNTIMED : FBK_TIMED;

			if (!(fbk.timing & t))
				continue;
			run->timed = t == FBK_TIMED;
			ret = fbk_run_one(run, s, rep, tmp);
			if (ret == -ENOMEM) {
				mutex_lock(&fbk.lock);
				strscpy(fbk.why, "out of memory", sizeof(fbk.why));
				fbk.failed = true;
				mutex_unlock(&fbk.lock);
			}
		}
	}
	kvfree(tmp);
	mutex_lock(&fbk.lock);
	fbk.finished = true;
	mutex_unlock(&fbk.lock);
	set_current_state(TASK_INTERRUPTIBLE);
	while (!kthread_should_stop()) {
		schedule();
		set_current_state(TASK_INTERRUPTIBLE);
	}
	__set_current_state(TASK_RUNNING);
	return 0;
}

/* ---- state parameter and results device --------------------------------- */

static void fbk_state_print(char *buf, size_t len)
{
	mutex_lock(&fbk.lock);
	if (fbk.failed)
		scnprintf(buf, len, "failed %s", fbk.why);
	else if (fbk.finished)
		scnprintf(buf, len, "done %u/%u", fbk.runs_done, fbk.runs_total);
	else
		scnprintf(buf, len, "running %u/%u", fbk.runs_done, fbk.runs_total);
	mutex_unlock(&fbk.lock);
}

static int fbk_state_get(char *buf, const struct kernel_param *kp)
{
	fbk_state_print(buf, PAGE_SIZE - 1);
	return strlcat(buf, "\n", PAGE_SIZE);
}

static int fbk_state_set(const char *val, const struct kernel_param *kp)
{
	return -EPERM;
}

static const struct kernel_param_ops fbk_state_ops = {
	.set = fbk_state_set,
	.get = fbk_state_get,
};

/*
 * state: "running DONE/TOTAL", "done DONE/TOTAL", or "failed REASON" (the
 * completed runs stay readable).  Read it to wait for the end.
 */
module_param_cb(state, &fbk_state_ops, NULL, 0444);
MODULE_PARM_DESC(state, "read-only: running N/M, done N/M, or failed REASON");

static const char *fbk_lock_kind(void)
{
#ifdef CONFIG_PARAVIRT_SPINLOCKS
	if (pv_ops.lock.queued_spin_lock_slowpath != native_queued_spin_lock_slowpath)
		return "paravirt";
#endif
#ifdef CONFIG_PARAVIRT
	/* virt_spin_lock(): a hypervisor without PV spinlocks (inferred) */
	if (boot_cpu_has(X86_FEATURE_HYPERVISOR))
		return "virt_spin_lock";
#endif
	return "native";
}

/* The preemption model in force (preempt_model_*() exist since v5.19). */
static const char *fbk_preempt(void)
{
	if (preempt_model_rt())
		return "rt";
	if (preempt_model_full())
		return IS_ENABLED(CONFIG_PREEMPT_DYNAMIC) ? "full (dynamic)" : "full";
	if (preempt_model_voluntary())
		return IS_ENABLED(CONFIG_PREEMPT_DYNAMIC) ? "voluntary (dynamic)" : "voluntary";
	return IS_ENABLED(CONFIG_PREEMPT_DYNAMIC) ? "none (dynamic)" : "none";
}

static void fbk_show_hist(struct seq_file *m, const char *name, const struct fbk_sparse *sp)
{
	unsigned int i;

	seq_printf(m, "hist %s count=%llu sum=%llu min=%llu max=%llu", name, sp->count,
		   sp->sum, sp->min, sp->max);
	for (i = 0; i < sp->n; i++)
		seq_printf(m, " %u:%llu", sp->bucket[i], sp->cnt[i]);
	seq_putc(m, '\n');
}

static int fbk_show(struct seq_file *m, void *v)
{
	struct fbk_run *run = fbk.run;
	const struct fbk_result *res;
	char state[224];
	unsigned int i;

	fbk_state_print(state, sizeof(state));
	seq_puts(m, "fencebench-kmod 1\n");
	seq_printf(m, "state %s\n", state);
	seq_printf(m, "tsc_khz %u\n", tsc_khz);
	seq_printf(m, "lock %s\n", fbk_lock_kind());
	seq_printf(m, "preempt %s\n", fbk_preempt());
	seq_puts(m, "fence_nodes ");
	for (i = 0; i < FB_RING; i++)
		seq_printf(m, "%s%d", i ? "," : "", page_to_nid(virt_to_page(run->ring[i])));
	seq_putc(m, '\n');
	mutex_lock(&fbk.lock);
	list_for_each_entry(res, &fbk.results, node) {
		seq_printf(m, "run strategy=%s rep=%u rounds=%llu measured_cycles=%llu fast=%llu slow_hit=%llu slow_miss=%llu",
			   fbk_strategy_name[res->strategy], res->rep, res->rounds,
			   res->measured_cycles, res->fast, res->hit, res->miss);
		seq_printf(m, " hazard_prev_store=%llu hazard_func_call=%llu hazard_payload_read=%llu hazard_payload_write=%llu",
			   res->hazard_prev_store, res->hazard_func_call,
			   res->hazard_payload_read, res->hazard_payload_write);
		seq_printf(m, " nivcsw=%lu timer_overhead_cycles=%llu lock_cycles=%llu signaler_cpu=%d waiter_cpus=%s spin=%s timing=%s\n",
			   res->nivcsw, res->timer_overhead, res->lock_cycles,
			   res->signaler_cpu, res->waiter_cpus, fbk.yield ? "yield" : "pause",
			   res->timed ? "removal" : "none");
		for (i = 0; i < FBK_NR_HISTS; i++)
			fbk_show_hist(m, fbk_hist_name[i], &res->hist[i]);
	}
	mutex_unlock(&fbk.lock);
	seq_puts(m, "end\n");
	return 0;
}

static int fbk_open(struct inode *inode, struct file *file)
{
	/* misc_open() left the miscdevice here; seq_file wants it empty */
	file->private_data = NULL;
	return single_open(file, fbk_show, NULL);
}

static const struct file_operations fbk_fops = {
	.owner = THIS_MODULE,
	.open = fbk_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
};

static struct miscdevice fbk_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "fencebench",
	.fops = &fbk_fops,
	.mode = 0400,
};

/* ---- load and unload ---------------------------------------------------- */

static void fbk_free(struct fbk_run *run)
{
	struct fbk_result *res, *tmp;
	unsigned int i;

	list_for_each_entry_safe(res, tmp, &fbk.results, node) {
		list_del(&res->node);
		fbk_result_free(res);
	}
	if (!run)
		return;
	if (run->waiters)
		for (i = 0; i < run->nr_waiters; i++)
			kvfree(run->waiters[i]);
	kfree(run->waiters);
	if (run->ring)
		for (i = 0; i < FB_RING; i++)
			kfree(run->ring[i]);
	kfree(run->ring);
	kvfree(run);
}

static struct fbk_run *fbk_alloc(void)
{
	struct fbk_run *run;
	unsigned int i;

	run = kvzalloc_node(sizeof(*run), GFP_KERNEL, cpu_to_node(signaler_cpu));
	if (!run)
		return NULL;
	run->nr_waiters = fbk.nr_waiters;
	run->waiters = kcalloc(fbk.nr_waiters, sizeof(*run->waiters), GFP_KERNEL);
	run->ring = kcalloc(FB_RING, sizeof(*run->ring), GFP_KERNEL);
	if (!run->waiters || !run->ring)
		goto fail;
	for (i = 0; i < FB_RING; i++) {
		struct fbk_fence *ff = kzalloc_node(sizeof(*ff), GFP_KERNEL, fbk.fence_node[i]);

		if (!ff)
			goto fail;
		spin_lock_init(&ff->lock);
		run->ring[i] = ff;
	}
	for (i = 0; i < fbk.nr_waiters; i++) {
		struct fbk_waiter *w;

		w = kvzalloc_node(sizeof(*w), GFP_KERNEL, cpu_to_node(fbk.waiter_cpu[i]));
		if (!w)
			goto fail;
		w->run = run;
		w->index = i;
		w->cpu = fbk.waiter_cpu[i];
		run->waiters[i] = w;
	}
	return run;
fail:
	fbk_free(run);
	return NULL;
}

static int __init fbk_init(void)
{
	struct fbk_run *run;
	unsigned int i;
	int ret;

	mutex_init(&fbk.lock);
	INIT_LIST_HEAD(&fbk.results);
	ret = fbk_parse_params();
	if (ret)
		return ret;
	run = fbk_alloc();
	if (!run)
		return -ENOMEM;
	run->context = dma_fence_context_alloc(1);
	run->wait = fbk.wait;
	run->signaler_cpu = signaler_cpu;
	run->warmup_cycles = fbk_cycles(warmup_us);
	run->duration_cycles = fbk_cycles(duration_us);
	run->wait_timeout_cycles = div_u64((u64)wait_timeout_ns * tsc_khz, 1000000);
	run->spin_limit_cycles = fbk_cycles((u64)timeout_ms * 1000);
	run->resched_cycles = fbk_cycles(10000);
	run->stall_round = test_stall_round;
	run->yield = fbk.yield;
	init_completion(&run->done);
	/* every slot starts as a signaled fence, as after a run */
	for (i = 0; i < FB_RING; i++) {
		fbk_fence_init(run, run->ring[i], 0);
		dma_fence_signal(&run->ring[i]->base);
	}
	fbk.run = run;
	fbk.runs_total = repeat * fbk.nr_strategies * hweight32(fbk.timing);

	ret = misc_register(&fbk_misc);
	if (ret) {
		pr_err("cannot register /dev/fencebench: %d\n", ret);
		goto fail;
	}
	fbk.controller = kthread_run(fbk_controller_fn, run, "fencebench/ctl");
	if (IS_ERR(fbk.controller)) {
		ret = PTR_ERR(fbk.controller);
		misc_deregister(&fbk_misc);
		goto fail;
	}
	return 0;
fail:
	fbk_free(run);
	return ret;
}

static void __exit fbk_exit(void)
{
	/* ends a run under way: its threads leave their rounds, then stop */
	kthread_stop(fbk.controller);
	misc_deregister(&fbk_misc);
	fbk_free(fbk.run);
}

module_init(fbk_init);
module_exit(fbk_exit);

MODULE_DESCRIPTION("fencebench: dma_fence_remove_callback() strategies on the kernel's own dma-fence");
MODULE_LICENSE("Dual MIT/GPL");
