# todo-functions: `make up` runs the embedded stack, `make test` runs every test. Both install what they need.
.PHONY: deps build release test unit-test fuzz-smoke up bench fuzz lint format run clean postgres-start postgres-stop

SWIFT_BUILD_ARGS := -Xswiftc -warnings-as-errors
RELEASE_ARGS := -c release --static-swift-stdlib $(SWIFT_BUILD_ARGS)
# The one list of Debian packages (C libraries, the test database, the load generator, the fuzzer runtime).
APT_PACKAGES := libhttp-parser-dev libcurl4-openssl-dev libssl-dev libpq-dev libsqlite3-dev libyaml-dev \
	postgresql postgresql-contrib wrk libclang-rt-14-dev libmicrohttpd-dev procps
# The one list of PyPI packages (test tooling only).
PIP_PACKAGES := fastapi uvicorn uvloop httptools websockets
FUZZ_SECONDS ?= 60
FN ?= minimal-function

deps:
	@APT_PACKAGES="$(APT_PACKAGES)" PIP_PACKAGES="$(PIP_PACKAGES)" .ci/deps

build: deps
	swift build $(SWIFT_BUILD_ARGS)

release: deps
	swift build $(RELEASE_ARGS)

test: deps postgres-start unit-test fuzz-smoke

# Tests start the built executables (minimal-function, todofn), so build everything first.
unit-test:
	swift build $(SWIFT_BUILD_ARGS)
	TODOFN_TEST_DATABASE_URL="$$(.ci/postgres url)" swift test $(SWIFT_BUILD_ARGS)

fuzz-smoke:
	FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_SEED=$${FUZZ_SEED:-1} .ci/fuzz

fuzz: deps
	FUZZ_SECONDS=$${FUZZ_SECONDS:-300} .ci/fuzz

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

lint:
	swift format lint --strict -r Package.swift Functions Shared Tests Tools

format:
	swift format -i -r Package.swift Functions Shared Tests Tools

clean:
	rm -rf .build
