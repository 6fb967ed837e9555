# SPDX-License-Identifier: MIT
#
# make            build ./fencebench (installs hwloc/libnuma/gnuplot first if
#                 pkg-config cannot find them: scripts/install-deps.sh)
# make run        build and run the default benchmark
# make check      unit, stress, CLI and ThreadSanitizer tests: "N passed, N failed"
# make check-numa boot 2-node, 4-node, SMT and CPU-less-node guests under qemu
#                 and check placement from fencebench's output (needs
#                 qemu-system-x86 busybox-static cpio xz-utils; downloads and
#                 caches Debian's kernel in ~/.cache/fencebench)
# make check-lkp LKP_SRC=DIR  run contrib/lkp-tests/jobs/fencebench.yaml with
#                 the lkp-tests checkout DIR (copied, never changed; results in
#                 a temporary directory) and check stats.json against the CSV
# make bench-plan time the planner on a 1024-PU synthetic topology
# make tsan-oracle  build ./fencebench-oracle (plain payload, TSan): races show
# make asm        bench.s, to read the hot loops
# make plots      a short sweep (scripts/sweep --quick) into build/sample.csv,
#                 then its figures (scripts/plot) into build/plots/
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
override CPPFLAGS += -D_GNU_SOURCE -MMD -MP -DFENCEBENCH_VERSION='"$(VERSION)"' \
		     -DFENCEBENCH_CFLAGS='"$(strip $(CFLAGS))"' $(PKG_CFLAGS)
LDLIBS	+= $(PKG_LIBS) -lm

SRCS	 = bench.c compiler.c env.c parse.c report.c stats.c summary.c timer.c topology.c
# hardware counters (perf_event_open)
SRCS	+= counters.c
OBJS	 = $(SRCS:.c=.o)
B	 = build
TSAN	 = -O1 -g -fsanitize=thread -fno-omit-frame-pointer
TESTS	 = $(B)/test_list $(B)/test_fence $(B)/test_windows $(B)/test_stats $(B)/test_topology \
	   $(B)/test_alloc
TSAN_BINS = $(B)/tsan/test_fence $(B)/tsan/test_windows $(B)/tsan/fencebench

all: fencebench

fencebench: $(OBJS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(OBJS) $(LDLIBS)

$(OBJS): | deps

# Install the libraries only when pkg-config cannot find them.
deps:
	@command -v pkg-config >/dev/null 2>&1 && pkg-config --exists $(PKGS) || \
		scripts/install-deps.sh

run: fencebench
	./fencebench

$(B) $(B)/tsan:
	mkdir -p $@

$(B)/test_list: tests/test_list.c list.h compiler.h compiler.c | $(B)
	$(CC) $(CFLAGS) -D_GNU_SOURCE -o $@ tests/test_list.c compiler.c

$(B)/test_fence: tests/test_fence.c fence.h list.h spinlock.h compiler.h cycles.h compiler.c | $(B)
	$(CC) $(CFLAGS) -D_GNU_SOURCE -o $@ tests/test_fence.c compiler.c

$(B)/test_windows: tests/test_windows.c fence.h list.h spinlock.h compiler.h cycles.h compiler.c | $(B)
	$(CC) $(CFLAGS) -D_GNU_SOURCE -o $@ tests/test_windows.c compiler.c

$(B)/test_stats: tests/test_stats.c stats.c stats.h | $(B)
	$(CC) $(CFLAGS) -D_GNU_SOURCE -o $@ tests/test_stats.c stats.c -lm

$(B)/test_topology: tests/test_topology.c topology.c topology.h parse.c parse.h tests/tap.h | $(B) deps
	$(CC) $(CFLAGS) $(CPPFLAGS) -o $@ tests/test_topology.c topology.c parse.c $(LDLIBS)

$(B)/tsan/test_fence: tests/test_fence.c fence.h list.h spinlock.h compiler.h compiler.c | $(B)/tsan deps
	$(CC) -std=gnu11 -pthread $(WARN) $(TSAN) -D_GNU_SOURCE -o $@ tests/test_fence.c compiler.c

$(B)/tsan/test_windows: tests/test_windows.c fence.h list.h spinlock.h compiler.h compiler.c | $(B)/tsan deps
	$(CC) -std=gnu11 -pthread $(WARN) $(TSAN) -D_GNU_SOURCE -o $@ tests/test_windows.c compiler.c

$(B)/tsan/fencebench: $(SRCS) *.h | $(B)/tsan deps
	$(CC) -std=gnu11 -pthread $(WARN) $(TSAN) $(CPPFLAGS) -o $@ $(SRCS) $(LDLIBS)

fencebench-oracle: $(SRCS) *.h | deps
	$(CC) -std=gnu11 -pthread $(WARN) $(TSAN) -DFENCEBENCH_TSAN_ORACLE $(CPPFLAGS) \
		-o $@ $(SRCS) $(LDLIBS)

tsan-oracle: fencebench-oracle

check: fencebench $(TESTS) $(TSAN_BINS) fencebench-oracle
	tests/run.sh

check-numa: fencebench
	tests/check-numa.sh ./fencebench

check-lkp: fencebench
	LKP_SRC="$(LKP_SRC)" tests/check-lkp.sh ./fencebench

$(B)/test_alloc: tests/test_alloc.c topology.c topology.h parse.c parse.h tests/tap.h | $(B) deps
	$(CC) $(CFLAGS) $(CPPFLAGS) -o $@ tests/test_alloc.c topology.c parse.c $(LDLIBS)

bench-plan: $(B)/test_topology
	scripts/bench-plan

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
	rm -rf fencebench fencebench-oracle *.o *.d bench.s $(B)

# ---- arm64 (or another CROSS target): cross-build into build/<arch>/ ----
# make CROSS=aarch64-linux-gnu- check-cross
#                 build with the cross compiler and the target's hwloc/libnuma
#                 (multiarch: scripts/install-deps.sh --cross-arm64), then run
#                 the unit, stress and smoke tests under qemu-user; TAP, and
#                 "N passed, N failed" as make check
# make CROSS=aarch64-linux-gnu- asm-cross
#                 build/aarch64/bench.s (LL/SC) and bench-lse.s (LSE atomics)
CROSS	?= aarch64-linux-gnu-
XTRIPLE	 = $(patsubst %-,%,$(CROSS))
XARCH	 = $(firstword $(subst -, ,$(XTRIPLE)))
XB	 = $(B)/$(XARCH)
XCC	 = $(CROSS)gcc
XPKG	 = PKG_CONFIG_LIBDIR=/usr/lib/$(XTRIPLE)/pkgconfig:/usr/share/pkgconfig pkg-config
XCFLAGS	 = -O2 -g -std=gnu11 -pthread $(WARN) -Werror -D_GNU_SOURCE
# arm64: the toolchain's default (armv8-a, outline atomics that pick LSE at
# run time), LL/SC only, and LSE only (armv8.1-a)
XLLSC	 = $(if $(filter aarch64,$(XARCH)),-march=armv8-a -mno-outline-atomics)
XLSE	 = $(if $(filter aarch64,$(XARCH)),-march=armv8.1-a)
QEMU	?= qemu-$(XARCH)-static
XBINS	 = $(XB)/fencebench $(XB)/fencebench-llsc $(XB)/fencebench-lse \
	   $(XB)/test_list $(XB)/test_stats $(XB)/test_fence $(XB)/test_fence-llsc \
	   $(XB)/test_fence-lse $(XB)/test_windows $(XB)/test_alloc

$(XB):
	mkdir -p $@

# Install the cross tools only when something is missing (arm64 only).
cross-deps:
	@command -v $(XCC) >/dev/null 2>&1 && command -v $(QEMU) >/dev/null 2>&1 && \
		$(XPKG) --exists $(PKGS) || \
		{ [ "$(XARCH)" = aarch64 ] && scripts/install-deps.sh --cross-arm64; }

$(XBINS) $(XB)/bench.s $(XB)/bench-lse.s: | cross-deps

$(XB)/fencebench $(XB)/fencebench-llsc $(XB)/fencebench-lse: $(SRCS) *.h | $(XB)
	$(XCC) $(XCFLAGS) $(if $(findstring -llsc,$@),$(XLLSC))$(if $(findstring -lse,$@),$(XLSE)) \
		-DFENCEBENCH_VERSION='"$(VERSION)"' $(shell $(XPKG) --cflags $(PKGS)) \
		-o $@ $(SRCS) $(shell $(XPKG) --libs $(PKGS)) -lm

$(XB)/test_list: tests/test_list.c list.h compiler.h compiler.c | $(XB)
	$(XCC) $(XCFLAGS) -o $@ tests/test_list.c compiler.c

$(XB)/test_stats: tests/test_stats.c stats.c stats.h | $(XB)
	$(XCC) $(XCFLAGS) -o $@ tests/test_stats.c stats.c -lm

$(XB)/test_alloc: tests/test_alloc.c topology.c topology.h parse.c parse.h | $(XB)
	$(XCC) $(XCFLAGS) $(shell $(XPKG) --cflags $(PKGS)) -o $@ tests/test_alloc.c topology.c \
		parse.c $(shell $(XPKG) --libs $(PKGS)) -lm

$(XB)/test_windows: tests/test_windows.c fence.h list.h spinlock.h compiler.h compiler.c | $(XB)
	$(XCC) $(XCFLAGS) -o $@ tests/test_windows.c compiler.c

$(XB)/test_fence $(XB)/test_fence-llsc $(XB)/test_fence-lse: tests/test_fence.c fence.h list.h \
		spinlock.h compiler.h cycles.h compiler.c | $(XB)
	$(XCC) $(XCFLAGS) $(if $(findstring -llsc,$@),$(XLLSC))$(if $(findstring -lse,$@),$(XLSE)) \
		-o $@ tests/test_fence.c compiler.c

$(XB)/bench.s $(XB)/bench-lse.s: bench.c *.h | $(XB)
	$(XCC) $(XCFLAGS) $(if $(findstring -lse,$@),$(XLSE),$(XLLSC)) \
		-DFENCEBENCH_VERSION='"$(VERSION)"' -S -o $@ bench.c

asm-cross: $(XB)/bench.s $(XB)/bench-lse.s

check-cross: $(XBINS) $(XB)/bench.s $(XB)/bench-lse.s
	B=$(XB) RUN_PREFIX="$(QEMU)" CROSS_ARCH=$(XARCH) tests/run.sh

.PHONY: asm-cross check-cross cross-deps

# ---- locks: the four fence locks (locks/*.h) and their tests
LOCK_HDRS = spinlock.h $(wildcard locks/*.h)
check: $(B)/test_locks $(B)/tsan/test_locks
$(B)/test_fence $(B)/test_windows $(B)/tsan/test_fence $(B)/tsan/test_windows: $(LOCK_HDRS)

$(B)/test_locks: tests/test_locks.c $(LOCK_HDRS) compiler.h compiler.c tests/tap.h | $(B)
	$(CC) $(CFLAGS) -D_GNU_SOURCE -o $@ tests/test_locks.c compiler.c

$(B)/tsan/test_locks: tests/test_locks.c $(LOCK_HDRS) compiler.h compiler.c tests/tap.h | $(B)/tsan
	$(CC) -std=gnu11 -pthread $(WARN) $(TSAN) -D_GNU_SOURCE -o $@ tests/test_locks.c compiler.c

# ---- install: make install [PREFIX=/usr/local] [DESTDIR=staging dir]; make uninstall
PREFIX	?= /usr/local
BINDIR	 = $(PREFIX)/bin
MAN1DIR	 = $(PREFIX)/share/man/man1
DATADIR	 = $(PREFIX)/share/fencebench
INSTALL	?= install

install: fencebench
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MAN1DIR) \
		$(DESTDIR)$(DATADIR)/plots $(DESTDIR)$(DATADIR)/scripts
	$(INSTALL) -m 755 fencebench $(DESTDIR)$(BINDIR)/fencebench
	$(INSTALL) -m 644 fencebench.1 $(DESTDIR)$(MAN1DIR)/fencebench.1
	$(if $(wildcard plots/*.gp),$(INSTALL) -m 644 $(wildcard plots/*.gp) $(DESTDIR)$(DATADIR)/plots/)
	$(if $(wildcard scripts/*),$(INSTALL) -m 755 $(wildcard scripts/*) $(DESTDIR)$(DATADIR)/scripts/)

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/fencebench $(DESTDIR)$(MAN1DIR)/fencebench.1
	rm -rf $(DESTDIR)$(DATADIR)

.PHONY: install uninstall

-include $(OBJS:.o=.d)
.PHONY: all deps run check check-numa check-lkp bench-plan asm clean tsan-oracle plots

# ---- fuzzing (clang's libFuzzer) and the other sanitizers -----------------
FUZZ_CC		?= clang-14
FUZZ_SECONDS	?= 60
FUZZ_FLAGS	 = -std=gnu11 -g -O1 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined \
		   -fno-sanitize-recover=all

$(B)/fuzz:
	mkdir -p $@

$(B)/fuzz/fuzz_parse: tests/fuzz/fuzz_parse.c parse.c parse.h | $(B)/fuzz
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ tests/fuzz/fuzz_parse.c parse.c -lm

$(B)/fuzz/fuzz_csv: tests/fuzz/fuzz_csv.c summary.c summary.h stats.c stats.h | $(B)/fuzz
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ tests/fuzz/fuzz_csv.c summary.c stats.c -lm

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
