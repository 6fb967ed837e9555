# SPDX-License-Identifier: MIT
#
# make            build ./fencebench (installs hwloc/libnuma/gnuplot first if
#                 pkg-config cannot find them: tools/install-deps.sh)
# make run        build and run the default benchmark
# make check      unit, stress, CLI and ThreadSanitizer tests: "N passed, N failed"
#                 (", N skipped" when some were); T="NAME..." runs those alone
#                 (tests/run.sh lists the names); UPDATE=1 T=golden rewrites
#                 the pinned --report output (tests/golden.sh)
# make check-quick  the unit tests and the fast scripts (docs/testing.md)
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
# Every object and test binary goes under build/: the native ones in build/,
# ThreadSanitizer's in build/tsan/, the cross ones in build/ARCH/ (one
# directory per arm64 variant).  Each flavour is one instance of
# FLAVOUR_RULES and differs from the others only in its compiler, its
# flags and its libraries; FB_FLAGS are every flavour's, and each binary's
# "# compiler:" line names the flags it was built with.
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
FB_FLAGS = -std=gnu11 -pthread $(WARN) $(if $(WERROR),-Werror)
FB_CPPFLAGS = -D_GNU_SOURCE -I. -DFENCEBENCH_VERSION='"$(VERSION)"'
# each object's headers, in a .d beside it
DEPFLAGS = -MMD -MP
B	 = build

# the native build: CFLAGS from the command line, SANITIZE=address,undefined
NATIVE_CFLAGS = $(CFLAGS) $(if $(SANITIZE),-fsanitize=$(SANITIZE) -fno-omit-frame-pointer)
NATIVE_LIBS   = $(LDFLAGS) $(PKG_LIBS) $(LDLIBS) -lm
TSAN_CFLAGS   = -O1 -g -fsanitize=thread -fno-omit-frame-pointer

# the model's runtime, then the harness's modules (one job each: harness/)
SRCS	 = bench.c $(wildcard locks/*.c harness/*.c harness/*/*.c)
# What each unit test tests/test_NAME.c links besides itself.
T_list	   = locks/spinlock.c
T_fence	   = locks/spinlock.c harness/strategy.c
T_windows  = locks/spinlock.c
T_wake	   = locks/spinlock.c
T_locks	   = locks/spinlock.c
T_stats	   = harness/histogram.c harness/statistics.c harness/report/inference.c
T_topology = harness/topology.c harness/plan.c harness/topology_print.c harness/parse.c
T_alloc	   = $(T_topology)
T_engine_kernel = harness/engine/kernel_text.c harness/strategy.c harness/row_derive.c \
		  harness/counters.c harness/floor.c harness/histogram.c harness/statistics.c \
		  harness/rows.c harness/json.c locks/spinlock.c
UNIT	 = $(patsubst tests/test_%.c,%,$(wildcard tests/test_*.c))
TESTS	 = $(patsubst %,$(B)/test_%,$(UNIT))
TSAN_BINS = $(B)/tsan/test_fence $(B)/tsan/test_windows $(B)/tsan/test_locks $(B)/tsan/fencebench

# FLAVOUR_RULES(dir, compiler, flags, cflags-from-pkg-config, libraries, units,
# what installs the libraries): compiler, flags, cflags and libraries name
# variables (flags may hold commas).  The objects of dir, dir/fencebench
# and the unit tests dir/test_UNIT.
define FLAVOUR_RULES
$(1)/%.o: %.c | $(7)
	@mkdir -p $$(@D)
	$$($(2)) $$($(3)) $$(FB_FLAGS) $$(FB_CPPFLAGS) $$(DEPFLAGS) $$(CPPFLAGS) $$($(4)) \
		-DFENCEBENCH_CFLAGS='"$$(strip $$($(3)) $$(FB_FLAGS))"' -c -o $$@ $$<
$(1)/fencebench: $(patsubst %.c,$(1)/%.o,$(SRCS))
	$$($(2)) $$($(3)) $$(FB_FLAGS) -o $$@ $$^ $$($(5))
$(foreach u,$(6),
$(1)/test_$(u): $(1)/tests/test_$(u).o $(patsubst %.c,$(1)/%.o,$(T_$(u)))
	$$($(2)) $$($(3)) $$(FB_FLAGS) -o $$@ $$^ $$($(5)))
ALL_OBJS += $(patsubst %.c,$(1)/%.o,$(SRCS) $(patsubst %,tests/test_%.c,$(6)))
endef

all: fencebench

fencebench: $(B)/fencebench
	cp $< $@

# Install the libraries only when pkg-config cannot find them.
deps:
	@command -v pkg-config >/dev/null 2>&1 && pkg-config --exists $(PKGS) || \
		tools/install-deps.sh

run: fencebench
	./fencebench

$(eval $(call FLAVOUR_RULES,$(B),CC,NATIVE_CFLAGS,PKG_CFLAGS,NATIVE_LIBS,$(UNIT),deps))
$(eval $(call FLAVOUR_RULES,$(B)/tsan,CC,TSAN_CFLAGS,PKG_CFLAGS,NATIVE_LIBS,fence windows locks,deps))

# bench.c alone decides what the oracle (a plain payload: TSan shows the
# races) and the build without --trace's stamps (tests/trace.sh compares the
# measured loops' code) change
$(B)/tsan/bench-oracle.o: bench.c | deps
	@mkdir -p $(@D)
	$(CC) $(TSAN_CFLAGS) $(FB_FLAGS) $(FB_CPPFLAGS) $(DEPFLAGS) $(CPPFLAGS) $(PKG_CFLAGS) \
		-DFENCEBENCH_TSAN_ORACLE \
		-DFENCEBENCH_CFLAGS='"$(strip $(TSAN_CFLAGS) $(FB_FLAGS))"' -c -o $@ $<
fencebench-oracle: $(B)/tsan/bench-oracle.o $(filter-out $(B)/tsan/bench.o,$(patsubst %.c,$(B)/tsan/%.o,$(SRCS)))
	$(CC) $(TSAN_CFLAGS) $(FB_FLAGS) -o $@ $^ $(NATIVE_LIBS)
$(B)/bench-nostamps.o: bench.c | deps
	@mkdir -p $(@D)
	$(CC) $(NATIVE_CFLAGS) $(FB_FLAGS) $(FB_CPPFLAGS) $(DEPFLAGS) $(CPPFLAGS) $(PKG_CFLAGS) \
		-DFENCEBENCH_NO_STAMPS \
		-c -o $@ $<
ALL_OBJS += $(B)/tsan/bench-oracle.o $(B)/bench-nostamps.o

tsan-oracle: fencebench-oracle

# make check T="NAME..." runs the named tests alone (tests/run.sh lists
# them), building the TSan binaries and the stamp-less object only for the
# tests that use them; UPDATE=1 reaches tests/golden.sh
CHECK_ALL = $(TSAN_BINS) fencebench-oracle $(B)/bench-nostamps.o
CHECK_NEEDS = $(if $(T),$(if $(filter tsan% locks,$(T)),$(TSAN_BINS)) \
	$(if $(filter tsan/fencebench,$(T)),fencebench-oracle) \
	$(if $(filter trace,$(T)),$(B)/bench-nostamps.o),$(CHECK_ALL))
check: fencebench $(TESTS) $(CHECK_NEEDS)
	UPDATE='$(UPDATE)' tests/run.sh $(T)

# the unit tests and the fast scripts: tests/run.sh's "quick" ones
check-quick: fencebench $(TESTS)
	tests/run.sh --quick

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

plots: fencebench
	@mkdir -p $(B)
	scripts/sweep --quick -o $(B)/sample.csv
	scripts/plot $(B)/sample.csv $(B)/plots

# bench.s; with the arm64 cross compiler installed also build/aarch64/bench.s
# (LL/SC) and bench-lse.s: ldar in loop_careful, ldr in loop_careful_2020
asm: | deps
	$(CC) $(NATIVE_CFLAGS) $(FB_FLAGS) $(FB_CPPFLAGS) $(CPPFLAGS) $(PKG_CFLAGS) -S -fverbose-asm -o bench.s bench.c
	@if command -v $(XCC) >/dev/null 2>&1 && $(XPKG) --exists $(PKGS); then \
		$(MAKE) --no-print-directory asm-cross && \
		echo "asm: bench.s, $(XB)/bench.s, $(XB)/bench-lse.s"; \
	else echo "asm: bench.s ($(XCC) not installed: make CROSS=$(CROSS) asm-cross installs it)"; fi

clean:
	rm -rf fencebench fencebench-oracle bench.s $(B)
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
XPKG_CFLAGS = $(shell $(XPKG) --cflags $(PKGS) 2>/dev/null)
XLIBS	 = $(shell $(XPKG) --libs $(PKGS) 2>/dev/null) -lm
# arm64: the toolchain's default (armv8-a, outline atomics that pick LSE at
# run time), LL/SC only, and LSE only (armv8.1-a); always -Werror
XCFLAGS	 = -O2 -g -Werror
XLLSC	 = $(XCFLAGS) $(if $(filter aarch64,$(XARCH)),-march=armv8-a -mno-outline-atomics)
XLSE	 = $(XCFLAGS) $(if $(filter aarch64,$(XARCH)),-march=armv8.1-a)
QEMU	?= qemu-$(XARCH)-static
# the unit tests tests/run.sh runs under the emulator ("cross" in its table)
XUNIT	 = $(shell sed -n 's/^test_\([a-z_]*\) .*cross.*/\1/p' tests/run.sh)
XBINS	 = $(XB)/fencebench $(XB)/fencebench-llsc $(XB)/fencebench-lse \
	   $(patsubst %,$(XB)/test_%,$(XUNIT)) $(XB)/test_fence-llsc $(XB)/test_fence-lse

$(eval $(call FLAVOUR_RULES,$(XB),XCC,XCFLAGS,XPKG_CFLAGS,XLIBS,$(XUNIT),cross-deps))
$(eval $(call FLAVOUR_RULES,$(XB)/llsc,XCC,XLLSC,XPKG_CFLAGS,XLIBS,fence,cross-deps))
$(eval $(call FLAVOUR_RULES,$(XB)/lse,XCC,XLSE,XPKG_CFLAGS,XLIBS,fence,cross-deps))
$(XB)/fencebench-%: $(XB)/%/fencebench
	cp $< $@
$(XB)/test_fence-%: $(XB)/%/test_fence
	cp $< $@

# Install the cross tools only when something is missing (arm64 only).
cross-deps:
	@command -v $(XCC) >/dev/null 2>&1 && command -v $(QEMU) >/dev/null 2>&1 && \
		$(XPKG) --exists $(PKGS) || \
		{ [ "$(XARCH)" = aarch64 ] && tools/install-deps.sh --cross-arm64; }

$(XB)/bench.s $(XB)/bench-lse.s: bench.c | cross-deps
	@mkdir -p $(@D)
	$(XCC) $(if $(findstring -lse,$@),$(XLSE),$(XLLSC)) $(FB_FLAGS) $(FB_CPPFLAGS) $(CPPFLAGS) \
		$(XPKG_CFLAGS) -S -o $@ bench.c

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
USER_TOOLS = $(wildcard scripts/*)

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

-include $(ALL_OBJS:.o=.d)
.PHONY: all deps run check check-quick check-numa check-litmus litmus-results check-lkp bench-plan asm clean \
	tsan-oracle plots

# ---- fuzzing (clang's libFuzzer) and the other sanitizers -----------------
FUZZ_CC		?= clang-14
FUZZ_SECONDS	?= 60
FUZZ_FLAGS	 = -std=gnu11 -g -O1 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined \
		   -fno-sanitize-recover=all

$(B)/fuzz/fuzz_parse: tests/fuzz/fuzz_parse.c harness/parse.c harness/parse.h
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ tests/fuzz/fuzz_parse.c harness/parse.c -lm

# --report's reader and printers (harness/report/), and what they link of the run's
FUZZ_CSV_SRCS = tests/fuzz/fuzz_csv.c $(wildcard harness/report/*.c) harness/statistics.c \
		harness/floor.c locks/spinlock.c
$(B)/fuzz/fuzz_csv: $(FUZZ_CSV_SRCS) $(wildcard harness/report/*.h) harness/statistics.h
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_FLAGS) -I. -o $@ $(FUZZ_CSV_SRCS) -pthread -lm

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
	# an index of its own: the tests list the tree's files with git ls-files
	cd $(B)/asan && git init -q && git add -A
	$(MAKE) -C $(B)/asan CFLAGS="-O1 -g -fno-sanitize-recover=all" \
		SANITIZE=address,undefined WERROR=1 VERSION=$(VERSION) check

.PHONY: fuzz check-asan
