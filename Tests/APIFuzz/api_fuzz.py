#!/usr/bin/env python3
"""API fuzzing: schemathesis against `/api/openapi.json` of the built `todofn up` (free ports, fresh data directory),
every request carrying a development token (`todofn token`) of the fuzzing user.

Checks: no 5xx, every response conforms to the document (status, content type, headers, body schema), and no
cross-user read (hooks.py: a second user's token never sees the first user's tasks). Afterwards the second user's
list is checked once more against everything the first user holds. Exits non-zero on any failure, with the stack's
log tail.

Usage: python3 Tests/APIFuzz/api_fuzz.py   (`make api-fuzz`; API_FUZZ_SECONDS bounds the run, API_FUZZ_EXAMPLES the
cases per operation and phase, API_FUZZ_SEED fixes the seed,
API_FUZZ_ARGS adds schemathesis options; `make test` runs a short version)
"""

import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "Browser"))
from stack import ROOT, Stack  # noqa: E402  (the same `todofn up` harness as the browser test)

USER, OTHER = "fuzz-alice", "fuzz-bob"


def main():
    seconds = os.environ.get("API_FUZZ_SECONDS", "600")
    examples = os.environ.get("API_FUZZ_EXAMPLES", "100")
    artifacts = os.path.join(ROOT, ".build", "test-artifacts", "api-fuzz")
    os.makedirs(artifacts, exist_ok=True)
    stack = Stack()
    try:
        token, other_token = stack.token(USER), stack.token(OTHER)
        env = {
            **os.environ, "PYTHONPATH": HERE, "SCHEMATHESIS_HOOKS": "hooks", "API_FUZZ_BASE": stack.base,
            "API_FUZZ_USER": USER, "API_FUZZ_OTHER_USER": OTHER, "API_FUZZ_OTHER_TOKEN": other_token,
        }
        command = [
            sys.executable, "-m", "schemathesis.cli", "run", stack.base + "/api/openapi.json",
            "--header", f"Authorization: Bearer {token}",
            # The Dapr-facing routes of the same document are not reachable through the ingress (SecurityTests).
            "--include-path-regex", "^/api/",
            "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,"
            "response_headers_conformance,response_schema_conformance,negative_data_rejection,use_after_free,"
            "ensure_resource_availability,no_cross_user_read",
            "--phases", "examples,coverage,fuzzing,stateful", "--max-examples", examples, "--max-time", seconds,
            "--workers", "1", "--request-timeout", "30", "--suppress-health-check", "all", "--continue-on-failure",
            "--report", "junit", "--report-dir", artifacts,
            "--output-sanitize", "false",
        ]
        if "API_FUZZ_SEED" in os.environ:
            command += ["--seed", os.environ["API_FUZZ_SEED"]]
        command += os.environ.get("API_FUZZ_ARGS", "").split()
        print("api-fuzz:", " ".join(part if "Bearer" not in part else "Authorization: Bearer <token>" for part in command),
              flush=True)
        # schemathesis keeps its cache (.schemathesis/) in the working directory: the build's, never the checkout.
        status = subprocess.run(command, env=env, cwd=artifacts).returncode
        leaks = cross_user_leaks(stack, token, other_token)
        for leak in leaks:
            print("api-fuzz: cross-user read:", leak, file=sys.stderr)
        if status != 0 or leaks:
            print("api-fuzz: FAILED; the stack's log ends with:\n" + stack.output()[-6000:], file=sys.stderr)
            return 1
        print("api-fuzz: passed")
        return 0
    finally:
        stack.stop()


def cross_user_leaks(stack, token, other_token):
    """Every task the first user holds after the run, looked up with the second user's token."""
    mine, cursor = [], None
    while True:
        status, page = stack.api("GET", f"/api/{USER}/tasks?status=all&limit=1000" + (f"&cursor={cursor}" if cursor else ""), token)
        if status != 200:
            return [f"{USER} could not list their tasks: {status} {page}"]
        mine += [task["id"] for task in page["tasks"]]
        cursor = page.get("nextCursor")
        if not cursor:
            break
    status, page = stack.api("GET", f"/api/{OTHER}/tasks?status=all&limit=1000", other_token)
    theirs = {task["id"] for task in page["tasks"]} if status == 200 else set()
    leaks = [f"{task} is in {OTHER}'s list" for task in mine if task in theirs]
    for task in mine:
        for path, expected in ((f"/api/{OTHER}/tasks/{task}", 404), (f"/api/{USER}/tasks/{task}", 403)):
            status, body = stack.api("GET", path, other_token)
            if status != expected:
                leaks.append(f"GET {path} with {OTHER}'s token: {status} (expected {expected}) {body}")
    print(f"api-fuzz: {len(mine)} tasks of {USER} checked against {OTHER}'s token")
    return leaks


if __name__ == "__main__":
    sys.exit(main())
