# SecureVOX Call. `make run` and `make test` do everything on a fresh machine (see README).
# JDK 25: Temurin's where installed (this machine's default java is 17), else the caller's JAVA_HOME.
TEMURIN_25 := /usr/lib/jvm/temurin-25-jdk-amd64
ifneq ($(wildcard $(TEMURIN_25)/bin/java),)
JAVA_HOME := $(TEMURIN_25)
endif
export JAVA_HOME
MVN := ./mvnw -B -ntp
JAR := target/securevox-call.jar
NODE_TESTS := src/test/node
E2E_TESTS := src/test/e2e
SDK_JS := sdk/js
# Test-only npm packages, each with a committed lockfile; bench/'s socket.io-client also trains the AOT cache (LauncherIT
# trains one).
NPM_DIRS := $(NODE_TESTS) $(E2E_TESTS) $(SDK_JS) bench

.PHONY: run build test unit node-deps lint format fuzz bench bench-cold bench-storm bench-sfu bench-recording bench-e2ee bench-takeover bench-cluster clean

# The launcher applies deploy/jvm.options (and the AOT cache when one was built); JAVA_OPTS add to them.
run: build
	SECUREVOX_CALL_ENV=development JAVA_OPTS="$(JAVA_OPTS)" bin/securevox-call

# Then the AOT cache bin/securevox-call starts the server with (docs/deploy.md "The AOT cache"): bench/aot-train.mjs
# runs the fresh jar through the launcher on a private port under a few hundred calls and stops it, and the JVM writes
# target/securevox-call.aot as it exits. It needs Node.js and bench/'s socket.io-client; without them, or with
# AOT_TRAIN=0, the build succeeds without a cache and says so. The jar is reproducible (project.build.outputTimestamp),
# so a cache trained on the same bytes, after the last change to jvm.options and to the JDK, is kept.
AOT_TRAIN ?= 1
AOT_CACHE := $(JAR:.jar=.aot)
build:
	$(MVN) -q -DskipTests package
	@if [ -f $(AOT_CACHE) ] && [ "$$(cat $(AOT_CACHE).jar-cksum 2>/dev/null)" = "$$(cksum <$(JAR))" ] \
		&& [ $(AOT_CACHE) -nt deploy/jvm.options ] && [ $(AOT_CACHE) -nt $(JAVA_HOME)/release ]; then \
		echo "make build: $(AOT_CACHE) was trained on this jar, these JVM flags and this JDK; kept"; exit 0; fi; \
	rm -f $(AOT_CACHE) $(AOT_CACHE).jar-cksum; \
	if [ "$(AOT_TRAIN)" != 1 ]; then echo "make build: no AOT cache (AOT_TRAIN=$(AOT_TRAIN)); the server starts without one"; \
	elif ! command -v node >/dev/null 2>&1; then echo "make build: no AOT cache (no node on the PATH to train it); the server starts without one"; \
	elif [ ! -d bench/node_modules/socket.io-client ] && ! (cd bench && npm ci --no-audit --no-fund --loglevel=error >/dev/null 2>&1); then \
		echo "make build: no AOT cache (npm ci in bench/ failed, so no socket.io-client to train with); the server starts without one"; \
	elif ! node bench/aot-train.mjs --jar $(JAR) --cache $(AOT_CACHE); then echo "make build: no AOT cache (training failed, above); the server starts without one"; fi

# Test files node --test runs at once. Every file starts its own servers (port 0) and its own redis-server, nginx,
# socat, Janus, coturn and Chromium on free ports and private directories, so files are independent; the long ones
# (the three-node cluster suites, the recordings) mostly wait, which a second file fills (docs/benchmarks.md "The
# test suite"). NODE_TEST_JOBS=1 / E2E_TEST_JOBS=1 run one file at a time, e.g. to read one file's server output.
NODE_TEST_JOBS ?= 2
E2E_TEST_JOBS ?= 2
JAR_ENV = SECUREVOX_SERVER_JAR=$(CURDIR)/$(JAR) SECUREVOX_JAVA=$(JAVA_HOME)/bin/java
# $(call phase,<name>,<command>[,jar]): runs the command and records one line in $(TEST_SUMMARY): the phase's name,
# OK or FAILED (exit S), and its wall time. A failing phase does not stop the run, so the summary has a line for every
# phase and a later failure is not hidden behind an earlier one. A phase marked jar tests the packaged server and says
# NOT RUN when this run's `mvn verify` packaged none (its unit tests failed): an earlier build's jar would be tested as
# if it were this one. The file is this make's own (named by its process id): a second `make test` in the checkout,
# started while this one runs, neither removes its lines nor mixes into them.
TEST_RUN := $(shell echo $$PPID)
TEST_SUMMARY := $(CURDIR)/target/test-summary-$(TEST_RUN).txt
TEST_STARTED := $(CURDIR)/target/test-started-$(TEST_RUN)
phase = @start=$$(date +%s); \
	if [ "$(3)" = jar ] && [ ! $(JAR) -nt $(TEST_STARTED) ]; then result="NOT RUN (no jar from this run)"; \
	else ( $(2) ); status=$$?; if [ $$status -eq 0 ]; then result=OK; else result="FAILED (exit $$status)"; fi; fi; \
	line=$$(printf '%-12s %-31s %5d s' '$(1)' "$$result" $$(( $$(date +%s) - start ))); \
	echo "make test: $$line"; echo "$$line" >>$(TEST_SUMMARY)
# The last lines of `make test`: every phase's, then the exit status, 0 only when each phase was OK. The summary stays
# in target/test-summary.txt.
test_summary = @echo; echo "make test: summary"; sed 's/^/  /' $(TEST_SUMMARY); \
	mv $(TEST_SUMMARY) $(CURDIR)/target/test-summary.txt; rm -f $(TEST_STARTED); \
	failed=$$(grep -cv '^.\{13\}OK ' $(CURDIR)/target/test-summary.txt); \
	if [ $$failed -ne 0 ]; then echo "make test: $$failed of $$(wc -l <$(CURDIR)/target/test-summary.txt) phases did not pass"; exit 1; fi
# node --test with a dot per test and, at the end, each failure in full with what its file printed (the servers'
# output, leak reports) and the totals (src/test/compact-reporter.mjs); the whole TAP stream goes to target/<name>.tap.
NODE_REPORTERS = --test-reporter=$(CURDIR)/src/test/compact-reporter.mjs --test-reporter-destination=stdout \
	--test-reporter=tap --test-reporter-destination=$(CURDIR)/target/$(1).tap

# Unit tests, fuzz-corpus replay and architecture rules (surefire), then the black-box suites
# against the packaged jar: Java client (failsafe) and the official JS client (node --test);
# the browser SDK's unit tests and type check; the demo page in headless Chromium (E2E). The Django
# example's own tests (its verify view, webhook receiver, signature vectors) run on Debian's python3.
# Test output stays out of the console where it passes: each test class's in target/*-reports/<class>-output.txt
# (printed by src/test/failed-output.sh for a class that fails), each node test file's in its TAP file.
test: node-deps
	@mkdir -p $(CURDIR)/target; rm -f $(TEST_SUMMARY); touch $(TEST_STARTED) $(CURDIR)/target/test-started
	$(call phase,mvn verify,$(MVN) verify || { src/test/failed-output.sh; false; })
	$(call phase,django,cd examples/django && /usr/bin/python3 manage.py test calls)
	$(call phase,node suite,$(JAR_ENV) node --test --test-concurrency=$(NODE_TEST_JOBS) $(call NODE_REPORTERS,node-suite) $(NODE_TESTS)/,jar)
	$(call phase,sdk,cd $(SDK_JS) && node --test $(call NODE_REPORTERS,sdk) test/ && npx --no-install tsc --noEmit -p .)
	$(call phase,e2e suite,$(JAR_ENV) node --test --test-concurrency=$(E2E_TEST_JOBS) $(call NODE_REPORTERS,e2e-suite) $(E2E_TESTS)/,jar)
	$(test_summary)

unit:
	$(MVN) test

node-deps:
	@for dir in $(NPM_DIRS); do \
		if [ ! -d $$dir/node_modules ] || [ $$dir/package-lock.json -nt $$dir/node_modules ]; then \
			(cd $$dir && npm ci --no-audit --no-fund --loglevel=error) || exit 1; fi; done

# Error Prone compiles everything again into target/errorprone (the profile's build directory), so lint neither
# reuses classes compiled without it nor deletes the jar `make build` left.
lint:
	$(MVN) -q spotless:check
	$(MVN) -q -Perrorprone -DskipTests clean compile

format:
	$(MVN) -q spotless:apply

# Fuzz every decoder of outside input for the maxDuration its @FuzzTest names (2 minutes each).
# Findings are written as inputs under src/test/resources/…Inputs/, which `make test` replays:
# commit them with the fix.
fuzz:
	JAZZER_FUZZ=1 $(MVN) test -Dtest='*FuzzTest' -Dsurefire.failIfNoSpecifiedTests=false

# The load benchmark (docs/benchmarks.md): the Java server with one event loop and with two (one per core), then the
# reference Node server. The ping-pong is a synthetic flood, so the per-socket rate limit is lifted, and the grace is
# 0 like the reference server's; BENCH_ARGS go to load.mjs.
BENCH_JAVA_ENV := SECUREVOX_CALL_EVENT_RATE=10000 SECUREVOX_CALL_EVENT_BURST=100000 SECUREVOX_CALL_RECONNECT_GRACE=0s
bench: build
	cd bench && npm ci --no-audit --no-fund --loglevel=error
	$(BENCH_JAVA_ENV) SECUREVOX_CALL_IO_THREADS=1 \
		bench/run.sh java @$(CURDIR)/deploy/jvm.options $(BENCH_JVM_FLAGS) -- $(BENCH_ARGS)
	$(BENCH_JAVA_ENV) SECUREVOX_CALL_IO_THREADS=2 \
		bench/run.sh java @$(CURDIR)/deploy/jvm.options $(BENCH_JVM_FLAGS) -- $(BENCH_ARGS)
	bench/run.sh reference -- $(BENCH_ARGS)
	$(MAKE) --no-print-directory bench-cold
	$(MAKE) --no-print-directory bench-storm

# Cold (issue 17): a freshly started server takes the whole run with no warm-up; ours through bin/securevox-call, as it
# ships (deploy/jvm.options and the AOT cache make build trained), then the reference Node server.
bench-cold: build
	cd bench && npm ci --no-audit --no-fund --loglevel=error
	$(BENCH_JAVA_ENV) BENCH_WARMUP=0 bench/run.sh custom $(CURDIR)/bin/securevox-call -- $(BENCH_ARGS)
	BENCH_WARMUP=0 bench/run.sh reference -- $(BENCH_ARGS)

# The reconnect storm (docs/benchmarks.md): 10,000 sockets in 5,000 calls, then the server is restarted under them
# (SIGTERM, a new process on the same port) and every client comes back with socket.io-client's default back-off; our
# server through bin/securevox-call, then the reference Node server. The server holds a descriptor per socket, so the
# open-files limit is raised as far as the hard limit allows (storm.mjs refuses to start below sockets + 256).
# BENCH_STORM_ARGS go to bench/storm.mjs (e.g. --connections 2000).
bench-storm: build
	cd bench && npm ci --no-audit --no-fund --loglevel=error
	ulimit -n 65535 2>/dev/null || ulimit -n $$(ulimit -Hn) 2>/dev/null; cd bench && \
		node storm.mjs --server java $(BENCH_STORM_ARGS) && node storm.mjs --server reference $(BENCH_STORM_ARGS)

# Recovery after kill -9 of a call's node, two nodes on a private redis-server and PostgreSQL (docs/benchmarks.md).
bench-takeover: build
	cd bench && npm ci --no-audit --no-fund --loglevel=error && node takeover.mjs --runs 7

# Several nodes (docs/benchmarks.md): joins/s on one node vs three, relay round trip and CPU per message with both
# members on one node vs on two; private redis-server and PostgreSQL database. BENCH_CLUSTER_ARGS go to cluster.mjs.
bench-cluster: build
	cd bench && npm ci --no-audit --no-fund --loglevel=error && node cluster.mjs $(BENCH_CLUSTER_ARGS)

# The SFU benchmark (docs/benchmarks.md): uplink mesh against SFU, packets Janus forwards per core, join to first
# frame; headless Chromium and a managed Janus. BENCH_SFU_ARGS go to bench/sfu.mjs.
bench-sfu: build node-deps
	SECUREVOX_SERVER_JAR=$(CURDIR)/$(JAR) SECUREVOX_JAVA=$(JAVA_HOME)/bin/java node bench/sfu.mjs $(BENCH_SFU_ARGS)

# The recording benchmark (docs/benchmarks.md): how long making a recording's files takes per minute of call, per
# participant and composed; headless Chromium and a managed Janus. BENCH_RECORDING_ARGS go to bench/recording.mjs.
bench-recording: build node-deps
	SECUREVOX_SERVER_JAR=$(CURDIR)/$(JAR) SECUREVOX_JAVA=$(JAVA_HOME)/bin/java node bench/recording.mjs $(BENCH_RECORDING_ARGS)

# The end-to-end encryption benchmark (docs/benchmarks.md): frames per second and browser CPU of a 720p two-party call
# in headless Chromium, plain and encrypted. BENCH_E2EE_ARGS go to bench/e2ee.mjs.
bench-e2ee: build node-deps
	SECUREVOX_SERVER_JAR=$(CURDIR)/$(JAR) SECUREVOX_JAVA=$(JAVA_HOME)/bin/java node bench/e2ee.mjs $(BENCH_E2EE_ARGS)

clean:
	$(MVN) -q clean
