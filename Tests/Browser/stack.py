"""The real `todofn up` (built by `swift build`) on free ports with a fresh data directory, and a headless Chromium
(Debian's chromium + chromium-driver, driven by Selenium with explicit paths so Selenium Manager downloads nothing)."""

import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.environ.get("TODOFN_BUILD_DIR", os.path.join(ROOT, ".build", "debug"))
ARTIFACTS = os.path.join(ROOT, ".build", "test-artifacts")
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


def built(name):
    return os.access(os.path.join(BUILD, name), os.X_OK)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Stack:
    """`todofn up` (serving Tools/web by default) until `stop()`; started again on other ports if a picked port was
    taken."""

    def __init__(self):
        todofn = os.path.join(BUILD, "todofn")
        if not os.access(todofn, os.X_OK):
            raise RuntimeError(f"{todofn} is missing: run `swift build` first (make test does)")
        self.directory = tempfile.mkdtemp(prefix="web-client-test-")
        self.log_path = os.path.join(self.directory, "up.log")
        for attempt in range(3):
            self.port = free_port()
            self.log = open(self.log_path, "a")
            self.process = subprocess.Popen(
                [todofn, "up", "--port", str(self.port), "--dapr-port", str(free_port()),
                 "--data-dir", os.path.join(self.directory, "data")],
                stdout=self.log, stderr=subprocess.STDOUT, env={**os.environ, "LOG_LEVEL": "warning"},
                cwd=self.directory)  # no --web, elsewhere: todofn up finds Tools/web of its checkout by default
            if self._wait_serving():
                return
            self.process.kill()
            self.process.wait()
            if "Address already in use" not in self.output():
                break
        raise RuntimeError(f"todofn up did not start:\n{self.output()}")

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def output(self):
        with open(self.log_path, errors="replace") as f:
            return f.read()

    def _wait_serving(self):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                with urllib.request.urlopen(self.base + "/", timeout=2) as response:
                    if response.status == 200:
                        return True
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.1)
        return False

    def token(self, user):
        """A token the way `todofn token` mints it, with the stack's secrets."""
        todofn = os.path.join(BUILD, "todofn")
        return subprocess.check_output(
            [todofn, "token", user, "--data-dir", os.path.join(self.directory, "data")], text=True).strip()

    def api(self, method, path, token, body=None, headers=None):
        """(status, JSON or None) of one REST call."""
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("Authorization", f"Bearer {token}")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        for key, value in (headers or {}).items():
            request.add_header(key, value)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                text = response.read()
                return response.status, json.loads(text) if text else None
        except urllib.error.HTTPError as error:
            text = error.read()
            return error.code, json.loads(text) if text else None

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()
        shutil.rmtree(self.directory, ignore_errors=True)


def chromium():
    """A headless Chromium driven by /usr/bin/chromedriver (never a downloaded one)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ["SE_OFFLINE"] = "true"  # Selenium Manager must not fetch drivers or browsers
    for path in (CHROMIUM, CHROMEDRIVER):
        if not os.access(path, os.X_OK):
            raise RuntimeError(f"{path} is missing: `make deps` installs chromium and chromium-driver")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1200,860",
                     "--disable-gpu", "--no-first-run", "--disable-extensions", "--lang=en-GB"):
        options.add_argument(argument)
    return webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
