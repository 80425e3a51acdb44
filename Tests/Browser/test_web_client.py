"""The web client in a real headless Chromium against the real `todofn up`: sign in, add, edit, complete, delete,
chat, two windows of one user kept in sync through /ws, a reminder shown as a notification, and a screenshot of both
windows (.build/test-artifacts/web-two-windows.png).

The live parts need functions other branches build (ws-gateway, ws-fanout, reminder-fire); while one is not built
they are skipped with a loud message naming it, never passed."""

import base64
import datetime
import json
import os
import time
import urllib.request
import uuid

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

from stack import ARTIFACTS, Stack, built, chromium
from ws_script import ScriptedPeer

USER = f"web-{uuid.uuid4().hex[:8]}"
LIVE_FUNCTIONS = ["ws-gateway", "ws-fanout"]


def loud_skip(reason):
    banner = "!" * 100
    print(f"\n{banner}\nSKIPPED, NOT PASSED: {reason}\n{banner}")
    pytest.skip(f"NOT RUN: {reason}")


def require_built(names, what):
    missing = [name for name in names if not built(name)]
    if missing:
        loud_skip(f"{what} needs {', '.join(missing)}, not built in this checkout (other branches build it)")


@pytest.fixture(scope="module")
def stack():
    running = Stack()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def browser(stack):
    driver = chromium()
    driver.windows = {"A": driver.current_window_handle}
    yield driver
    driver.quit()


def wait(driver, condition, timeout=30, message=""):
    def safe(d):
        try:
            return condition(d)
        except StaleElementReferenceException:
            return False

    return WebDriverWait(driver, timeout, poll_frequency=0.05).until(safe, message)


def window(driver, name):
    driver.switch_to.window(driver.windows[name])


def open_second_window(driver, stack):
    if "B" not in driver.windows:
        driver.switch_to.new_window("window")
        driver.windows["B"] = driver.current_window_handle
        driver.get(stack.base + "/")
        # Same browser profile: the session in localStorage signs this window in too.
        wait(driver, lambda d: d.find_element(By.ID, "app").is_displayed(), message="window B signed in")
    window(driver, "B")


def item(driver, title):
    for li in driver.find_elements(By.CSS_SELECTOR, "#task-list li.task"):
        if li.find_element(By.CSS_SELECTOR, ".title").text == title:
            return li
    return None


def signed_in(driver, stack):
    """Window A, signed in as USER (each test can run alone; the sign-in test checks the flow itself)."""
    window(driver, "A")
    if driver.current_url.startswith(stack.base) and driver.find_element(By.ID, "app").is_displayed():
        return
    driver.get(stack.base + "/")
    wait(driver, lambda d: d.find_element(By.ID, "signin").is_displayed() or d.find_element(By.ID, "app").is_displayed())
    if driver.find_element(By.ID, "signin").is_displayed():
        name = driver.find_element(By.ID, "signin-user")
        name.clear()
        name.send_keys(USER + Keys.ENTER)
    wait(driver, lambda d: d.find_element(By.ID, "app").is_displayed(), message="signed in")


def token(driver):
    return driver.execute_script("return JSON.parse(localStorage.getItem('todo.session')).token")


@pytest.mark.parametrize("path, content_type", [
    ("/", "text/html; charset=utf-8"), ("/styles.css", "text/css; charset=utf-8"),
    ("/js/app.js", "text/javascript; charset=utf-8"),
])
def test_todofn_up_serves_the_client_with_its_content_types(stack, path, content_type):
    with urllib.request.urlopen(stack.base + path, timeout=30) as response:
        assert response.status == 200
        assert response.headers["Content-Type"] == content_type
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_signs_in_as_a_development_user(stack, browser):
    browser.get(stack.base + "/")
    assert browser.title == "Todo", "todofn up serves Tools/web at / by default"
    wait(browser, lambda d: d.find_element(By.ID, "signin").is_displayed())
    assert browser.execute_script("return document.activeElement.id") == "signin-user", "the user field has focus"
    name = browser.find_element(By.ID, "signin-user")
    name.clear()
    name.send_keys(USER + Keys.ENTER)
    wait(browser, lambda d: d.find_element(By.ID, "app").is_displayed(), message="signed in")
    assert browser.find_element(By.ID, "user-name").text == USER
    status, page = stack.api("GET", f"/api/{USER}/tasks", token(browser))
    assert status == 200 and page["tasks"] == []


def paste_token(driver, value):
    driver.find_element(By.ID, "signout-button").click()
    wait(driver, lambda d: d.find_element(By.ID, "signin").is_displayed())
    driver.find_element(By.CSS_SELECTOR, "#paste-token summary").click()
    driver.find_element(By.ID, "token-input").send_keys(value)
    driver.find_element(By.CSS_SELECTOR, "#token-form button").click()


def test_a_pasted_token_signs_in_and_a_refused_one_signs_out_with_the_reason(stack, browser):
    signed_in(browser, stack)
    claims = base64.urlsafe_b64encode(json.dumps({"sub": USER, "exp": int(time.time()) + 600}).encode()).decode()
    paste_token(browser, "eyJhbGciOiJIUzI1NiJ9." + claims.rstrip("=") + ".forged-signature")
    wait(browser, lambda d: d.find_element(By.ID, "signin").is_displayed()
         and "Signed out" in d.find_element(By.ID, "signin-error").text, message="a forged token is refused")
    browser.find_element(By.ID, "token-input").clear()
    browser.find_element(By.ID, "token-input").send_keys(stack.token(USER))
    browser.find_element(By.CSS_SELECTOR, "#token-form button").click()
    wait(browser, lambda d: d.find_element(By.ID, "app").is_displayed(), message="a token from todofn token works")
    assert browser.find_element(By.ID, "user-name").get_attribute("textContent") == USER


def test_adds_edits_completes_and_deletes_a_task(stack, browser):
    signed_in(browser, stack)
    browser.find_element(By.ID, "new-title").send_keys("Buy oat milk" + Keys.ENTER)
    li = wait(browser, lambda d: item(d, "Buy oat milk"), message="the new task is listed")
    li.find_element(By.CSS_SELECTOR, "button[data-action=edit]").click()
    dialog = browser.find_element(By.ID, "editor")
    wait(browser, lambda d: dialog.is_displayed())
    title = browser.find_element(By.ID, "ed-title")
    title.clear()
    title.send_keys("Buy oat milk and bread")
    Select(browser.find_element(By.ID, "ed-priority")).select_by_value("high")
    browser.find_element(By.ID, "ed-tags").send_keys("errands, #home")
    browser.find_element(By.ID, "ed-save").click()
    li = wait(browser, lambda d: not dialog.is_displayed() and item(d, "Buy oat milk and bread"), message="saved")
    chips = [c.text for c in li.find_elements(By.CSS_SELECTOR, ".chip")]
    assert chips == ["high", "#errands", "#home"], chips
    task_id = li.get_attribute("data-id")
    status, task = stack.api("GET", f"/api/{USER}/tasks/{task_id}", token(browser))
    assert status == 200 and (task["title"], task["priority"], task["tags"]) == (
        "Buy oat milk and bread", "high", ["errands", "home"])

    Select(browser.find_element(By.CSS_SELECTOR, "#filters select[name=status]")).select_by_value("all")
    li.find_element(By.CSS_SELECTOR, "input[type=checkbox]").click()
    wait(browser, lambda d: "done" in (item(d, "Buy oat milk and bread") or li).get_attribute("class") and item(d, "Buy oat milk and bread"),
         message="completed")
    assert stack.api("GET", f"/api/{USER}/tasks/{task_id}", token(browser))[1]["completed"] is True
    Select(browser.find_element(By.CSS_SELECTOR, "#filters select[name=status]")).select_by_value("pending")
    wait(browser, lambda d: item(d, "Buy oat milk and bread") is None, message="a done task leaves the open list")
    Select(browser.find_element(By.CSS_SELECTOR, "#filters select[name=status]")).select_by_value("all")
    li = wait(browser, lambda d: item(d, "Buy oat milk and bread"))
    li.find_element(By.CSS_SELECTOR, "button[data-action=delete]").click()
    wait(browser, lambda d: item(d, "Buy oat milk and bread") is None, message="deleted")
    assert stack.api("GET", f"/api/{USER}/tasks/{task_id}", token(browser))[0] == 404
    Select(browser.find_element(By.CSS_SELECTOR, "#filters select[name=status]")).select_by_value("pending")


def test_chat_answers_or_says_it_is_unavailable(stack, browser):
    signed_in(browser, stack)
    box = browser.find_element(By.ID, "chat-input")
    box.send_keys("what's due this week?" + Keys.ENTER)
    wait(browser, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#chat-log .message.assistant")) == 1,
         message="the assistant answers")
    status = browser.find_element(By.ID, "chat-status").text
    reply = browser.find_element(By.CSS_SELECTOR, "#chat-log .message.assistant").text
    code, _ = stack.api("POST", f"/api/{USER}/chat", token(browser), {"message": "hello"})
    if code == 404:
        assert "unavailable" in status.lower() and "unavailable" in reply.lower()
        assert not box.is_enabled(), "the chat input is disabled when there is no chat endpoint"
    else:
        assert code == 200 and reply and "Thinking" not in status


def test_due_time_zone_reminders_and_recurrence_round_trip(stack, browser):
    signed_in(browser, stack)
    probe = {"title": "probe", "dueAt": "2031-03-30T07:30:00Z", "timeZone": "America/New_York",
             "reminders": [{"before": "PT30M"}], "recurrence": {"rrule": "FREQ=WEEKLY", "anchor": "schedule"}}
    code, answer = stack.api("POST", f"/api/{USER}/tasks", token(browser), probe)
    if code == 400:
        loud_skip(f"task-crud refuses due zones/reminders/recurrence ({answer['error']['message']}): issue 13")
    assert code == 201, answer
    stack.api("DELETE", f"/api/{USER}/tasks/{answer['id']}", token(browser), headers={"If-Match": '"1"'})
    browser.find_element(By.ID, "add-details").click()
    browser.find_element(By.ID, "ed-title").send_keys("Call the dentist")
    browser.execute_script("""
        const set = (id, value) => { const e = document.getElementById(id); e.value = value;
          e.dispatchEvent(new Event('change', {bubbles: true})); };
        set('ed-due', '2031-03-30T09:15'); set('ed-zone', 'America/New_York'); set('ed-freq', 'WEEKLY');""")
    browser.find_element(By.ID, "ed-add-reminder").click()
    browser.find_element(By.ID, "ed-save").click()
    li = wait(browser, lambda d: item(d, "Call the dentist"), message="saved with due time")
    _, task = stack.api("GET", f"/api/{USER}/tasks/{li.get_attribute('data-id')}", token(browser))
    assert task["dueAt"].startswith("2031-03-30T13:15:00"), task  # 09:15 EDT
    assert task["timeZone"] == "America/New_York"
    assert task["recurrence"]["rrule"].startswith("FREQ=WEEKLY")
    assert len(task["reminders"]) == 1


@pytest.mark.parametrize("wall, zone, instant", [
    ("2031-03-30T09:15", "America/New_York", "2031-03-30T13:15:00.000Z"),
    ("2026-12-08T17:30", "Europe/Paris", "2026-12-08T16:30:00.000Z"),
    ("2026-03-29T02:30", "Europe/Paris", "2026-03-29T01:30:00.000Z"),  # skipped: forward by the gap, 03:30 CEST
    ("2026-10-25T02:30", "Europe/Paris", "2026-10-25T00:30:00.000Z"),  # repeated: the first, 02:30 CEST
    ("2026-11-01T01:30", "America/New_York", "2026-11-01T05:30:00.000Z"),  # repeated: the first, EDT
    ("2026-10-04T02:15", "Australia/Lord_Howe", "2026-10-03T15:45:00.000Z"),  # 30 min gap: 02:45 +11
    ("2026-01-01T00:00", "Pacific/Kiritimati", "2025-12-31T10:00:00.000Z"),
])
def test_the_page_turns_wall_clock_times_in_a_zone_into_instants(stack, browser, wall, zone, instant):
    signed_in(browser, stack)
    got = browser.execute_async_script("""
        const [wall, zone, done] = arguments;
        import('/js/time.js').then((m) => done(m.wallToInstant(wall, zone).toISOString()));""", wall, zone)
    assert got == instant


def test_a_task_created_in_one_window_shows_in_the_other_within_2_s(stack, browser):
    signed_in(browser, stack)
    open_second_window(browser, stack)
    require_built(LIVE_FUNCTIONS, "live updates across windows")
    for name in ("A", "B"):
        window(browser, name)
        wait(browser, lambda d: d.find_element(By.ID, "live-status").get_attribute("data-state") == "live",
             timeout=60, message=f"window {name} connected to /ws")
    window(browser, "A")
    title = f"Live {uuid.uuid4().hex[:6]}"
    browser.find_element(By.ID, "new-title").send_keys(title + Keys.ENTER)
    requested = int(wait(browser, lambda d: item(d, title)).get_attribute("data-requested-at"))
    window(browser, "B")
    li = wait(browser, lambda d: item(d, title), timeout=60, message="the task reached window B")
    assert li.get_attribute("data-via") == "live", "window B got it from the socket, not a reload"
    received = int(li.get_attribute("data-received-at"))
    print(f"\nlive: created in A → shown in B after {received - requested} ms (page timestamps)")
    assert received - requested <= 2000, f"{received - requested} ms"


def test_a_reminder_shows_as_a_notification(stack, browser):
    signed_in(browser, stack)
    open_second_window(browser, stack)
    require_built(LIVE_FUNCTIONS + ["reminder-fire"], "reminder notifications")
    now = datetime.datetime.now(datetime.timezone.utc)
    iso = lambda t: t.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    body = {"title": "Stretch your legs", "dueAt": iso(now + datetime.timedelta(minutes=10)), "timeZone": "UTC",
            "reminders": [{"at": iso(now + datetime.timedelta(seconds=3))}]}
    code, answer = stack.api("POST", f"/api/{USER}/tasks", token(browser), body)
    if code == 400:
        loud_skip(f"task-crud refuses reminders ({answer['error']['message']}): issue 13")
    assert code == 201, answer
    toast = wait(browser, lambda d: next((t for t in d.find_elements(By.CSS_SELECTOR, ".toast-reminder")
                                          if "Stretch your legs" in t.text), None),
                 timeout=90, message="the reminder toast shows")
    assert toast.get_attribute("role") == "alert"


# js/live.js in the page, pointed at a ScriptedPeer; what it reports goes to window.__contract.log.
CONTRACT_CLIENT = """
            const [port, done] = arguments;
            import('/js/live.js').then(({ LiveUpdates }) => {
              const log = [];
              const live = new LiveUpdates({ token: 'header.payload.signature', remaining: 3600 }, {
                onEvent: (e, seq) => log.push(['event', seq, e.id]), onResync: (n) => log.push(['resync', n]),
                onState: () => {}, onHello: (n, fresh) => log.push(['hello', n, fresh]) });
              live.url = function () {
                return `ws://127.0.0.1:${port}/ws` + (this.lastSeq === null ? '' : `?since=${this.lastSeq}`);
              };
              window.__contract = { live, log };
              live.start();
              done();
            });"""


def test_live_updates_follow_the_websocket_contract(stack, browser):
    """js/live.js against a scripted peer playing docs/websocket.md: the token as subprotocol, hello, events in
    order, a dropped connection resumed with since= after a backoff, a duplicate ignored, resync → reconnect."""
    event = lambda seq: ("send", {"type": "event", "seq": seq, "event": {"id": f"e{seq}", "type": "x"}})
    peer = ScriptedPeer([
        [("send", {"type": "hello", "userId": "u", "latestSeq": 5}), event(6), event(7), ("drop",)],
        [("send", {"type": "hello", "userId": "u", "latestSeq": 9}), event(7), event(8), event(9),
         ("send", {"type": "resync", "latestSeq": 20}), ("wait_close",)],
        [("send", {"type": "hello", "userId": "u", "latestSeq": 20}), event(21), ("wait_close",)],
    ])
    signed_in(browser, stack)
    try:
        browser.execute_async_script(CONTRACT_CLIENT, peer.port)
        expected = [["hello", 5, True], ["event", 6, "e6"], ["event", 7, "e7"], ["hello", 9, False],
                    ["event", 8, "e8"], ["event", 9, "e9"], ["resync", 20], ["hello", 20, False],
                    ["event", 21, "e21"]]
        wait(browser, lambda d: len(d.execute_script("return window.__contract.log")) >= len(expected), timeout=30,
             message="the client went through the script")
        assert browser.execute_script("return window.__contract.log") == expected
        assert [target for target, _ in peer.requests] == ["/ws", "/ws?since=7", "/ws?since=20"]
        assert all(h["sec-websocket-protocol"] == "bearer, header.payload.signature" for _, h in peer.requests)
        assert peer.accepted_at[1] - peer.accepted_at[0] >= 0.25, "a dropped connection is retried after a backoff"
    finally:
        browser.execute_script("window.__contract?.live.stop()")
        peer.close()


def test_live_updates_start_fresh_when_the_server_keeps_refusing_since(stack, browser):
    """After three failed connections in a row (a drop, then a since= the server does not know, refused twice), the
    client drops since= and starts fresh: a hello that counts as the first one (the page reloads its list then)."""
    peer = ScriptedPeer([
        [("send", {"type": "hello", "userId": "u", "latestSeq": 50}), ("drop",)],
        [("refuse",)], [("refuse",)],
        [("send", {"type": "hello", "userId": "u", "latestSeq": 3}), ("wait_close",)],
    ])
    signed_in(browser, stack)
    try:
        browser.execute_async_script(CONTRACT_CLIENT, peer.port)
        wait(browser, lambda d: len(d.execute_script("return window.__contract.log")) >= 2, timeout=60,
             message="the client started fresh")
        assert browser.execute_script("return window.__contract.log") == [["hello", 50, True], ["hello", 3, True]]
        assert [target for target, _ in peer.requests] == ["/ws", "/ws?since=50", "/ws?since=50", "/ws"]
    finally:
        browser.execute_script("window.__contract?.live.stop()")
        peer.close()


def tomorrow_at(hour):
    day = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=1)
    return day.replace(hour=hour, minute=0, second=0, microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_screenshot_of_both_windows(stack, browser):
    signed_in(browser, stack)
    for title, extra in [("Water the plants", {"priority": "medium", "tags": ["home"]}),
                         ("Send the quarterly report", {"priority": "high", "tags": ["work"],
                                                        "description": "Numbers from finance first"}),
                         ("Book train tickets", {"tags": ["travel"], "dueAt": tomorrow_at(9)})]:
        stack.api("POST", f"/api/{USER}/tasks", token(browser), {"title": title, **extra})
    open_second_window(browser, stack)
    browser.set_window_size(430, 900)  # B as a phone
    shots = []
    for name in ("A", "B"):
        window(browser, name)
        if browser.find_element(By.ID, "live-status").get_attribute("data-state") != "live":
            browser.refresh()  # without the gateway a window sees others' changes only on reload
        wait(browser, lambda d: item(d, "Book train tickets"), message=f"window {name} lists the tasks")
        time.sleep(0.5)  # let the arrival highlight fade before the picture (cosmetic only)
        shots.append(browser.get_screenshot_as_base64())
    os.makedirs(ARTIFACTS, exist_ok=True)
    for name, shot in zip("AB", shots):
        with open(os.path.join(ARTIFACTS, f"web-window-{name}.png"), "wb") as f:
            f.write(base64.b64decode(shot))
    page = os.path.join(ARTIFACTS, "web-two-windows.html")
    with open(page, "w") as f:
        f.write("<body style='margin:0;background:#888;display:flex;gap:12px;align-items:flex-start'>"
                "<img src='web-window-A.png'><img src='web-window-B.png'></body>")
    window(browser, "A")
    browser.switch_to.new_window("tab")
    browser.set_window_size(1660, 960)
    browser.get("file://" + page)
    wait(browser, lambda d: d.execute_script("return [...document.images].every(i => i.complete && i.naturalWidth)"))
    path = os.path.join(ARTIFACTS, "web-two-windows.png")
    browser.save_screenshot(path)
    print(f"\nscreenshot of both windows: {path}")
    assert os.path.getsize(path) > 10_000
