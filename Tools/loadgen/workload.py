"""The mutations: many users creating, updating, completing and deleting tasks at a target rate (open loop), some
tasks recurring (FREQ=DAILY, completed once: a next task must follow), some with a reminder a few seconds ahead (left
alone so it must fire).

Every update, completion and deletion carries `If-Match: "<version>"`, so an attempt whose answer was lost (a kill
mid-request) is retried safely: a 412 (or a 404 for a delete) on the retry means the lost attempt was applied. A
create whose answer was lost is not retried (the API has no idempotency key); its unique title finds it, or not, in
the database at the end. So the generator knows exactly which mutations were applied."""
import asyncio
import json
import random
import time
from collections import Counter, deque
from datetime import datetime, timedelta, timezone

from httppool import NotSent, Pool, Uncertain

CREATED, UPDATED = "com.todo.task.created.v1", "com.todo.task.updated.v1"
COMPLETED, DELETED = "com.todo.task.completed.v1", "com.todo.task.deleted.v1"


class LoadTask:
    def __init__(self, user: int, title: str, kind: str, plan: list[str]):
        self.user, self.title, self.kind, self.plan = user, title, kind, plan
        self.id: str | None = None
        self.version = 0


class Workload:
    def __init__(self, pool: Pool, users: list[str], tokens: list[str], run: str, seed: int = 1):
        self.pool, self.users, self.tokens, self.run = pool, users, tokens, run
        self.random = random.Random(seed)
        self.ready: deque[LoadTask] = deque()
        self.tasks: list[LoadTask] = []
        self.applied: Counter = Counter()  # (task id, event type) → mutations known applied
        self.unknown_creates: list[LoadTask] = []  # answer lost: resolved by title at the end
        self.errors: list[str] = []
        self.created_at: dict[str, float] = {}  # task id → when its create was sent (monotonic)
        self.mutations = 0  # answered 2xx (or resolved as applied)
        self.refused = 0  # NotSent or 5xx before any effect: retried or given up, counted apart
        self.counter = 0
        self.inflight = 0
        self.behind = 0  # ticks skipped because too many requests were in flight

    def _headers(self, user: int, version: int | None = None) -> dict[str, str]:
        headers = {"Authorization": f"Bearer {self.tokens[user]}", "Content-Type": "application/json"}
        if version is not None:
            headers["If-Match"] = f'"{version}"'
        return headers

    def _path(self, task: LoadTask, suffix: str = "") -> str:
        return f"/api/{self.users[task.user]}/tasks/{task.id}{suffix}"

    def _new_task(self) -> tuple[LoadTask, dict]:
        self.counter += 1
        user = self.random.randrange(len(self.users))
        title = f"load {self.run} {self.counter}"
        roll = self.random.random()
        if roll < 0.15:
            task = LoadTask(user, title, "recurring", ["update"] * self.random.randint(0, 1) + ["complete"])
            body = {"title": title, "dueAt": "2030-01-01T08:00:00Z", "recurrence": "FREQ=DAILY"}
        elif roll < 0.30:
            task = LoadTask(user, title, "reminder", [])
            at = datetime.now(timezone.utc) + timedelta(seconds=self.random.uniform(3, 15))
            body = {"title": title, "reminders": [{"at": at.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"}]}
        else:
            plan = ["update"] * self.random.randint(0, 2) + [self.random.choice(["complete", "delete"])]
            task = LoadTask(user, title, "plain", plan)
            body = {"title": title, "priority": self.random.choice(["low", "medium", "high"])}
        self.tasks.append(task)
        return task, body

    async def one(self):
        """The next mutation: a ready task's next step, else a new task."""
        self.inflight += 1
        try:
            if self.ready:
                task = self.ready.popleft()
                await self._step(task, task.plan.pop(0))
            else:
                await self._create()
        finally:
            self.inflight -= 1

    async def _create(self):
        task, body = self._new_task()
        sent = time.monotonic()
        try:
            status, headers, content = await self.pool.request(
                "POST", f"/api/{self.users[task.user]}/tasks", self._headers(task.user), json.dumps(body).encode())
        except NotSent:
            self.refused += 1
            return
        except Uncertain:
            self.unknown_creates.append(task)
            return
        if status == 201:
            task.id = json.loads(content)["id"]
            task.version = int(headers.get("etag", '"1"').strip('W/"'))
            self.created_at[task.id] = sent
            self.applied[(task.id, CREATED)] += 1
            self.mutations += 1
            if task.plan:
                self.ready.append(task)
        elif status >= 500:
            self.unknown_creates.append(task)  # the function may have died after its commit
        else:
            self.errors.append(f"create {task.title} for {self.users[task.user]}: {status} {content[:200]!r}")

    async def _step(self, task: LoadTask, step: str):
        if step == "update":
            method, suffix, body, event, ok = "PATCH", "", {"title": f"{task.title} v{task.version + 1}"}, UPDATED, 200
        elif step == "complete":
            method, suffix, body, event, ok = "PATCH", "/complete", None, COMPLETED, 200
        else:
            method, suffix, body, event, ok = "DELETE", "", None, DELETED, 204
        payload = json.dumps(body).encode() if body is not None else None
        attempted = False  # an earlier attempt may have been applied
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            try:
                status, headers, content = await self.pool.request(
                    method, self._path(task, suffix), self._headers(task.user, task.version), payload)
            except NotSent:
                await asyncio.sleep(0.3)
                continue
            except Uncertain:
                attempted = True
                await asyncio.sleep(0.3)
                continue
            if status == ok:
                task.version = int(headers.get("etag", f'"{task.version + 1}"').strip('W/"'))
            elif attempted and (status == 412 or (status == 404 and step == "delete")):
                if step != "delete" and not await self._reload(task):
                    return
            elif status >= 500:
                attempted = True
                await asyncio.sleep(0.3)
                continue
            else:
                self.errors.append(f"{step} task {task.id} of {self.users[task.user]}: {status} {content[:200]!r}")
                return
            self.applied[(task.id, event)] += 1
            self.mutations += 1
            if task.plan:
                self.ready.append(task)
            return
        self.errors.append(f"{step} task {task.id} of {self.users[task.user]}: no answer within 180 s")

    async def _reload(self, task: LoadTask) -> bool:
        for _ in range(600):
            try:
                status, headers, _ = await self.pool.request("GET", self._path(task), self._headers(task.user))
            except (NotSent, Uncertain):
                await asyncio.sleep(0.3)
                continue
            if status == 200:
                task.version = int(headers.get("etag", '"0"').strip('W/"'))
                return True
            if status < 500:
                break
            await asyncio.sleep(0.3)
        self.errors.append(f"reload task {task.id} of {self.users[task.user]} failed")
        return False

    async def drive(self, rate: float, seconds: float, max_inflight: int = 512):
        """Starts `rate` mutations a second for `seconds` (open loop), then waits for those in flight."""
        pending: set[asyncio.Task] = set()
        start = time.monotonic()
        launched = 0
        while (now := time.monotonic()) - start < seconds:
            due = int((now - start) * rate) - launched
            for _ in range(due):
                launched += 1
                if self.inflight >= max_inflight:
                    self.behind += 1
                    continue
                job = asyncio.create_task(self.one())
                pending.add(job)
                job.add_done_callback(pending.discard)
            await asyncio.sleep(0.002)
        self.window_mutations = self.mutations
        if pending:
            await asyncio.gather(*pending)
        # Finish every plan (a task left half-way would still be correct, but its last steps were promised).
        while self.ready:
            await asyncio.gather(*(self.one() for _ in range(min(64, len(self.ready)))))
        return time.monotonic() - start
