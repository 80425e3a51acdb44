#!/usr/bin/env python3
"""End-to-end load (and, with --kills, fault injection) against the built `todofn up` on a private PostgreSQL.

    python3 Tools/loadgen/loadgen.py --rate 500 --seconds 60                 # figures: mutations/s, create → WS p99
    python3 Tools/loadgen/loadgen.py --rate 300 --seconds 90 --kills 20 --restart-postgres   # `make chaos`

Many users create, update, complete (some recurring, some with a reminder) and delete tasks at --rate mutations/s
for --seconds, each user with a WebSocket client on /ws. At the end it waits for the stack to go quiet, then checks:
every mutation has exactly one audit row (and one event), every completion of a recurring task made exactly one
next task, every reminder fired exactly once, every client got every event of its user in order with no gap.
Exit 0 only when every check checked something and found nothing; else 1 with the evidence (ids, users).
"""
import argparse
import asyncio
import os
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import checks  # noqa: E402
from chaos import Chaos  # noqa: E402
from httppool import Pool  # noqa: E402
from stack import REPO, Postgres, StackError, Todofn  # noqa: E402
from workload import Workload  # noqa: E402
from wsclients import LiveClients  # noqa: E402


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


async def monitor(url: str, samples: list, stop: asyncio.Event):
    while not stop.is_set():
        try:
            samples.append(await checks.backlog(url))
        except Exception:
            pass  # PostgreSQL restarting
        try:
            await asyncio.wait_for(stop.wait(), 2)
        except asyncio.TimeoutError:
            pass


async def quiet(url: str, workload, clients, timeout: float) -> tuple[float, str | None]:
    """Waits until every event is sent and audited, no reminder of the run is pending, and every client holds its
    user's events; returns the seconds that took and, past the deadline, what was still behind (the checks then
    name what is missing: late and lost look the same once the deadline passed)."""
    start = time.monotonic()
    behind = "the database never answered"
    while time.monotonic() - start < timeout:
        try:
            written, audited, unsent = await checks.backlog(url)
            pending = int((await checks.sql(url, "SELECT count(*) FROM reminders WHERE status = 'pending'"))[0][0])
            per_user = dict((u, int(n)) for u, n in await checks.sql(
                url, "SELECT partition_key, count(*) FROM outbox GROUP BY 1"))
        except Exception:
            await asyncio.sleep(0.5)
            continue
        late = sum(max(0, per_user.get(c.user, 0) - c.last) for c in clients.clients)
        if unsent == 0 and audited >= written and pending == 0 and late == 0:
            return time.monotonic() - start, None
        behind = (f"not quiet {timeout:.0f} s after the load: {unsent} events unsent, {written - audited} not audited, "
                  f"{pending} reminders pending, {late} events not yet at their user's live client")
        await asyncio.sleep(0.2)
    return time.monotonic() - start, behind


async def main(args) -> int:
    postgres = Postgres()
    stack = None
    failures: list[str] = []
    # SIGTERM (`timeout`, a CI runner) or SIGINT (Ctrl-C) stops the run: the finally below then stops `todofn up`
    # and removes the private PostgreSQL, instead of leaving both running.
    loop, run = asyncio.get_running_loop(), asyncio.current_task()
    stopped: list[int] = []

    def stop_on(signum: int):
        if not stopped:
            stopped.append(signum)
            run.cancel()

    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop_on, signum)
    try:
        postgres.start()
        stack = Todofn(args.bin, postgres.url, args.users)
        stack.start()
        pool = Pool("127.0.0.1", stack.port, size=args.connections)
        clients = LiveClients(stack.port, stack.users, stack.tokens)
        await clients.start()
        workload = Workload(pool, stack.users, stack.tokens, run=str(os.getpid()), seed=args.seed)
        chaos = Chaos(stack, postgres, args.kills, args.restart_postgres, args.seed)
        samples: list = []
        stop = asyncio.Event()
        watcher = asyncio.create_task(monitor(postgres.url, samples, stop))
        injector = asyncio.create_task(chaos.run(args.seconds)) if args.kills or args.restart_postgres else None
        print(f"load: {args.users} users, {args.rate:g} mutations/s for {args.seconds:g} s, "
              f"{args.kills} kills{', PostgreSQL restarted once' if args.restart_postgres else ''}", flush=True)
        elapsed = await workload.drive(args.rate, args.seconds)
        if injector:
            await injector
        stop.set()
        await watcher
        settled, behind = await quiet(postgres.url, workload, clients, args.settle)
        if behind:
            behind += "; " + ("; ".join(stack.consumer_lag()) or "no subscriber is behind in the runtime's log")
        snap = await checks.Snapshot.read(postgres.url)
        per_user = {}
        for row in snap.outbox:
            per_user[row[1]] = per_user.get(row[1], 0) + 1
        await clients.wait_for(per_user, 5)
        await clients.stop()
        pool.close()

        results = [("audit: one row per event", checks.check_audit(snap)),
                   ("mutations: one event per applied mutation", checks.check_mutations(snap, workload))]
        recurrence, completions = checks.check_recurrence(snap, workload)
        reminders, fired = checks.check_reminders(snap, workload)
        live, delivered = checks.check_live(snap, clients)
        results += [("recurrence: one next task per completion", recurrence),
                    ("reminders: each fired once", reminders),
                    ("live: every event to its user's client, in order, no gap", live),
                    ("chaos: kills clean (no zombie, no orphan)", chaos.evidence),
                    ("stack: quiet after the load", [behind] if behind else []),
                    ("load generator: no unexpected answer", workload.errors)]

        arrivals = clients.arrivals()
        latencies = [(arrivals[t] - sent) * 1000 for t, sent in workload.created_at.items() if t in arrivals]
        lag = max((w - a for w, a, _ in samples), default=0)
        print("\nfigures")
        print(f"  mutations applied in the {args.seconds:g} s window: {workload.window_mutations} "
              f"= {workload.window_mutations / args.seconds:,.0f}/s (target rate {args.rate:g}/s; "
              f"{workload.behind} starts skipped with {512} in flight; {workload.refused} refused before sending)")
        print(f"  all mutations: {workload.mutations} in {elapsed:.1f} s; events written {len(snap.outbox)}, "
              f"audited {len(snap.audit)}")
        print(f"  consumers: audit at most {lag:,} events behind (sampled every 2 s); quiet {settled:.1f} s after "
              f"the load stopped")
        print(f"  create → WebSocket message p50 / p99 / max: {percentile(latencies, 50):.1f} / "
              f"{percentile(latencies, 99):.1f} / {max(latencies, default=float('nan')):.1f} ms "
              f"over {len(latencies)} creates")
        print(f"  checked: {sum(workload.applied.values())} mutations, {completions} recurring completions, "
              f"{fired} reminders, {delivered} live events to {len(clients.clients)} clients "
              f"({sum(c.connects for c in clients.clients)} connections); "
              f"{len(workload.unknown_creates)} creates with a lost answer resolved from the database")
        if chaos.log:
            print(f"\nchaos: {chaos.done} kills")
            print("\n".join("  " + line for line in chaos.log))
        print("\nchecks")
        for name, evidence in results:
            print(f"  {'ok  ' if not evidence else 'FAIL'} {name}")
            for line in evidence[:args.evidence]:
                print(f"       {line}")
            if len(evidence) > args.evidence:
                print(f"       … and {len(evidence) - args.evidence} more")
            failures += evidence
        if args.kills and chaos.done < args.kills:
            failures.append(f"only {chaos.done} of {args.kills} kills happened")
            print(f"  FAIL only {chaos.done} of {args.kills} kills happened")
    except (StackError, asyncio.TimeoutError, RuntimeError) as error:
        failures.append(str(error) or repr(error))
        print(f"FAIL: {error!r}" + (f"\n{stack.tail()}" if stack else ""), file=sys.stderr)
    except asyncio.CancelledError:
        if not stopped:
            raise
        failures.append(f"stopped by {signal.Signals(stopped[0]).name}")
        print(f"stopped by {signal.Signals(stopped[0]).name}: stopping todofn up and PostgreSQL", file=sys.stderr,
              flush=True)
    finally:
        for signum in (signal.SIGTERM, signal.SIGINT):  # a second signal does not cut the clean-up short
            loop.add_signal_handler(signum, lambda: None)
        if stack:
            stack.stop()
            if failures or args.keep:
                print(f"kept: {stack.data} (todofn.log)", file=sys.stderr)
            else:
                stack.remove()
        postgres.remove()
    print("\nresult:", "FAIL" if failures else "PASS", flush=True)
    if stopped:
        return 128 + stopped[0]
    return 1 if failures else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    default_bin = next((d for d in (f"{REPO}/.build/release", f"{REPO}/.build/debug")
                        if os.access(f"{d}/todofn", os.X_OK)), f"{REPO}/.build/release")
    parser.add_argument("--bin", default=os.environ.get("TODOFN_BIN", default_bin), help="where todofn is built")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--rate", type=float, default=500, help="mutations started per second")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--connections", type=int, default=64, help="HTTP connections to the ingress")
    parser.add_argument("--kills", type=int, default=0, help="kill -9 this many processes during the load")
    parser.add_argument("--restart-postgres", action="store_true", help="restart PostgreSQL once, mid-load")
    parser.add_argument("--settle", type=float, default=180, help="seconds allowed to go quiet after the load")
    parser.add_argument("--seed", type=int, default=int(os.environ.get("LOADGEN_SEED", "1")))
    parser.add_argument("--evidence", type=int, default=20, help="evidence lines printed per failed check")
    parser.add_argument("--keep", action="store_true", help="keep the data directory")
    sys.exit(asyncio.run(main(parser.parse_args())))
