"""The stack under load: a private PostgreSQL (`.ci/postgres` on its own port and directory, so restarting it
disturbs no one else) and the built `todofn up` on free ports, which chaos may kill and start again on the same
data directory and database."""
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import threading
import time

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


class StackError(Exception):
    """The stack did not come up, or did not go down cleanly: the run fails with this evidence."""


class Closing(StackError):
    """The run is being stopped (a signal): nothing more is started."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Postgres:
    """`.ci/postgres` with TODOFN_PG_PORT/TODOFN_PG_ROOT of its own."""

    def __init__(self):
        self.port = free_port()
        self.root = f"/tmp/todofn-load-pg-{os.getpid()}"
        self.env = dict(os.environ, TODOFN_PG_PORT=str(self.port), TODOFN_PG_ROOT=self.root)
        self.url = f"postgresql://todofn:todofn@127.0.0.1:{self.port}/todofn"
        # remove() may run (on a signal) while a chaos thread restarts the server: one at a time, none after it.
        self.lock = threading.Lock()
        self.closing = False

    def _ci(self, action: str):
        done = subprocess.run([f"{REPO}/.ci/postgres", action], env=self.env, capture_output=True, text=True)
        if done.returncode != 0:
            raise StackError(f".ci/postgres {action} failed: {done.stderr.strip()}")

    def start(self):
        with self.lock:
            if self.closing:
                raise Closing("stopping: PostgreSQL is not started")
            self._ci("start")

    def restart(self):
        with self.lock:
            if self.closing:
                raise Closing("stopping: PostgreSQL is not restarted")
            self._ci("stop")
            self._ci("start")

    def remove(self):
        with self.lock:
            self.closing = True
            self._ci("stop")
            shutil.rmtree(self.root, ignore_errors=True)


def process_name(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return os.path.basename(f.read().split(b"\0")[0].decode())
    except OSError:
        return "?"


def process_state(pid: int) -> str | None:
    """The state letter of /proc/<pid>/stat (Z: zombie), or None once the process is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return None


def children(pid: int) -> list[int]:
    """Children of every thread of `pid` (a child belongs to the thread that spawned it)."""
    found = []
    try:
        threads = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return []
    for thread in threads:
        try:
            with open(f"/proc/{pid}/task/{thread}/children") as f:
                found += [int(p) for p in f.read().split()]
        except OSError:
            pass
    return found


class Todofn:
    """`todofn up` on a data directory of its own, PostgreSQL, fixed ports chosen once (clients reconnect there)."""

    def __init__(self, bin_dir: str, database_url: str, users: int):
        self.bin = os.path.join(bin_dir, "todofn")
        if not os.access(self.bin, os.X_OK):
            raise StackError(f"{self.bin} is not built (swift build first)")
        self.data = f"/tmp/todofn-load-{os.getpid()}"
        shutil.rmtree(self.data, ignore_errors=True)
        os.makedirs(self.data, mode=0o700)
        self.port, self.dapr_port = free_port(), free_port()
        self.database_url = database_url
        self.users = [f"load{i}" for i in range(users)]
        self.tokens = [self._token(user) for user in self.users]
        self.process: subprocess.Popen | None = None
        self.starts = 0
        # stop() may run (on a signal) while a chaos thread starts `todofn up` again: a start after it is refused.
        self.lock = threading.Lock()
        self.closing = False

    def _token(self, user: str) -> str:
        done = subprocess.run([self.bin, "token", user, "--data-dir", self.data], capture_output=True, text=True)
        if done.returncode != 0 or not done.stdout.strip():
            raise StackError(f"todofn token {user} failed: {done.stderr.strip()}")
        return done.stdout.strip()

    @property
    def log(self) -> str:
        return f"{self.data}/todofn.log"

    def start(self, timeout: float = 120):
        """Starts `todofn up` and waits until task-crud answers through the ingress."""
        arguments = [self.bin, "up", "--data-dir", self.data, "--port", str(self.port), "--dapr-port",
                     str(self.dapr_port), "--database", self.database_url, "--keep-warm"]
        env = dict(os.environ, LOG_LEVEL=os.environ.get("LOG_LEVEL", "warning"))
        with self.lock, open(self.log, "ab") as log:
            if self.closing:
                raise Closing("stopping: todofn up is not started again")
            log.write(f"\n=== loadgen: start {self.starts + 1}\n".encode())
            log.flush()
            self.process = subprocess.Popen(arguments, stdout=log, stderr=log, env=env, cwd=REPO)
        self.starts += 1
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise StackError(f"todofn up exited with {self.process.returncode} while starting; {self.tail()}")
            if self._answers():
                return
            time.sleep(0.1)
        raise StackError(f"todofn up did not answer on port {self.port} within {timeout:.0f} s; {self.tail()}")

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=2) as c:
                c.sendall(f"GET /api/{self.users[0]}/tasks?limit=1 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                          f"{self.tokens[0]}\r\nConnection: close\r\n\r\n".encode())
                return c.recv(12).startswith(b"HTTP/1.1 200")
        except OSError:
            return False

    def tail(self, lines: int = 15) -> str:
        try:
            with open(self.log, errors="replace") as f:
                return "log tail:\n" + "".join(f.readlines()[-lines:])
        except OSError:
            return "no log"

    def consumer_lag(self) -> list[str]:
        """Per subscriber and topic, how many published messages it has not yet consumed (the runtime's own log in
        `<data>/dapr.sqlite`): tells a consumer that is late from one that lost something."""
        try:
            with sqlite3.connect(f"file:{self.data}/dapr.sqlite?mode=ro", uri=True, timeout=5) as db:
                rows = db.execute(
                    "SELECT p.app_id, p.topic, (SELECT max(seq) FROM pubsub_log l WHERE l.topic = p.topic) - p.position "
                    "FROM pubsub_positions p ORDER BY 1, 2").fetchall()
        except sqlite3.Error as error:
            return [f"runtime log unreadable: {error}"]
        return [f"{app} is {lag} messages behind on {topic}" for app, topic, lag in rows if lag and lag > 0]

    def functions(self) -> dict[int, str]:
        """The live children of `todofn up`: pid → executable name."""
        if not self.process or self.process.poll() is not None:
            return {}
        return {pid: process_name(pid) for pid in children(self.process.pid) if process_state(pid) not in (None, "Z")}

    def kill_runtime(self) -> list[str]:
        """kill -9 `todofn up` itself; then its functions must exit on their own (they watch their parent).
        Returns evidence of any that outlived it by 10 s (they are killed then, so the run can go on)."""
        assert self.process
        orphans = self.functions()
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(process_state(p) not in (None, "Z") for p in orphans):
            time.sleep(0.1)
        left = [f"{name} pid {pid} outlived the killed runtime by 10 s" for pid, name in orphans.items()
                if process_state(pid) not in (None, "Z")]
        for pid in orphans:
            if process_state(pid) not in (None, "Z"):
                os.kill(pid, signal.SIGKILL)
        return left

    def stop(self):
        with self.lock:
            self.closing = True
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def remove(self):
        shutil.rmtree(self.data, ignore_errors=True)
