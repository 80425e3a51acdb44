#!/usr/bin/env python3
"""Keeps task-crud's OpenAPI document true: starts the built task-crud (SQLite, and PostgreSQL when
TODOFN_TEST_DATABASE_URL is set), sends real requests (successes and errors) and validates every response
against the document: the status must be documented for the route, the body must match its schema, and every
documented header must be present and match. The document itself is checked as OpenAPI 3.1 first.

Usage: python3 Tests/openapi/check_responses.py [path/to/task-crud]   (`make openapi-check`)
"""
import base64, hashlib, hmac, json, os, re, socket, subprocess, sys, tempfile, time, urllib.error, urllib.parse
import urllib.request, uuid

from jsonschema import Draft202012Validator, FormatChecker
from openapi_spec_validator import validate as validate_spec
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SECRET = "openapi-check-secret"
APP_TOKEN = "openapi-check-app-token"
DOC_URI = "urn:todofn:openapi"


def token(user, lifetime=3600):
    encode = lambda data: base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode()).rstrip(b"=")
    now = int(time.time())
    signing_input = encode({"alg": "HS256", "typ": "JWT"}) + b"." + encode({"sub": user, "iat": now, "exp": now + lifetime})
    signature = base64.urlsafe_b64encode(hmac.new(SECRET.encode(), signing_input, hashlib.sha256).digest()).rstrip(b"=")
    return (signing_input + b"." + signature).decode()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Checker:
    def __init__(self, base, document):
        self.base, self.document = base, document
        self.registry = Registry().with_resource(DOC_URI, Resource.from_contents(document, default_specification=DRAFT202012))
        self.templates = [(re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", path) + "$"), path) for path in document["paths"]]
        self.checked, self.failures = [], []

    def deref(self, item):
        while isinstance(item, dict) and "$ref" in item:
            node = self.document
            for part in item["$ref"].lstrip("#/").split("/"):
                node = node[part]
            item = node
        return item

    def validate(self, schema, value, what):
        validator = Draft202012Validator(
            {"$ref": DOC_URI + "#" + schema["$ref"][1:]} if "$ref" in schema else schema,
            registry=self.registry, format_checker=FormatChecker())
        errors = sorted(validator.iter_errors(value), key=lambda error: list(error.path))
        for error in errors[:3]:
            self.failures.append(f"{what}: {error.message} at {list(error.path)}")

    def call(self, method, path, user="alice", body=None, headers=None, expect=None):
        request_headers = dict(headers or {})
        if user:
            request_headers["Authorization"] = "Bearer " + token(user)
        data = None
        if body is not None:
            data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
            request_headers.setdefault("Content-Type", "application/json")
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=request_headers)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status, response_headers, raw = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            status, response_headers, raw = error.code, error.headers, error.read()
        what = f"{method} {path.split('?')[0]} -> {status}"
        if expect is not None and status != expect:
            self.failures.append(f"{what}: expected {expect}: {raw[:200]!r}")
        self.check(method, path, status, response_headers, raw, what)
        return status, (json.loads(raw) if raw else None), response_headers

    def check(self, method, path, status, headers, raw, what):
        route = next((template for pattern, template in self.templates if pattern.match(urllib.parse.urlparse(path).path)), None)
        if route is None:
            self.failures.append(f"{what}: no documented path")
            return
        operation = self.document["paths"][route].get(method.lower())
        if operation is None:
            self.failures.append(f"{what}: {method} is not documented for {route}")
            return
        documented = operation["responses"].get(str(status))
        if documented is None:
            self.failures.append(f"{what}: status {status} is not documented for {method} {route}")
            return
        self.checked.append((method.lower(), route, status))
        documented = self.deref(documented)
        for name, header in documented.get("headers", {}).items():
            value = headers.get(name)
            if value is None:
                self.failures.append(f"{what}: documented header {name} is missing")
            else:
                self.validate(self.deref(header)["schema"], value, f"{what} header {name}")
        content = documented.get("content")
        if content is None:
            if raw:
                self.failures.append(f"{what}: undocumented body {raw[:100]!r}")
            return
        if not (headers.get("Content-Type") or "").startswith("application/json"):
            self.failures.append(f"{what}: Content-Type {headers.get('Content-Type')}")
        try:
            body = json.loads(raw)
        except ValueError:
            self.failures.append(f"{what}: body is not JSON: {raw[:100]!r}")
            return
        self.validate(content["application/json"]["schema"], body, what)


def exercise(check):
    """Real requests covering every operation, with successes and the errors a client meets."""
    due = "2030-01-02T09:00:00Z"
    check.call("GET", "/api/openapi.json", user=None, expect=200)
    status, task, _ = check.call("POST", "/api/alice/tasks", body={
        "title": "Crème brûlée", "description": "dessert", "priority": "high", "tags": ["home"], "dueAt": due,
        "reminders": [{"at": "2030-01-02T08:00:00Z"}, {"before": "PT30M"}]}, expect=201)
    task_id = task["id"]
    check.call("POST", "/api/alice/tasks", body={"title": "second"}, expect=201)
    status, series, _ = check.call("POST", "/api/alice/tasks", body={
        "title": "Stand-up", "dueAt": due, "timeZone": "Europe/Paris",
        "recurrence": {"rrule": "FREQ=WEEKLY;BYDAY=MO,WE;COUNT=5", "anchor": "schedule"}}, expect=201)
    assert series["recurrence"]["rrule"].startswith("FREQ=WEEKLY"), series
    series_path = f"/api/alice/tasks/{series['id']}"
    check.call("PATCH", series_path, body={"recurrence": "FREQ=DAILY;INTERVAL=2"}, expect=200)
    check.call("PATCH", series_path, body={"recurrence": None}, expect=200)
    check.call("POST", "/api/alice/tasks", body={"title": "x", "dueAt": due, "recurrence": "FREQ=SECONDLY"}, expect=400)
    check.call("POST", "/api/alice/tasks", body={"title": "x", "recurrence": {"frequency": "daily"}}, expect=400)
    check.call("POST", "/api/alice/tasks", body={"title": "x", "colour": "red"}, expect=400)
    # A time with a field out of range is refused, not rolled over (schemathesis: 12:99 was stored as 13:39).
    check.call("POST", "/api/alice/tasks", body={"title": "x", "dueAt": "2024-01-01T12:99:00Z"}, expect=400)
    check.call("GET", "/api/alice/tasks?dueFrom=2024-01-01T24:00:00Z", expect=400)
    check.call("POST", "/api/alice/tasks", body={"title": "x" * 102400}, expect=400)
    check.call("POST", "/api/alice/tasks", body={"title": "x", "reminders": [{"before": "PT30M"}]}, expect=400)
    check.call("POST", "/api/alice/tasks", body="not json", expect=400)
    check.call("POST", "/api/alice/tasks", body="{}", headers={"Content-Type": "text/plain"}, expect=415)
    check.call("POST", "/api/alice/tasks", user=None, body={"title": "x"}, expect=401)
    check.call("POST", "/api/bob/tasks", body={"title": "x"}, expect=403)
    status, page, _ = check.call("GET", "/api/alice/tasks?limit=1&sort=title", expect=200)
    check.call("GET", "/api/alice/tasks?limit=1&sort=title&cursor=" + urllib.parse.quote(page["nextCursor"]), expect=200)
    check.call("GET", "/api/alice/tasks?q=CREME&sort=due&order=desc", expect=200)
    check.call("GET", "/api/alice/tasks?sort=colour", expect=400)
    check.call("GET", "/api/alice/tasks", user=None, expect=401)
    check.call("GET", "/api/bob/tasks", expect=403)
    path = f"/api/alice/tasks/{task_id}"
    _, _, headers = check.call("GET", path, expect=200)
    check.call("GET", f"/api/alice/tasks/{uuid.uuid4()}", expect=404)
    check.call("GET", path, user="bob", expect=403)
    check.call("GET", f"/api/bob/tasks/{task_id}", user="bob", expect=404)
    check.call("PATCH", path, body={"dueAt": "2030-01-03T09:00:00Z"}, headers={"If-Match": headers["ETag"]}, expect=200)
    check.call("PATCH", path, body={"title": "stale"}, headers={"If-Match": '"1"'}, expect=412)
    check.call("PATCH", path, body={}, expect=400)
    check.call("PUT", path, body={"title": "Crème brûlée", "dueAt": due, "reminders": [{"before": "PT1H"}]}, expect=200)
    check.call("PUT", path, body={"description": "no title"}, expect=400)
    status, reminder, _ = check.call("POST", path + "/reminders", body={"before": "P1D"}, expect=201)
    check.call("POST", path + "/reminders", body={"before": "P1M"}, expect=400)
    check.call("GET", path + "/reminders", expect=200)
    check.call("GET", f"/api/bob/tasks/{task_id}/reminders", user="bob", expect=404)
    check.call("DELETE", f"{path}/reminders/{reminder['id']}", expect=204)
    check.call("DELETE", f"{path}/reminders/{uuid.uuid4()}", expect=404)
    check.call("PATCH", path + "/complete", expect=200)
    check.call("POST", path + "/reminders", body={"at": due}, expect=409)
    check.call("PATCH", path + "/complete", expect=200)
    check.call("DELETE", path, headers={"If-Match": '"99"'}, expect=412)
    check.call("DELETE", path, expect=204)
    check.call("DELETE", path, expect=404)
    check.call("POST", path + "/reminders", body={"at": due}, expect=404)
    occurrence = {"userId": "alice", "ruleId": "rule-1", "occurrence": 2, "task": {"title": "next", "dueAt": due}}
    check.call("POST", "/internal/tasks", user=None, headers={"dapr-api-token": APP_TOKEN}, body={
        "userId": "alice", "ruleId": series["recurrence"]["ruleId"], "occurrence": 2,
        "task": {"title": "Stand-up", "dueAt": "2030-01-07T09:00:00Z", "timeZone": "Europe/Paris"}}, expect=201)
    dapr = {"dapr-api-token": APP_TOKEN}
    check.call("POST", "/internal/tasks", user=None, body=occurrence, headers=dapr, expect=201)
    check.call("POST", "/internal/tasks", user=None, body=occurrence, headers=dapr, expect=200)
    check.call("POST", "/internal/tasks", user=None, body=dict(occurrence, userId="bob"), headers=dapr, expect=409)
    check.call("POST", "/internal/tasks", user=None, body={"userId": "alice"}, headers=dapr, expect=400)
    check.call("POST", "/internal/tasks", user=None, body=occurrence, expect=401)
    tz = {"X-Timezone": "Europe/Paris"}
    status, reply, _ = check.call("POST", "/api/alice/chat", body={"message": "add buy milk tomorrow at 5pm #home"},
                                  headers=tz, expect=200)
    conversation = reply["conversation_id"]
    check.call("POST", "/api/alice/chat", body={"message": "what's due tomorrow", "conversation_id": conversation},
               expect=200)
    check.call("POST", "/api/alice/chat", body={"message": "complete 1", "conversation_id": conversation}, expect=200)
    check.call("POST", "/api/alice/chat", body={"message": "hi", "mood": "happy"}, expect=400)
    check.call("POST", "/api/alice/chat", body={"message": "x" * 5000}, expect=413)
    check.call("POST", "/api/alice/chat", body={"message": "hi"}, headers={"X-Timezone": "Mars/Base"}, expect=400)
    check.call("POST", "/api/alice/chat", body={"message": "hi", "conversation_id": str(uuid.uuid4())}, expect=404)
    check.call("POST", "/api/bob/chat", body={"message": "hi"}, expect=403)
    check.call("POST", "/api/alice/chat", user=None, body={"message": "hi"}, expect=401)
    check.call("POST", "/api/alice/chat", body="{}", headers={"Content-Type": "text/plain"}, expect=415)
    check.call("GET", "/api/alice/settings", expect=200)
    check.call("PUT", "/api/alice/settings", body={"timeZone": "Asia/Tokyo"}, expect=200)
    check.call("PUT", "/api/alice/settings", body={"timeZone": None}, expect=200)
    check.call("PUT", "/api/alice/settings", body={"timeZone": "Mars/Base"}, expect=400)
    check.call("PUT", "/api/alice/settings", body="{}", headers={"Content-Type": "text/plain"}, expect=415)
    check.call("GET", "/api/bob/settings", expect=403)
    check.call("GET", "/api/alice/settings", user=None, expect=401)
    # A malformed path is a 400 on every route, before the route runs (schemathesis found it undocumented on these).
    check.call("GET", "/api/alice/tasks/%C3%B6%08%7F", expect=400)
    check.call("GET", "/api/alice/tasks/%01/reminders", expect=400)
    check.call("DELETE", f"/api/alice/tasks/{task_id}/reminders/%1F", expect=400)
    check.call("GET", "/api/alice%00/settings", expect=400)
    # The request patterns say what the API accepts (schemathesis generates from them and expects refusals where
    # they do not match): each sample is refused by both, or accepted by both.
    created = check.call("POST", "/api/alice/tasks", body={"title": "patterns", "dueAt": due}, expect=201)[1]
    before = check.document["components"]["schemas"]["ReminderInput"]["oneOf"][1]["properties"]["before"]["pattern"]
    for value, status in (("PT30M", 201), ("P1W", 201), ("p1dt2h", 201), ("P", 400), ("PT", 400), ("P1DT", 400), ("P1M", 400)):
        agree(check, before, value, "POST", f"/api/alice/tasks/{created['id']}/reminders", {"before": value}, status)
    title = check.document["components"]["schemas"]["TaskCreate"]["properties"]["title"]["pattern"]
    for value, status in (("ok", 201), (" \u00e9 ", 201), ("   ", 400), ("a\u0085b", 400), ("a\u007fb", 400)):
        agree(check, title, value, "POST", "/api/alice/tasks", {"title": value}, status)
    if_match = check.document["components"]["parameters"]["IfMatch"]["schema"]["pattern"]
    for value, status in (("*", 200), ('W/"1"', 412), ('"x"', 400), ("abc", 400)):
        agree(check, if_match, value, "PATCH", f"/api/alice/tasks/{created['id']}", {"priority": "low"}, status,
              headers={"If-Match": value})
    message = check.document["components"]["schemas"]["ChatRequest"]["properties"]["message"]["pattern"]
    for value, status in (("hi", 200), (" \t\n", 400)):
        agree(check, message, value, "POST", "/api/alice/chat", {"message": value}, status)
    check.call("OPTIONS", "/outbox-relay-cron", user=None, headers=dapr, expect=200)
    check.call("POST", "/outbox-relay-cron", user=None, body="{}", expect=401)


def agree(check, pattern, value, method, path, body, status, headers=None):
    """The document's pattern and the API give the same verdict on `value` (the API answers `status`)."""
    matches = re.search(pattern, value) is not None
    check.call(method, path, body=body, headers=headers, expect=status)
    if matches != (status != 400):  # 400 is the refusal; a 412 read the header and compared the version
        check.failures.append(f"pattern {pattern!r} {'accepts' if matches else 'refuses'} {value!r}, the API answers {status}")


def run(executable, document, database, directory):
    port = free_port()
    environment = dict(os.environ, PORT=str(port), HOST="127.0.0.1", DATABASE_URL=database, JWT_SIGNING_KEY=SECRET,
                       APP_API_TOKEN=APP_TOKEN, DAPR_HTTP_PORT=str(free_port()), LOG_LEVEL="critical", APP_ID="task-crud")
    log = open(os.path.join(directory, "task-crud.log"), "wb")
    process = subprocess.Popen([executable], env=environment, cwd=directory, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/readiness", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"task-crud did not start: {open(log.name, 'rb').read()[-2000:]!r}")
            time.sleep(0.05)
        check = Checker(f"http://127.0.0.1:{port}", document)
        exercise(check)
        return check
    finally:
        process.terminate()
        process.wait(timeout=30)


def postgres_schema(url):
    schema = "openapi_" + uuid.uuid4().hex[:16]
    subprocess.run(["psql", url, "-q", "-c", f"CREATE SCHEMA {schema}"], check=True)
    separator = "&" if "?" in url else "?"
    return schema, url + separator + "options=-csearch_path%3D" + schema


def main():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    executable = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, ".build", "debug", "task-crud")
    with tempfile.TemporaryDirectory() as directory:
        # The document (the Swift literals task-crud serves, joined as OpenAPIDocument.json joins them), checked as
        # OpenAPI 3.1 first.
        def literal(name):
            text = open(os.path.join(root, "Functions", "task-crud", name)).read()
            return text.split('#"""', 1)[1].rsplit('"""#', 1)[0]
        document = json.loads(literal("OpenAPIDocument.swift") + literal("OpenAPIDocument+Paths.swift") + ","
                              + literal("OpenAPIDocument+Components.swift") + "}")
        validate_spec(document)
        backends = [("sqlite", os.path.join(directory, "todo.sqlite"))]
        url = os.environ.get("TODOFN_TEST_DATABASE_URL")
        schema = None
        if url:
            schema, scoped = postgres_schema(url)
            backends.append(("postgres", scoped))
        failures, operations = [], set()
        try:
            for name, database in backends:
                check = run(executable, document, database, directory)
                failures += [f"[{name}] {failure}" for failure in check.failures]
                operations |= {(method, route) for method, route, _ in check.checked}
                print(f"openapi-check: {name}: {len(check.checked)} responses validated")
        finally:
            if schema:
                subprocess.run(["psql", url, "-q", "-c", f"SET client_min_messages = warning; DROP SCHEMA {schema} CASCADE"], check=False)
        documented = {(method, path) for path, item in document["paths"].items() for method in item if method != "parameters"}
        for method, path in sorted(documented - operations):
            failures.append(f"{method.upper()} {path} is documented but no request exercised it")
        for failure in failures:
            print("openapi-check: FAIL " + failure)
        sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
