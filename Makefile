# todo-functions: `make up` runs the embedded stack, `make test` runs every test. Both install what they need.
.PHONY: deps build release release-function test unit-test browser-test openapi-check deploy-test test-stress fuzz-smoke \
	api-fuzz api-fuzz-smoke up bench image-sizes fuzz lint format run clean postgres-start postgres-stop load chaos \
	chaos-smoke

SWIFT_BUILD_ARGS := -Xswiftc -warnings-as-errors
RELEASE_ARGS := -c release --static-swift-stdlib $(SWIFT_BUILD_ARGS)
# The one list of Debian packages (C libraries, the test database, the load generator, the fuzzer runtime, the
# browser for the web client's test).
# The C libraries' -dev packages are also what Functions/Dockerfile installs to build an image.
C_LIBRARY_PACKAGES := libhttp-parser-dev libcurl4-openssl-dev libssl-dev libpq-dev libsqlite3-dev libyaml-dev
APT_PACKAGES := $(C_LIBRARY_PACKAGES) \
	postgresql postgresql-contrib wrk libclang-rt-14-dev libmicrohttpd-dev procps chromium chromium-driver tzdata
# The one list of PyPI packages (test tooling only). kubernetes-validate and check-jsonschema validate the
# deployment manifests offline (Tests/Deploy).
PIP_PACKAGES := fastapi uvicorn uvloop httptools pytest selenium jsonschema openapi-spec-validator kubernetes-validate \
	check-jsonschema websockets schemathesis
FUZZ_SECONDS ?= 60
FN ?= minimal-function
RUNS ?= 5
FILTER ?=

deps:
	@APT_PACKAGES="$(APT_PACKAGES)" PIP_PACKAGES="$(PIP_PACKAGES)" .ci/deps

build: deps
	swift build $(SWIFT_BUILD_ARGS)

# TODOFN_STATIC_EXECUTABLE=1: the binaries that can be fully static are linked so (see Package.swift).
release: deps
	TODOFN_STATIC_EXECUTABLE=1 swift build $(RELEASE_ARGS)

# One function's release binary (Functions/Dockerfile): FN=<folder under Functions/>.
release-function:
	TODOFN_STATIC_EXECUTABLE=1 swift build $(RELEASE_ARGS) --product $(FN)

# `make -s print-C_LIBRARY_PACKAGES`: a variable's value, for the image workflow.
print-%:
	@echo $($*)

test: deps postgres-start deploy-test unit-test browser-test openapi-check fuzz-smoke api-fuzz-smoke chaos-smoke

# Tests start the built executables (minimal-function, todofn), so build everything first.
unit-test:
	swift build $(SWIFT_BUILD_ARGS)
	TODOFN_TEST_DATABASE_URL="$$(.ci/postgres url)" swift test $(SWIFT_BUILD_ARGS)

# The web client in headless Chromium against the built `todofn up` (Tests/Browser); the screenshot of both windows
# lands in .build/test-artifacts/. Parts that need functions not built yet are skipped with a loud message (-rs).
browser-test:
	swift build $(SWIFT_BUILD_ARGS)
	cd Tests/Browser && PYTHONDONTWRITEBYTECODE=1 python3 -m pytest -p no:cacheprovider -rs -s -v test_web_client.py

# The unit suite RUNS times (default 5) with two CPU-bound loops beside it; FILTER=<Suite> narrows it.
test-stress: deps postgres-start
	swift build $(SWIFT_BUILD_ARGS)
	TODOFN_TEST_DATABASE_URL="$$(.ci/postgres url)" RUNS=$(RUNS) FILTER="$(FILTER)" .ci/stress

# task-crud's OpenAPI document checked as OpenAPI 3.1, then real responses of the built task-crud (SQLite and
# PostgreSQL) validated against it.
openapi-check: deps postgres-start
	swift build $(SWIFT_BUILD_ARGS) --product task-crud
	TODOFN_TEST_DATABASE_URL="$$(.ci/postgres url)" python3 Tests/openapi/check_responses.py

# The deployment manifests, offline: schemas, kustomize overlays, workflows, names (Tests/Deploy/validate.py), and
# the mutation tests that prove each check fails with the file and field named.
deploy-test:
	cd Tests/Deploy && PYTHONDONTWRITEBYTECODE=1 python3 -m pytest -p no:cacheprovider -q

# End-to-end load through the release `todofn up` on a private PostgreSQL (Tools/loadgen): LOAD_RATE mutations/s for
# LOAD_SECONDS, a WebSocket client per user; prints the figures, then checks nothing was lost, doubled or reordered.
LOAD_RATE ?= 2000
LOAD_SECONDS ?= 60
load: release
	PYTHONDONTWRITEBYTECODE=1 python3 Tools/loadgen/loadgen.py --bin .build/release --rate $(LOAD_RATE) --seconds $(LOAD_SECONDS)

# The same load with CHAOS_KILLS kill -9s (random functions, ws-gateway, `todofn up` itself, started again on the same
# data) and one PostgreSQL restart; the same checks at the end.
CHAOS_KILLS ?= 20
chaos: release
	PYTHONDONTWRITEBYTECODE=1 python3 Tools/loadgen/loadgen.py --bin .build/release --rate 300 --seconds 120 --kills $(CHAOS_KILLS) --restart-postgres

# The short chaos run `make test` includes (well under 2 minutes): the debug build, 6 kills, one PostgreSQL restart.
chaos-smoke:
	swift build $(SWIFT_BUILD_ARGS)
	PYTHONDONTWRITEBYTECODE=1 python3 Tools/loadgen/loadgen.py --bin .build/debug --users 10 --rate 15 --seconds 40 --kills 6 \
		--restart-postgres --settle 75

# Every libFuzzer target (Tests/Fuzz/<name>, 8 today) for FUZZ_SECONDS (60) on its checked-in corpus with a fixed seed,
# two at a time (one per core): about 4 minutes after the sanitizer build. A finding fails the run (fuzz-artifacts/).
fuzz-smoke:
	FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_SEED=$${FUZZ_SEED:-1} .ci/fuzz

# The long run: each target 10 minutes (FUZZ_SECONDS) at nice 10, two at a time, random seed; FUZZ_TARGETS="A B" narrows
# it. Prints executions per target.
fuzz: deps
	FUZZ_SECONDS=$${FUZZ_SECONDS:-600} FUZZ_NICE=$${FUZZ_NICE:-10} .ci/fuzz

# schemathesis against /api/openapi.json of the built `todofn up`, authenticated: no 5xx, responses conform to the
# document, no cross-user read (Tests/APIFuzz). `make api-fuzz` runs up to API_FUZZ_SECONDS (600); `make test` runs a
# short version with a fixed seed, bounded to 90 s of fuzzing.
api-fuzz: deps
	swift build $(SWIFT_BUILD_ARGS)
	python3 Tests/APIFuzz/api_fuzz.py

api-fuzz-smoke:
	swift build $(SWIFT_BUILD_ARGS)
	API_FUZZ_SECONDS=90 API_FUZZ_EXAMPLES=$${API_FUZZ_EXAMPLES:-25} API_FUZZ_SEED=$${API_FUZZ_SEED:-1} python3 Tests/APIFuzz/api_fuzz.py

postgres-start:
	@.ci/postgres start

postgres-stop:
	@.ci/postgres stop

up: release
	.build/release/todofn up

run: build
	swift run $(FN)

bench: release postgres-start
	TODOFN_BENCH_DATABASE_URL="$$(.ci/postgres url)" .build/release/todofn-bench

# Each function's image size without Docker: the file system Functions/Dockerfile's final stage holds (laid out by
# the same .ci/image-rootfs) from the release binaries, as a layer, uncompressed and gzip-compressed.
image-sizes: release
	.ci/image-sizes .build/release

lint:
	swift format lint --strict -r Package.swift Functions Shared Tests Tools
	.ci/imports

format:
	swift format -i -r Package.swift Functions Shared Tests Tools

clean:
	rm -rf .build
