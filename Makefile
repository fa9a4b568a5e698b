# kubeconvert: `make` builds ./kubeconvert, `make test` installs what it
# needs and runs every test, plain and under ASan+UBSan.
#
# A user's CC, CFLAGS, CPPFLAGS, LDFLAGS, LDLIBS, PREFIX and DESTDIR are
# honoured; what the code cannot build without is added to them, never
# instead of them. -Werror is for the test build (`make test`), not yours.
CC      ?= cc
CFLAGS  ?= -O2 -g
PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share
BUILD   ?= build
VERSION := $(shell cat VERSION)
PKGS     = yaml-0.1 libcjson libpcre2-8
DEBS     = libyaml-dev libcjson-dev libpcre2-dev pkg-config
WERROR  ?=
# Recursive (=) so they are read after `make deps` installed the packages.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CFLAGS_ALL = -std=c11 -Wall -Wextra $(WERROR) -D_GNU_SOURCE -DKC_VERSION='"$(VERSION)"' -pthread \
             -Iinclude -Isrc $(PKG_CFLAGS) $(CPPFLAGS) $(CFLAGS) $(OPT)
LDLIBS_ALL = $(PKG_LIBS) $(LDLIBS)

LIB_SRC  = $(filter-out src/main.c,$(wildcard src/*.c))
LIB_OBJ  = $(LIB_SRC:src/%.c=$(BUILD)/%.o)
UNIT_SRC = $(wildcard tests/unit/*.c)
UNIT_OBJ = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/unit/%.o)
HEADERS  = $(wildcard include/*.h src/*.h tests/unit/*.h)
BIN      = $(if $(filter build,$(BUILD)),kubeconvert,$(BUILD)/kubeconvert)

SAN_FLAGS = -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

.PHONY: all deps test check install uninstall clean bench
all: $(BIN)

$(BIN): $(LIB_OBJ) $(BUILD)/main.o
	$(CC) $(CFLAGS_ALL) $(LDFLAGS) -o $@ $^ $(LDLIBS_ALL)

$(BUILD)/unit-tests: $(LIB_OBJ) $(UNIT_OBJ)
	$(CC) $(CFLAGS_ALL) $(LDFLAGS) -o $@ $^ $(LDLIBS_ALL)

$(BUILD)/%.o: src/%.c $(HEADERS) VERSION | $(BUILD)/.deps-found
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

$(BUILD)/unit/%.o: tests/unit/%.c $(HEADERS) | $(BUILD)/.deps-found
	@mkdir -p $(BUILD)/unit
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

$(BUILD):
	mkdir -p $(BUILD)

# Before any compile: one message naming what is missing, not a compiler
# error about a missing header. pkg-config names each library's package.
$(BUILD)/.deps-found: | $(BUILD)
	@missing=""; \
	command -v pkg-config >/dev/null 2>&1 || missing="pkg-config"; \
	for p in yaml-0.1:libyaml-dev libcjson:libcjson-dev libpcre2-8:libpcre2-dev; do \
	  pkg-config --exists $${p%%:*} 2>/dev/null || missing="$$missing $${p#*:}"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "kubeconvert: missing Debian package(s):$$missing; run 'make deps' (as root) to install them" >&2; \
	  exit 1; \
	fi; \
	touch $@

# Install the Debian packages only when pkg-config cannot find them.
deps:
	@if pkg-config --exists $(PKGS) 2>/dev/null; then :; else \
	  echo "installing $(DEBS)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEBS); \
	fi

# The test command (README, .ci/run): everything, twice.
test: deps
	$(MAKE) --no-print-directory WERROR=-Werror check

# Once, besides the two binaries: the fuzz corpus replayed under ASan+UBSan, the
# fixtures under valgrind (when installed), the fixtures with every file parsed
# as two parts (build/split: parse_split.c, which only large files get) and
# tests/safety.sh with the plain binary; tests/layers.sh over the plain objects
# (no loop between files, no mutable state outside main.c).
check: all $(BUILD)/unit-tests build/kubeconvert-valgrind
	$(MAKE) --no-print-directory BUILD=build/san OPT="$(SAN_FLAGS)" LDFLAGS="-fsanitize=address,undefined" \
	  build/san/kubeconvert build/san/unit-tests build/san/fuzz-replay
	$(MAKE) --no-print-directory BUILD=build/split OPT="$(SAN_FLAGS) -DKC_SPLIT_MIN_BYTES=0" \
	  LDFLAGS="-fsanitize=address,undefined" build/split/kubeconvert
	@if command -v valgrind >/dev/null 2>&1; then :; else echo "skip: valgrind not found, no memcheck"; fi
	KC_FUZZ_REPLAY=build/san/fuzz-replay KC_SAFETY=./kubeconvert KC_SPLIT_ALL=build/split/kubeconvert KC_LAYERS=$(BUILD) \
	  KC_MEMCHECK=$$(command -v valgrind >/dev/null 2>&1 && echo build/kubeconvert-valgrind) \
	  sh tests/run-all.sh ./kubeconvert $(BUILD)/unit-tests build/san/kubeconvert build/san/unit-tests

# Speed and memory, measured (never in a test): see bench/run.sh. A build that
# never splits (build/onepass) is the single pass a refused split is held to.
bench: deps
	$(MAKE) --no-print-directory all build/bench/gen build/bench/floor build/bench/measure \
	  build/bench/replace
	$(MAKE) --no-print-directory BUILD=build/onepass OPT="-DKC_SPLIT_MIN_BYTES=SIZE_MAX" build/onepass/kubeconvert
	KC_ONE_PASS=build/onepass/kubeconvert bash bench/run.sh ./kubeconvert build/bench

build/bench/%: bench/%.c | $(BUILD)
	@mkdir -p build/bench
	$(CC) -std=c11 -O2 -D_GNU_SOURCE -Wall -Wextra -Werror -o $@ $< $(PKG_LIBS)

# The binary, its man page (with the version of VERSION), the completion
# scripts where each shell looks for them (written by the binary itself, so
# they always match its options), and kubectl's plugin name for it:
# `kubectl convert-kubeconfig` runs kubectl-convert_kubeconfig.
install: $(BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	  $(DESTDIR)$(DATADIR)/bash-completion/completions $(DESTDIR)$(DATADIR)/zsh/site-functions \
	  $(DESTDIR)$(DATADIR)/fish/vendor_completions.d
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/kubeconvert
	ln -sf kubeconvert $(DESTDIR)$(BINDIR)/kubectl-convert_kubeconfig
	sed '1s/"kubeconvert [^"]*"/"kubeconvert $(VERSION)"/' man/kubeconvert.1 >$(DESTDIR)$(MANDIR)/man1/kubeconvert.1
	chmod 644 $(DESTDIR)$(MANDIR)/man1/kubeconvert.1
	./$(BIN) completion bash >$(DESTDIR)$(DATADIR)/bash-completion/completions/kubeconvert
	./$(BIN) completion zsh >$(DESTDIR)$(DATADIR)/zsh/site-functions/_kubeconvert
	./$(BIN) completion fish >$(DESTDIR)$(DATADIR)/fish/vendor_completions.d/kubeconvert.fish

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/kubeconvert $(DESTDIR)$(BINDIR)/kubectl-convert_kubeconfig \
	  $(DESTDIR)$(MANDIR)/man1/kubeconvert.1 \
	  $(DESTDIR)$(DATADIR)/bash-completion/completions/kubeconvert \
	  $(DESTDIR)$(DATADIR)/zsh/site-functions/_kubeconvert \
	  $(DESTDIR)$(DATADIR)/fish/vendor_completions.d/kubeconvert.fish

clean:
	rm -rf build kubeconvert

# ---- fault and robustness testing ---------------------------------------------

# The fuzz target (tests/fuzz/fuzz_convert.c) replayed over testdata/fuzz/ with
# the san build's gcc, no clang needed: build/san/fuzz-replay (see check).
$(BUILD)/fuzz-replay: $(LIB_OBJ) $(BUILD)/fuzz/fuzz_convert.o $(BUILD)/fuzz/replay.o
	$(CC) $(CFLAGS_ALL) $(LDFLAGS) -o $@ $^ $(LDLIBS_ALL)

$(BUILD)/fuzz/%.o: tests/fuzz/%.c $(HEADERS) | $(BUILD)
	@mkdir -p $(BUILD)/fuzz
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

# `make fuzz [FUZZ_SECONDS=60] [FUZZ_JOBS=2]`: libFuzzer (clang) for a bounded
# time, in FUZZ_JOBS processes, from a copy of testdata/fuzz/ in build/fuzz-corpus/
# (where new inputs go too). It goes on after a crash, saves each one as
# build/libfuzzer/crash-*, lists those of this run at the end and then fails.
# Replay one with `build/libfuzzer/fuzz_convert FILE` or `build/san/fuzz-replay FILE`.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_JOBS    ?= 2
FUZZ_MAX_LEN ?= 65536
FUZZ_FLAGS   ?=
FUZZ_CFLAGS   = -std=c11 -Wall -Wextra -Werror -g -O1 -fno-omit-frame-pointer -D_GNU_SOURCE -pthread \
                -DKC_VERSION='"$(VERSION)"' \
                -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -Iinclude -Isrc

.PHONY: fuzz memcheck
fuzz: deps
	$(MAKE) --no-print-directory build/libfuzzer/fuzz_convert
	@mkdir -p build/fuzz-corpus
	cp testdata/fuzz/* build/fuzz-corpus/
	touch build/libfuzzer/.start
	-build/libfuzzer/fuzz_convert -fork=$(FUZZ_JOBS) -ignore_crashes=1 -max_total_time=$(FUZZ_SECONDS) \
	  -max_len=$(FUZZ_MAX_LEN) -timeout=10 -artifact_prefix=build/libfuzzer/ $(FUZZ_FLAGS) build/fuzz-corpus
	@crashes=$$(find build/libfuzzer \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) \
	  -newer build/libfuzzer/.start | LC_ALL=C sort); \
	if [ -n "$$crashes" ]; then \
	  echo "fuzz: $$(echo "$$crashes" | wc -l) inputs fail (replay: build/libfuzzer/fuzz_convert FILE):"; \
	  echo "$$crashes" | sed 's/^/  /'; exit 1; \
	fi; \
	echo "fuzz: no failure in $(FUZZ_SECONDS) s"

build/libfuzzer/fuzz_convert: $(LIB_SRC) tests/fuzz/fuzz_convert.c $(HEADERS)
	@mkdir -p build/libfuzzer
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(PKG_CFLAGS) -o $@ $(LIB_SRC) tests/fuzz/fuzz_convert.c $(PKG_LIBS)

# `make memcheck`: the fixture suite with the plain binary under valgrind; any
# memory error or definite/indirect leak fails the case (exit 99, stderr differs).
# The wrapper runs the plain binary; tests/fixtures.sh is pointed at it.
memcheck: all build/kubeconvert-valgrind
	bash tests/fixtures.sh build/kubeconvert-valgrind

build/kubeconvert-valgrind: Makefile | $(BUILD)
	@mkdir -p build
	printf '#!/bin/sh\nexec valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect --quiet "%s" "$$@"\n' \
	  "$(abspath $(BIN))" >$@
	chmod +x $@
