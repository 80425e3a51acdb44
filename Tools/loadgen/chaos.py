"""Fault injection during the load: kill -9 random functions (children of `todofn up`), the gateway, and the
runtime itself (`todofn up`, started again on the same data directory, database and ports), and restart
PostgreSQL once. Each kill is logged; a killed function left a zombie, or a function outliving its runtime,
is evidence."""
import asyncio
import os
import random
import signal
import time

from stack import process_state


class Chaos:
    def __init__(self, stack, postgres, kills: int, restart_postgres: bool, seed: int):
        self.stack, self.postgres = stack, postgres
        self.random = random.Random(seed)
        heavy = max(1, kills // 6) if kills >= 3 else 0
        plan = ["runtime"] * heavy + ["gateway"] * heavy + ["function"] * (kills - 2 * heavy)
        self.random.shuffle(plan)
        self.plan = plan
        self.restart_postgres = restart_postgres
        self.log: list[str] = []
        self.evidence: list[str] = []
        self.done = 0

    async def run(self, seconds: float):
        """Spreads the kills evenly over `seconds`, the PostgreSQL restart in the middle."""
        events = [(seconds * (i + 1) / (len(self.plan) + 1), kind) for i, kind in enumerate(self.plan)]
        if self.restart_postgres:
            events.append((seconds * 0.5 + 1, "postgres"))
        events.sort()
        start = time.monotonic()
        for at, kind in events:
            await asyncio.sleep(max(0.0, start + at - time.monotonic()))
            t = time.monotonic() - start
            try:
                what = await asyncio.to_thread(self._inject, kind)
            except Exception as error:  # the stack not coming back is evidence, and ends the chaos
                self.evidence.append(f"{kind} at {t:.1f} s: {error}")
                return
            self.log.append(f"{t:6.1f} s  {what}")

    def _inject(self, kind: str) -> str:
        if kind == "postgres":
            began = time.monotonic()
            self.postgres.restart()
            return f"PostgreSQL restarted ({time.monotonic() - began:.1f} s)"
        if kind == "runtime":
            pid = self.stack.process.pid
            self.evidence += self.stack.kill_runtime()
            began = time.monotonic()
            self.stack.start()
            self.done += 1
            return f"kill -9 todofn up (pid {pid}); started again, serving after {time.monotonic() - began:.1f} s"
        functions = self.stack.functions()
        gateway = [p for p, name in functions.items() if name == "ws-gateway"]
        others = [p for p, name in functions.items() if name != "ws-gateway"]
        pool = gateway if kind == "gateway" else others
        if not pool:
            return f"no {kind} process to kill (running: {sorted(functions.values())})"
        pid = self.random.choice(pool)
        name = functions[pid]
        os.kill(pid, signal.SIGKILL)
        self.done += 1
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and process_state(pid) is not None:
            time.sleep(0.05)
        if process_state(pid) is not None:
            self.evidence.append(f"{name} pid {pid}: still {process_state(pid)!r} 10 s after kill -9 (not reaped)")
        return f"kill -9 {name} (pid {pid})"
