"""The end checks, from the database (psql) and what the generator and its live clients recorded. Each check
returns its evidence (lines naming ids and users); an empty list means it passed, and a check that found nothing to
check fails on purpose."""
import asyncio
from collections import Counter, defaultdict

from workload import COMPLETED, CREATED, DELETED, UPDATED

TRIGGERED = "com.todo.reminder.triggered.v1"
GENERATED = "com.todo.recurringtask.generated.v1"


async def sql(url: str, query: str) -> list[list[str]]:
    process = await asyncio.create_subprocess_exec(
        "psql", "-X", "-q", "-At", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-c", query, url,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await process.communicate()
    if process.returncode != 0:
        raise RuntimeError(f"psql: {err.decode().strip()}")
    return [line.split("\t") for line in out.decode().splitlines() if line]


async def backlog(url: str) -> tuple[int, int, int]:
    """(events written, audit rows, events not yet marked sent)."""
    row = (await sql(url, "SELECT (SELECT count(*) FROM outbox), (SELECT count(*) FROM audit_entries), "
                          "(SELECT count(*) FROM outbox WHERE sent_at IS NULL)"))[0]
    return int(row[0]), int(row[1]), int(row[2])


class Snapshot:
    """Everything the checks read, in one go after the stack went quiet."""

    @classmethod
    async def read(cls, url: str):
        self = cls()
        self.outbox = await sql(url, "SELECT event_id, partition_key, event_type, "
                                     "convert_from(payload, 'UTF8')::json->>'subject' FROM outbox ORDER BY sequence")
        self.audit = await sql(url, "SELECT event_id, type, coalesce(subject, ''), coalesce(actor, '') "
                                    "FROM audit_entries")
        self.tasks = await sql(url, "SELECT id, title, user_id, coalesce(recurrence_rule_id::text, ''), "
                                    "coalesce(generation_key, '') FROM tasks")
        self.reminders = await sql(url, "SELECT id, task_id, user_id, status FROM reminders")
        return self


def check_audit(snap: Snapshot) -> list[str]:
    """Every event written (outbox) has exactly one audit row, and the audit holds nothing else."""
    written = {row[0]: row for row in snap.outbox}
    audited = Counter(row[0] for row in snap.audit)
    evidence = [f"lost: event {e} ({row[2]}, task {row[3]}, user {row[1]}) has no audit row"
                for e, row in written.items() if e not in audited]
    evidence += [f"double: event {e} has {n} audit rows" for e, n in audited.items() if n > 1]
    evidence += [f"extra: audit row for event {row[0]} ({row[1]}, task {row[2]}, user {row[3]}) that was never written"
                 for row in snap.audit if row[0] not in written]
    if not written:
        evidence.append("nothing checked: no event was written")
    return evidence


def check_mutations(snap: Snapshot, workload) -> list[str]:
    """Each applied mutation wrote exactly one event of its kind; a lost create answer found 0 or 1 task."""
    evidence = []
    kinds = {CREATED, UPDATED, COMPLETED, DELETED}
    known = {t.id: t for t in workload.tasks if t.id}
    by_title = defaultdict(list)
    for row in snap.tasks:
        by_title[row[1]].append(row)
    for task in workload.unknown_creates:
        found = by_title.get(task.title, [])
        if len(found) > 1:
            evidence.append(f"double: create '{task.title}' of {workload.users[task.user]} made tasks "
                            f"{[r[0] for r in found]}")
        elif found:
            task.id = found[0][0]
            known[task.id] = task
            workload.applied[(task.id, CREATED)] += 1
    written = Counter((row[3], row[2]) for row in snap.outbox if row[2] in kinds and row[3] in known)
    for key in set(written) | set(workload.applied):
        if written[key] != workload.applied[key]:
            task = known.get(key[0])
            user = workload.users[task.user] if task else "?"
            what = "double" if written[key] > workload.applied[key] else "lost"
            evidence.append(f"{what}: task {key[0]} of {user}: {workload.applied[key]} × {key[1]} applied, "
                            f"{written[key]} written")
    if not workload.applied:
        evidence.append("nothing checked: no mutation was applied")
    return evidence


def check_recurrence(snap: Snapshot, workload) -> tuple[list[str], int]:
    """Every completed recurring task has exactly one next task in its series, with one RecurringTaskGenerated."""
    rule_of = {row[0]: row[3] for row in snap.tasks}
    series = defaultdict(list)
    for row in snap.tasks:
        if row[3]:
            series[row[3]].append(row[0])
    generated = Counter(rule_of.get(row[3], "") for row in snap.outbox if row[2] == GENERATED)
    evidence, checked = [], 0
    for task in workload.tasks:
        if task.kind != "recurring" or not task.id:
            continue
        rule = rule_of.get(task.id, "")
        completions = workload.applied[(task.id, COMPLETED)]
        if not rule:
            evidence.append(f"lost: recurring task {task.id} of {workload.users[task.user]} has no rule")
            continue
        checked += completions
        if len(series[rule]) != 1 + completions or generated[rule] != completions:
            evidence.append(f"{'double' if len(series[rule]) > 1 + completions else 'lost'}: task {task.id} of "
                            f"{workload.users[task.user]} completed {completions}×; series {rule} has tasks "
                            f"{series[rule]} and {generated[rule]} RecurringTaskGenerated")
    if checked == 0:
        evidence.append("nothing checked: no recurring task was completed")
    return evidence, checked


def check_reminders(snap: Snapshot, workload) -> tuple[list[str], int]:
    """Every reminder of a reminder task fired exactly once (status fired/delivered, one ReminderTriggered)."""
    triggered = Counter(row[3] for row in snap.outbox if row[2] == TRIGGERED)
    rows = defaultdict(list)
    for row in snap.reminders:
        rows[row[1]].append(row)
    evidence, checked = [], 0
    for task in workload.tasks:
        if task.kind != "reminder" or not task.id:
            continue
        for reminder in rows[task.id]:
            checked += 1
            if reminder[3] not in ("fired", "delivered"):
                evidence.append(f"lost: reminder {reminder[0]} of task {task.id} ({reminder[2]}) is {reminder[3]}")
        if triggered[task.id] != len(rows[task.id]):
            evidence.append(f"{'double' if triggered[task.id] > len(rows[task.id]) else 'lost'}: task {task.id} of "
                            f"{workload.users[task.user]} has {len(rows[task.id])} reminders, "
                            f"{triggered[task.id]} ReminderTriggered")
    if checked == 0:
        evidence.append("nothing checked: no reminder was created")
    return evidence, checked


def check_live(snap: Snapshot, clients) -> tuple[list[str], int]:
    """Every client got every event of its user once, seqs 1…n with no gap, each task's events in version order."""
    expected = defaultdict(list)
    for row in snap.outbox:
        expected[row[1]].append(row[0])
    evidence, checked = [], 0
    for client in clients.clients:
        evidence += client.problems
        got = [e[1] for e in client.events]
        seqs = [e[0] for e in client.events]
        checked += len(got)
        if seqs != list(range(1, len(seqs) + 1)):
            evidence.append(f"user {client.user}: seqs are not 1…{len(seqs)} in order")
        want = set(expected[client.user])
        doubles = [e for e, n in Counter(got).items() if n > 1]
        if doubles:
            evidence.append(f"double: user {client.user} got events {doubles[:5]} more than once")
        missing = [e for e in expected[client.user] if e not in set(got)]
        if missing:
            evidence.append(f"missing: user {client.user} never got {len(missing)} events, e.g. {missing[:5]}")
        extra = [e for e in got if e not in want]
        if extra:
            evidence.append(f"extra: user {client.user} got {len(extra)} events never written, e.g. {extra[:5]}")
        versions = {}
        for seq, event_id, kind, subject, version in client.events:
            if version is None or kind not in (CREATED, UPDATED, COMPLETED, DELETED):
                continue
            if version <= versions.get(subject, 0):
                evidence.append(f"order: user {client.user} got task {subject} version {version} (seq {seq}, "
                                f"event {event_id}) after version {versions[subject]}")
            versions[subject] = max(version, versions.get(subject, 0))
    if checked == 0:
        evidence.append("nothing checked: no live event arrived")
    return evidence, checked
