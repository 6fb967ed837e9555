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
# make bench-plan time the planner on a 1024-PU synthetic topology
# make tsan-oracle  build ./fencebench-oracle (plain payload, TSan): races show
# make asm        bench.s, to read the hot loops
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

SRCS	 = bench.c compiler.c env.c report.c stats.c summary.c timer.c topology.c
# hardware counters (perf_event_open)
SRCS	+= counters.c
OBJS	 = $(SRCS:.c=.o)
B	 = build
TSAN	 = -O1 -g -fsanitize=thread -fno-omit-frame-pointer
TESTS	 = $(B)/test_list $(B)/test_fence $(B)/test_windows $(B)/test_stats $(B)/test_topology
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

$(B)/test_topology: tests/test_topology.c topology.c topology.h tests/tap.h | $(B) deps
	$(CC) $(CFLAGS) $(CPPFLAGS) -o $@ tests/test_topology.c topology.c $(LDLIBS)

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

bench-plan: $(B)/test_topology
	scripts/bench-plan

asm: | deps
	$(CC) $(CFLAGS) $(CPPFLAGS) -S -fverbose-asm -o bench.s bench.c

clean:
	rm -rf fencebench fencebench-oracle *.o *.d bench.s $(B)

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
.PHONY: all deps run check check-numa bench-plan asm clean tsan-oracle
