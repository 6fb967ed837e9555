# SPDX-License-Identifier: MIT
#
# make            build ./fencebench (installs hwloc/libnuma/gnuplot first if
#                 pkg-config cannot find them: tools/install-deps.sh)
# make run        build and run the default benchmark
# make check      unit, stress, CLI and ThreadSanitizer tests: "N passed, N failed"
# make check-numa boot 2-node, 4-node, SMT and CPU-less-node guests under qemu
#                 and check placement from fencebench's output (needs
#                 qemu-system-x86 busybox-static cpio xz-utils; downloads and
#                 caches Debian's kernel in ~/.cache/fencebench)
# make check-lkp LKP_SRC=DIR  run contrib/lkp-tests/jobs/fencebench.yaml with
#                 the lkp-tests checkout DIR (copied, never changed; results in
#                 a temporary directory) and check stats.json against the CSV
# make check-litmus  herd7 with the Linux-kernel memory model on every test
#                 in litmus/ (tests/litmus.sh; HERD7=path/to/herd7 if not in
#                 PATH; the model comes from Debian's linux-source-6.1,
#                 cached in ~/.cache/fencebench/lkmm); results in
#                 build/litmus-results.csv, which must equal the shipped
#                 litmus/results.csv (make litmus-results rewrites it)
# make check-asan make check with AddressSanitizer and UBSan, in build/asan
# make CROSS=aarch64-linux-gnu- check-cross
#                 cross-build into build/aarch64 and run the unit, stress and
#                 smoke tests under qemu-user (tests/cross.sh)
# make fuzz       libFuzzer on the parsers, FUZZ_SECONDS each
# make kmod       build kmod/fencebench.ko, the kernel engine's module, against
#                 KDIR (default /lib/modules/$(uname -r)/build: the headers of
#                 the running kernel, tools/install-deps.sh --kernel);
#                 make kmod-install puts it in /lib/modules/$(uname -r)/extra
# make check-kernel  boot Debian's stock kernel under qemu (2 and 4 vCPUs),
#                 build the module against its headers, run fencebench
#                 --engine kernel inside and check counts, verdicts, CPUs,
#                 unloading and a clean kernel log (downloads and caches the
#                 kernel and headers packages in ~/.cache/fencebench)
# make bench-plan time the planner on a 1024-PU synthetic topology
# make tsan-oracle  build ./fencebench-oracle (plain payload, TSan): races show
# make asm        bench.s (and build/aarch64/bench*.s with the cross compiler)
# make plots      a short sweep (scripts/sweep --quick) into build/sample.csv,
#                 then its figures (scripts/plot) into build/plots/
# make install    fencebench, its man page, the plots, the user tools
#                 (scripts/) and the LKMM verdicts they quote
#                 (litmus/results.csv) under PREFIX (/usr/local) and DESTDIR
#
# Every binary comes from one of three rules (fencebench, unit test, variant),
# instantiated per build flavour: native, ThreadSanitizer and cross differ
# only in the variables passed to BUILD_RULES.
CC	?= gcc
CFLAGS	?= -O2 -g
PKGS	 = hwloc numa
WARN	 = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	   -Wpointer-arith -Wcast-align -Wundef -Wwrite-strings -Wvla -Wformat=2
VERSION := $(shell git describe --always --dirty 2>/dev/null || echo 0.1)
# Recursive (=) on purpose: pkg-config runs when a recipe needs it, after
# the deps target has installed what was missing.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
override CFLAGS   += -std=gnu11 -pthread $(WARN) $(if $(WERROR),-Werror) \
		     $(if $(SANITIZE),-fsanitize=$(SANITIZE) -fno-omit-frame-pointer)
override CPPFLAGS += -D_GNU_SOURCE -I. -MMD -MP -DFENCEBENCH_VERSION='"$(VERSION)"' \
		     -DFENCEBENCH_CFLAGS='"$(strip $(CFLAGS))"' $(PKG_CFLAGS)
LDLIBS	+= $(PKG_LIBS) -lm

# the model's runtime, then the harness's modules (one job each: harness/)
HARNESS	 = cli output rows verify gate plan topology topology_print histogram statistics \
	   summary table regimes timer env counters parse model engine_kernel engine_kernel_text \
	   run_labels matrix test_hooks session row_derive results trace floor outfile budget
SRCS	 = bench.c locks/spinlock.c $(patsubst %,harness/%.c,$(HARNESS))
OBJS	 = $(SRCS:.c=.o)
HDRS	 = $(wildcard *.h locks/*.h harness/*.h) tests/tap.h
B	 = build

# What each unit test links besides tests/test_NAME.c.
T_list	   = locks/spinlock.c
T_fence	   = locks/spinlock.c
T_windows  = locks/spinlock.c
T_locks	   = locks/spinlock.c
T_stats	   = harness/histogram.c harness/statistics.c
T_topology = harness/topology.c harness/plan.c harness/topology_print.c harness/parse.c
T_alloc	   = $(T_topology)
T_engine_kernel = harness/engine_kernel_text.c harness/histogram.c harness/statistics.c harness/rows.c
TEST_SRCS  = $(sort $(foreach t,list fence windows locks stats topology alloc engine_kernel,$(T_$(t))))

# BUILD_RULES(dir, compile command, libraries): fencebench and the unit
# tests of one flavour in dir; VARIANT_RULES(dir, suffix, flags) adds
# fencebench-SUFFIX and test_fence-SUFFIX built with extra flags.
define BUILD_RULES
$(1):
	mkdir -p $$@
$(1)/fencebench: $(SRCS) $(HDRS) | $(1) deps
	$(2) -o $$@ $(SRCS) $(3)
$(1)/test_%: tests/test_%.c $(TEST_SRCS) $(HDRS) | $(1) deps
	$(2) -o $$@ $$< $$(T_$$*) $(3)
endef
define VARIANT_RULES
$(1)/fencebench-$(2) $(1)/test_fence-$(2): $(SRCS) tests/test_fence.c $(HDRS) | $(1)
	$$(XCOMPILE) $(3) -o $$@ $$(if $$(findstring test_fence,$$@),tests/test_fence.c $(T_fence),$(SRCS)) $$(XLIBS)
endef

TSAN	 = -O1 -g -fsanitize=thread -fno-omit-frame-pointer
TSAN_COMPILE = $(CC) -std=gnu11 -pthread $(WARN) $(TSAN) $(CPPFLAGS)
UNIT	 = list fence windows stats alloc topology locks engine_kernel
TESTS	 = $(patsubst %,$(B)/test_%,$(UNIT))
TSAN_BINS = $(B)/tsan/test_fence $(B)/tsan/test_windows $(B)/tsan/test_locks $(B)/tsan/fencebench

all: fencebench

fencebench: $(OBJS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(OBJS) $(LDLIBS)

$(OBJS): | deps

# Install the libraries only when pkg-config cannot find them.
deps:
	@command -v pkg-config >/dev/null 2>&1 && pkg-config --exists $(PKGS) || \
		tools/install-deps.sh

run: fencebench
	./fencebench

$(eval $(call BUILD_RULES,$(B),$(CC) $(CFLAGS) $(CPPFLAGS),$(LDLIBS)))
$(eval $(call BUILD_RULES,$(B)/tsan,$(TSAN_COMPILE),$(LDLIBS)))

fencebench-oracle: $(SRCS) $(HDRS) | deps
	$(TSAN_COMPILE) -DFENCEBENCH_TSAN_ORACLE -o $@ $(SRCS) $(LDLIBS)

tsan-oracle: fencebench-oracle

# bench.c without --trace's stamps: tests/trace.sh compares the measured loops' code
$(B)/bench-nostamps.o: bench.c $(HDRS) | $(B) deps
	$(CC) $(CFLAGS) $(CPPFLAGS) -DFENCEBENCH_NO_STAMPS -c -o $@ bench.c

check: fencebench $(TESTS) $(TSAN_BINS) fencebench-oracle $(B)/bench-nostamps.o
	tests/run.sh

check-numa: fencebench
	tests/check-numa.sh ./fencebench

check-lkp: fencebench
	LKP_SRC="$(LKP_SRC)" tests/check-lkp.sh ./fencebench

check-litmus:
	HERD7='$(HERD7)' tests/litmus.sh

# rewrite litmus/results.csv, the shipped verdicts, from herd7 (all must pass)
litmus-results:
	HERD7='$(HERD7)' tests/litmus.sh --update

bench-plan: $(B)/test_topology
	tools/bench-plan

plots: fencebench | $(B)
	scripts/sweep --quick -o $(B)/sample.csv
	scripts/plot $(B)/sample.csv $(B)/plots

# bench.s; with the arm64 cross compiler installed also build/aarch64/bench.s
# (LL/SC) and bench-lse.s: ldar in loop_careful, ldr in loop_careful_2020
asm: | deps
	$(CC) $(CFLAGS) $(CPPFLAGS) -S -fverbose-asm -o bench.s bench.c
	@if command -v $(XCC) >/dev/null 2>&1 && $(XPKG) --exists $(PKGS); then \
		$(MAKE) --no-print-directory asm-cross && \
		echo "asm: bench.s, $(XB)/bench.s, $(XB)/bench-lse.s"; \
	else echo "asm: bench.s ($(XCC) not installed: make CROSS=$(CROSS) asm-cross installs it)"; fi

clean:
	rm -rf fencebench fencebench-oracle $(OBJS) $(OBJS:.o=.d) bench.s $(B)
	rm -rf kmod/*.o kmod/*.ko kmod/*.mod kmod/*.mod.c kmod/.*.cmd kmod/Module.symvers \
		kmod/modules.order kmod/.tmp_versions

# ---- the kernel engine: kmod/fencebench.ko (Kbuild: kmod/Kbuild)
KDIR	?= /lib/modules/$(shell uname -r)/build

kmod:
	@test -f $(KDIR)/Makefile || { echo "make kmod: no kernel headers in $(KDIR):" \
		"tools/install-deps.sh --kernel installs them, or set KDIR=" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR)/kmod modules

# /lib/modules/$(uname -r)/extra/fencebench.ko, where fencebench also looks
kmod-install: kmod
	$(MAKE) -C $(KDIR) M=$(CURDIR)/kmod modules_install

check-kernel: fencebench
	tests/check-kernel.sh ./fencebench

.PHONY: kmod kmod-install check-kernel

# ---- arm64 (or another CROSS target): the same rules, the cross variables
CROSS	?= aarch64-linux-gnu-
XTRIPLE	 = $(patsubst %-,%,$(CROSS))
XARCH	 = $(firstword $(subst -, ,$(XTRIPLE)))
XB	 = $(B)/$(XARCH)
XCC	 = $(CROSS)gcc
XPKG	 = PKG_CONFIG_LIBDIR=/usr/lib/$(XTRIPLE)/pkgconfig:/usr/share/pkgconfig pkg-config
XCOMPILE = $(XCC) -O2 -g -std=gnu11 -pthread $(WARN) -Werror -D_GNU_SOURCE -I. \
	   -DFENCEBENCH_VERSION='"$(VERSION)"' $(shell $(XPKG) --cflags $(PKGS) 2>/dev/null)
XLIBS	 = $(shell $(XPKG) --libs $(PKGS) 2>/dev/null) -lm
# arm64: the toolchain's default (armv8-a, outline atomics that pick LSE at
# run time), LL/SC only, and LSE only (armv8.1-a)
XLLSC	 = $(if $(filter aarch64,$(XARCH)),-march=armv8-a -mno-outline-atomics)
XLSE	 = $(if $(filter aarch64,$(XARCH)),-march=armv8.1-a)
QEMU	?= qemu-$(XARCH)-static
XBINS	 = $(XB)/fencebench $(XB)/fencebench-llsc $(XB)/fencebench-lse \
	   $(XB)/test_list $(XB)/test_stats $(XB)/test_fence $(XB)/test_fence-llsc \
	   $(XB)/test_fence-lse $(XB)/test_windows $(XB)/test_alloc

$(eval $(call BUILD_RULES,$(XB),$(XCOMPILE),$(XLIBS)))
$(eval $(call VARIANT_RULES,$(XB),llsc,$(XLLSC)))
$(eval $(call VARIANT_RULES,$(XB),lse,$(XLSE)))

# Install the cross tools only when something is missing (arm64 only).
cross-deps:
	@command -v $(XCC) >/dev/null 2>&1 && command -v $(QEMU) >/dev/null 2>&1 && \
		$(XPKG) --exists $(PKGS) || \
		{ [ "$(XARCH)" = aarch64 ] && tools/install-deps.sh --cross-arm64; }

$(XBINS) $(XB)/bench.s $(XB)/bench-lse.s: | cross-deps

$(XB)/bench.s $(XB)/bench-lse.s: bench.c $(HDRS) | $(XB)
	$(XCOMPILE) $(if $(findstring -lse,$@),$(XLSE),$(XLLSC)) -S -o $@ bench.c

asm-cross: $(XB)/bench.s $(XB)/bench-lse.s

check-cross: $(XBINS) $(XB)/bench.s $(XB)/bench-lse.s
	B=$(XB) RUN_PREFIX="$(QEMU)" CROSS_ARCH=$(XARCH) tests/run.sh

.PHONY: asm-cross check-cross cross-deps

# ---- install: make install [PREFIX=/usr/local] [DESTDIR=staging dir]; make uninstall
PREFIX	?= /usr/local
BINDIR	 = $(PREFIX)/bin
MAN1DIR	 = $(PREFIX)/share/man/man1
DATADIR	 = $(PREFIX)/share/fencebench
INSTALL	?= install
USER_TOOLS = scripts/sweep scripts/plot scripts/lkml-report scripts/regimes

install: fencebench
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MAN1DIR) \
		$(DESTDIR)$(DATADIR)/plots $(DESTDIR)$(DATADIR)/scripts
	$(INSTALL) -m 755 fencebench $(DESTDIR)$(BINDIR)/fencebench
	$(INSTALL) -m 644 fencebench.1 $(DESTDIR)$(MAN1DIR)/fencebench.1
	$(INSTALL) -m 644 $(wildcard plots/*.gp plots/*.awk) $(DESTDIR)$(DATADIR)/plots/
	$(INSTALL) -m 755 $(USER_TOOLS) $(DESTDIR)$(DATADIR)/scripts/
	# the LKMM verdicts lkml-report quotes, where it looks: ../litmus/
	[ ! -f litmus/results.csv ] || \
		$(INSTALL) -D -m 644 litmus/results.csv $(DESTDIR)$(DATADIR)/litmus/results.csv

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/fencebench $(DESTDIR)$(MAN1DIR)/fencebench.1
	rm -rf $(DESTDIR)$(DATADIR)

.PHONY: install uninstall

-include $(OBJS:.o=.d)
.PHONY: all deps run check check-numa check-litmus litmus-results check-lkp bench-plan asm clean tsan-oracle plots

# ---- fuzzing (clang's libFuzzer) and the other sanitizers -----------------
FUZZ_CC		?= clang-14
FUZZ_SECONDS	?= 60
FUZZ_FLAGS	 = -std=gnu11 -g -O1 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined \
		   -fno-sanitize-recover=all

$(B)/fuzz:
	mkdir -p $@

$(B)/fuzz/fuzz_parse: tests/fuzz/fuzz_parse.c harness/parse.c harness/parse.h | $(B)/fuzz
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ tests/fuzz/fuzz_parse.c harness/parse.c -lm

$(B)/fuzz/fuzz_csv: tests/fuzz/fuzz_csv.c harness/summary.c harness/summary.h harness/table.c harness/table.h harness/regimes.c harness/regimes.h harness/statistics.c harness/statistics.h | $(B)/fuzz
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ tests/fuzz/fuzz_csv.c harness/summary.c harness/table.c harness/regimes.c harness/statistics.c -lm

# Each target runs FUZZ_SECONDS from the seed corpus (copied: the seeds stay as committed).
fuzz: $(B)/fuzz/fuzz_parse $(B)/fuzz/fuzz_csv
	@for t in parse csv; do \
		rm -rf $(B)/fuzz/corpus-$$t && cp -r tests/fuzz/corpus/$$t $(B)/fuzz/corpus-$$t && \
		echo "fuzz_$$t: $(FUZZ_SECONDS) s" && \
		$(B)/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -print_final_stats=1 \
			$(B)/fuzz/corpus-$$t 2>$(B)/fuzz/fuzz_$$t.log || \
			{ tail -40 $(B)/fuzz/fuzz_$$t.log; exit 1; }; \
		grep -E '^stat::(number_of_executed_units|new_units_added)' $(B)/fuzz/fuzz_$$t.log; \
	done

# make check with AddressSanitizer and UndefinedBehaviorSanitizer, in its own tree.
check-asan:
	rm -rf $(B)/asan && mkdir -p $(B)/asan
	git ls-files -z | xargs -0 cp --parents -t $(B)/asan
	$(MAKE) -C $(B)/asan CFLAGS="-O1 -g -fno-sanitize-recover=all" \
		SANITIZE=address,undefined WERROR=1 check

.PHONY: fuzz check-asan
