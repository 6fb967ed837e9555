// SPDX-License-Identifier: MIT
/*
 * kernel.c - drives fencebench.ko: finds and loads it with the plan
 * as module parameters (finit_module), follows its state in sysfs, reads
 * the results from /dev/fencebench and unloads it.  When the module cannot
 * be loaded it says exactly what is missing: the module (make kmod), the
 * headers for this kernel, root, or a kernel in lockdown.  Then checks the
 * module's threads and fences against the plan and hands its runs to the
 * output sink as rows, labelled as the user engine's (run_labels.c).
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libgen.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "../config.h"
#include "../output.h"
#include "../run_labels.h"
#include "../session.h"
#include "../strategy.h"
#include "../verify.h"
#include "engine.h"
#include "kernel.h"

#define SYSMOD		"/sys/module/" KERNEL_MODULE
#define STATE		SYSMOD "/parameters/state"
#define DEVICE		"/dev/" KERNEL_MODULE

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void nap_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

/* The first line of a small file, without its newline; "" if unreadable. */
static void read_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");

	buf[0] = 0;
	if (!f)
		return;
	if (!fgets(buf, (int)len, f))
		buf[0] = 0;
	buf[strcspn(buf, "\n")] = 0;
	fclose(f);
}

/*
 * The module file: $FENCEBENCH_KMOD, else kmod/fencebench.ko beside the
 * fencebench binary (the build tree), else the one make kmod-install put
 * under /lib/modules/RELEASE/extra.
 */
static int find_module(char *path, size_t len, const char *release)
{
	char exe[PATH_MAX];
	const char *env = getenv("FENCEBENCH_KMOD");
	ssize_t n;

	if (env && *env) {
		snprintf(path, len, "%s", env);
		return access(path, R_OK);
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = 0;
		snprintf(path, len, "%s/kmod/" KERNEL_MODULE ".ko", dirname(exe));
		if (!access(path, R_OK))
			return 0;
	}
	snprintf(path, len, "/lib/modules/%s/extra/" KERNEL_MODULE ".ko", release);
	return access(path, R_OK);
}

/* The kernel's last "fencebench: ..." log line: why it refused a parameter. */
static void last_kernel_line(char *buf, size_t len)
{
	char rec[1024];
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	ssize_t n;

	buf[0] = 0;
	if (fd < 0)
		return;
	while ((n = read(fd, rec, sizeof(rec) - 1)) > 0 || (n < 0 && errno == EPIPE)) {
		char *msg;

		if (n <= 0)
			continue;
		rec[n] = 0;
		msg = strchr(rec, ';');
		if (msg && !strncmp(msg + 1, KERNEL_MODULE ": ", sizeof(KERNEL_MODULE ": ") - 1)) {
			msg[1 + strcspn(msg + 1, "\n")] = 0;
			snprintf(buf, len, "%s", msg + 1);
		}
	}
	close(fd);
}

/* Says why finit_module failed, in terms of what the user can fix. */
static int load_error(int e, const char *path, const char *release, char *err, size_t errlen)
{
	char lockdown[128], line[512];

	switch (e) {
	case EPERM:
		if (geteuid() != 0) {
			snprintf(err, errlen, "the kernel engine loads %s: run fencebench as root", path);
			return 1;
		}
		read_line("/sys/kernel/security/lockdown", lockdown, sizeof(lockdown));
		if (strstr(lockdown, "[integrity]") || strstr(lockdown, "[confidentiality]")) {
			snprintf(err, errlen, "the kernel is locked down (%s; Secure Boot?) and loads "
				 "only signed modules: sign %s with an enrolled MOK key (docs/kernel.md)",
				 lockdown, path);
			return 1;
		}
		snprintf(err, errlen, "the kernel refused to load %s (EPERM): is module loading "
			 "disabled (/proc/sys/kernel/modules_disabled)?", path);
		return 1;
	case EKEYREJECTED:
	case ENOKEY:
	case EBADMSG:
		snprintf(err, errlen, "the kernel wants a signed module (%s): sign %s with an "
			 "enrolled key (docs/kernel.md)", strerror(e), path);
		return 1;
	case ENOEXEC:
		snprintf(err, errlen, "%s was built for another kernel than %s: rebuild it with "
			 "make kmod", path, release);
		return 1;
	case EINVAL:
		last_kernel_line(line, sizeof(line));
		snprintf(err, errlen, "the module refused its parameters: %s",
			 *line ? line : "see the kernel log (dmesg)");
		return 2;
	case ENOSYS:
		snprintf(err, errlen, "this system does not let fencebench load a module "
			 "(finit_module: %s; a container?): run it on the host", strerror(e));
		return 1;
	case EEXIST:
		snprintf(err, errlen, "another fencebench run loaded the module meanwhile");
		return 1;
	default:
		last_kernel_line(line, sizeof(line));
		snprintf(err, errlen, "cannot load %s: %s%s%s", path, strerror(e),
			 *line ? "; kernel log: " : "", line);
		return 1;
	}
}

static int unload(void)
{
	int i;

	/* the module stops a run in its exit function; /dev may be open briefly */
	for (i = 0; i < 100; i++) {
		if (!syscall(SYS_delete_module, KERNEL_MODULE, O_NONBLOCK) || errno == ENOENT)
			return 0;
		if (errno != EAGAIN && errno != EBUSY)
			return -1;
		nap_ms(20);
	}
	return -1;
}

static void append(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void append(char *buf, size_t len, const char *fmt, ...)
{
	size_t off = strlen(buf);
	va_list ap;

	if (off >= len)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + off, len - off, fmt, ap);
	va_end(ap);
}

static void param_list(char *buf, size_t len, const char *key, const int *v, unsigned int n)
{
	unsigned int i;

	append(buf, len, " %s=", key);
	for (i = 0; i < n; i++)
		append(buf, len, "%s%d", i ? "," : "", v[i]);
}

/* The facts a reader of kernel rows needs, after the module is loaded. */
static void kernel_facts(char *buf, size_t len, const struct utsname *u,
			 const struct kernel_results *kr)
{
	char cs[64], taint[32];
	unsigned long t;
	size_t i;
	char letters[40] = "";
	static const char flag[] = "PFSRMBUDAWCIOELKXTN";

	read_line("/sys/devices/system/clocksource/clocksource0/current_clocksource", cs,
		  sizeof(cs));
	read_line("/proc/sys/kernel/tainted", taint, sizeof(taint));
	t = strtoul(taint, NULL, 10);
	for (i = 0; i < sizeof(flag) - 1; i++)
		if (t & (1ul << i))
			letters[strlen(letters)] = flag[i];
	snprintf(buf, len, "%s (%s); preempt %s; spinlock_t %s; clocksource %s; "
		 "tsc %u kHz; taint %lu%s%s", u->release, u->version, kr->preempt, kr->lock,
		 *cs ? cs : "unknown", kr->tsc_khz, t, *letters ? " " : "", letters);
}

int kernel_engine_run(const struct kernel_request *req, volatile sig_atomic_t *stop,
		      struct kernel_results *out, char *facts, size_t factslen,
		      char *err, size_t errlen)
{
	char path[PATH_MAX], params[4096] = "", state[256], build[PATH_MAX], why[512] = "";
	uint64_t per_run = req->warmup_ns + req->duration_ns, moved, limit;
	unsigned int runs_seen = 0;
	struct utsname u;
	struct stat st;
	FILE *f;
	int fd, ret;

	memset(out, 0, sizeof(*out));
	uname(&u);
	if (find_module(path, sizeof(path), u.release) < 0) {
		snprintf(build, sizeof(build), "/lib/modules/%s/build", u.release);
		snprintf(err, errlen, "the kernel engine needs " KERNEL_MODULE ".ko: build it with "
			 "make kmod%s (or set FENCEBENCH_KMOD)", access(build, R_OK) ? ", which needs "
			 "this kernel's headers: tools/install-deps.sh --kernel" : "");
		return 1;
	}
	/* a module left from an earlier run: unload it, unless it still runs */
	if (!access(SYSMOD, F_OK)) {
		read_line(STATE, state, sizeof(state));
		if (!strncmp(state, "running", 7)) {
			snprintf(err, errlen, "the module is busy with another run (%s); rmmod "
				 KERNEL_MODULE " stops it", state);
			return 1;
		}
		if (unload() < 0) {
			snprintf(err, errlen, "cannot unload the module left from an earlier run: %s",
				 strerror(errno));
			return 1;
		}
	}
	append(params, sizeof(params), "strategies=%s wait=%s signaler_cpu=%d", req->strategies,
	       req->wait, req->signaler_cpu);
	if (req->wait_timeout_ns)
		append(params, sizeof(params), " wait_timeout_ns=%" PRIu64, req->wait_timeout_ns);
	param_list(params, sizeof(params), "waiter_cpus", req->waiter_cpus, req->nr_waiters);
	if (req->nr_fence_nodes)
		param_list(params, sizeof(params), "fence_nodes", req->fence_nodes,
			   req->nr_fence_nodes);
	append(params, sizeof(params), " warmup_us=%" PRIu64 " duration_us=%" PRIu64
	       " repeat=%u timeout_ms=%" PRIu64, req->warmup_ns / 1000, req->duration_ns / 1000,
	       req->repeat, req->timeout_ns / 1000000);
	if (req->stall_round)
		append(params, sizeof(params), " test_stall_round=%" PRIu64, req->stall_round);
	if (req->timing && strcmp(req->timing, "removal"))
		append(params, sizeof(params), " timing=%s", req->timing);

	/* O_NONBLOCK: a FIFO named by FENCEBENCH_KMOD must not block for ever */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return 1;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file (a module is one)", path);
		close(fd);
		return 1;
	}
	if (syscall(SYS_finit_module, fd, params, 0)) {
		int e = errno;

		close(fd);
		return load_error(e, path, u.release, err, errlen);
	}
	close(fd);

	/* wait for the end; the module has its own watchdog, this is a backstop */
	limit = 2 * req->timeout_ns + per_run + 10000000000ull;
	moved = now_ns();
	for (;;) {
		unsigned int done = 0;

		read_line(STATE, state, sizeof(state));
		if (strncmp(state, "running", 7) || *stop)
			break;
		sscanf(state, "running %u", &done);
		if (done != runs_seen) {
			runs_seen = done;
			moved = now_ns();
		} else if (now_ns() - moved > limit) {
			snprintf(why, sizeof(why), "watchdog: the module made no progress for %.1f s "
				 "(%s)", (double)(now_ns() - moved) / 1e9, state);
			break;
		}
		nap_ms(50);
	}
	if (access(SYSMOD, F_OK)) {
		snprintf(err, errlen, "the module was unloaded during the run (rmmod "
			 KERNEL_MODULE "?): no results");
		return 1;
	}
	f = fopen(DEVICE, "r");
	if (!f) {
		int e = errno;

		/* an rmmod under way: the device is going or gone */
		if (e == ENOENT || e == ENODEV || e == ENXIO || access(SYSMOD, F_OK))
			snprintf(err, errlen, "the module was unloaded during the run (rmmod "
				 KERNEL_MODULE "?): no results");
		else
			snprintf(err, errlen, DEVICE ": %s", strerror(e));
		unload();
		return 1;
	}
	ret = kernel_results_parse(f, out, err, errlen);
	fclose(f);
	kernel_facts(facts, factslen, &u, out);
	if (unload() < 0 && !ret) {
		snprintf(err, errlen, "cannot unload the module: %s", strerror(errno));
		return 1;
	}
	if (ret < 0)
		return 1;
	if (out->failed) {
		snprintf(err, errlen, "kernel: %s", out->state + 7);
		return 1;
	}
	if (!strncmp(out->state, "running", 7) && !*stop) {
		snprintf(err, errlen, "%s", why);
		return 1;
	}
	return 0;
}

/* The module's fence nodes, "0,0,1,1", as ints (-1 where it said nothing). */
static void fence_nodes_of(const char *s, int *node, unsigned int n)
{
	unsigned int i;
	char *end;

	for (i = 0; i < n; i++) {
		long v = strtol(s, &end, 10);

		node[i] = end != s ? (int)v : -1;
		s = *end == ',' ? end + 1 : end;
	}
}

/* The model column of a kernel row: the running kernel's code, and fencebench.ko's where it is. */
static void kernel_describe(const struct bench_config *cfg, enum remove_strategy s, char *buf,
			    size_t len)
{
	const struct strategy *st = &strategies[s];
	/* a flag strategy's callback and precheck are fencebench.ko's code; no commas */
	const char *form = st->word_form;

	(void)cfg;
	snprintf(buf, len, "the running kernel's own list.h and dma-fence; "
		 "its spinlock_t%s%s%s%s", st->word == WORD_NONE ? "" :
		 "; fencebench.ko's flag callback and precheck", form ? ": " : "",
		 form ? form : "", st->signal != SIGNAL_FUNC_FIRST ? "" :
		 "; its wait queue: add_wait_queue() then wake_up_all_locked() with "
		 "SIGNALED set under the queue's lock then finish_wait(); entry func "
		 "autoremove_wake_function() (sleep) or fencebench.ko's (word then "
		 "list_del_init_careful())");
}

/*
 * One configuration on the kernel engine: every strategy and repetition
 * in the module, its threads and fences checked against the plan, one
 * row per run with the run header's "# kernel:" line.
 */
static void kernel_run(const struct engine *e, const struct session *ses,
		       const struct topo_plan *plan, volatile sig_atomic_t *stop)
{
	const struct bench_config *cfg = ses->cfg;
	const unsigned int nr_waiters = plan->nr_threads - 1;
	struct kernel_request req = { 0 };
	struct kernel_results kr;
	struct placement_cols pc;
	struct run_labels l;
	struct run_facts facts;
	struct hist *merged = malloc(3 * sizeof(*merged));
	char names[512] = "", why[1024], kernel[512];
	int fence_nodes[KERNEL_RING], *seen;
	unsigned int i;
	int ret;

	seen = calloc(plan->nr_threads, sizeof(*seen));
	if (!merged || !seen)
		err(1, "malloc");
	for (i = 0; i < cfg->nr_strategies; i++)
		append(names, sizeof(names), "%s%s", i ? "," : "", strategies[cfg->strategy[i]].name);
	for (i = 0; i < KERNEL_RING; i++)
		fence_nodes[i] = plan->fence_nodes[i % plan->fence_slots];
	req.strategies = names;
	req.wait = cfg->wait == WAIT_POLL ? "poll" : cfg->wait == WAIT_CALLBACK ? "callback" :
		   cfg->wait == WAIT_SLEEP ? "sleep" : "timeout";
	req.wait_timeout_ns = cfg->wait == WAIT_TIMEOUT ? cfg->timeout_ns : 0;
	req.signaler_cpu = plan->cpus[0];
	req.waiter_cpus = plan->cpus + 1;
	req.nr_waiters = nr_waiters;
	/* a fake topology's nodes are not this machine's: the module picks */
	req.fence_nodes = fence_nodes;
	req.nr_fence_nodes = topo_is_thissystem(ses->topo) ? KERNEL_RING : 0;
	req.warmup_ns = cfg->warmup_ns;
	req.duration_ns = cfg->duration_ns;
	req.repeat = cfg->repeat;
	req.timeout_ns = cfg->watchdog_ns;
	req.stall_round = ses->hooks.stall == STALL_ROUND ? ses->hooks.stall_round : 0;
	req.timing = cfg->timing == TIMING_BOTH ? "both" : cfg->timing == TIMING_NONE ? "none" :
		     "removal";

	ret = kernel_engine_run(&req, stop, &kr, kernel, sizeof(kernel), why, sizeof(why));
	if (ret == 2)
		errx(2, "%s", why);
	if (ret)
		errx(1, "%s", why);

	/* where the module's threads and fences were, against the plan */
	run_labels_init(&l, e, cfg, ses->topo, plan);	/* check-and-signal is refused */
	for (i = 0; i < kr.nr; i++)
		if (kr.run[i].signaler_cpu != plan->cpus[0] || strcmp(kr.run[i].waiter_cpus, l.cpus))
			errx(1, "the kernel's threads ran on CPUs %d (signaler) and %s (waiters), "
			     "not the planned %d and %s", kr.run[i].signaler_cpu,
			     kr.run[i].waiter_cpus, plan->cpus[0], l.cpus);
	memcpy(seen, plan->cpus, plan->nr_threads * sizeof(*seen));
	fence_nodes_of(kr.fence_nodes, fence_nodes, KERNEL_RING);
	if (verify_placement_nodes(ses->topo, plan, seen, fence_nodes, KERNEL_RING, &pc, why,
				   sizeof(why)) < 0)
		errx(1, "%s", why);

	{
		const double cpn = (double)kr.tsc_khz / 1e6;
		const struct kernel_run *r0 = kr.nr ? &kr.run[0] : NULL;
		/* the module's timer and lock floors, as kernel_row() scales them */
		const struct row_scale sc = {
			.cycles_per_ns = cpn, .resolution = 1,
			.overhead = r0 ? r0->timer_overhead_cycles : 0, .c2c_ns = NAN,
			.lock_ns = r0 ? (double)r0->lock_cycles / cpn : 0,
		};

		run_labels_facts(&l, &sc, "none (the kernel engine)", plan, &facts);
		facts.kernel = kernel;
		sink_begin(ses->sink, &facts);
	}
	for (i = 0; i < kr.nr; i++) {
		struct result_row row = { 0 };

		kernel_row(&kr, i, &row, merged);
		/* the reader took only the kernel's strategies */
		run_labels_row(&l, cfg, (enum remove_strategy)(strategy_named(row.strategy) -
							       strategies), &row);
		row.waiters = nr_waiters;
		row.signaler_cpu = plan->cpus[0];
		row.lock = kr.lock;
		verify_row(&pc, &row);
		sink_row(ses->sink, &row, merged);
	}
	verify_free(&pc);
	kernel_results_free(&kr);
	free(seen);
	free(merged);
}

const struct engine engine_kernel = {
	.name = "kernel",
	.timer = "rdtsc_ordered (kernel)",
	.lock = "spinlock_t (the kernel's)",
	.lock_placement = "external",
	.meta_model = "the running kernel's own dma-fence, list.h, spinlock_t and wait queues, "
		      "driven by fencebench.ko (docs/kernel.md); the options' --lock and "
		      "--lock-placement do not apply",
	.meta_placement = "external (fencebench.ko's spinlock_t, one per fence, handed to "
			  "dma_fence_init())",
	.describe = kernel_describe,
	.run = kernel_run,
};
