# kubeconvert: `make` builds ./kubeconvert, `make test` installs what it
# needs and runs every test, plain and under ASan+UBSan.
CC      ?= cc
PREFIX  ?= /usr/local
BUILD   ?= build
PKGS     = yaml-0.1 libcjson libpcre2-8
DEBS     = libyaml-dev libcjson-dev libpcre2-dev pkg-config
OPT     ?= -O2
# Recursive (=) so they are read after `make deps` installed the packages.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CFLAGS_ALL = -std=c11 -Wall -Wextra -Werror $(OPT) -D_GNU_SOURCE -Iinclude -Isrc $(PKG_CFLAGS) $(CFLAGS)
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

$(BUILD)/%.o: src/%.c $(HEADERS) | $(BUILD)
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

$(BUILD)/unit/%.o: tests/unit/%.c $(HEADERS) | $(BUILD)
	@mkdir -p $(BUILD)/unit
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

$(BUILD):
	mkdir -p $(BUILD)

# Install the Debian packages only when pkg-config cannot find them.
deps:
	@if pkg-config --exists $(PKGS) 2>/dev/null; then :; else \
	  echo "installing $(DEBS)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEBS); \
	fi

# The test command (README, .ci/run): everything, twice.
test: deps
	$(MAKE) --no-print-directory check

check: all $(BUILD)/unit-tests
	$(MAKE) --no-print-directory BUILD=build/san OPT="$(SAN_FLAGS)" LDFLAGS="-fsanitize=address,undefined" \
	  build/san/kubeconvert build/san/unit-tests
	sh tests/run-all.sh ./kubeconvert $(BUILD)/unit-tests build/san/kubeconvert build/san/unit-tests

# Speed and memory, measured (never in a test): see bench/run.sh.
bench: deps
	$(MAKE) --no-print-directory all build/bench/gen build/bench/floor build/bench/measure
	bash bench/run.sh ./kubeconvert build/bench

build/bench/%: bench/%.c | $(BUILD)
	@mkdir -p build/bench
	$(CC) -std=c11 -O2 -D_GNU_SOURCE -Wall -Wextra -Werror -o $@ $< $(PKG_LIBS)

install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/kubeconvert
	install -m 644 man/kubeconvert.1 $(DESTDIR)$(PREFIX)/share/man/man1/kubeconvert.1

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/kubeconvert $(DESTDIR)$(PREFIX)/share/man/man1/kubeconvert.1

clean:
	rm -rf build kubeconvert
