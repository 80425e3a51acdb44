"""Schemathesis hooks for `make api-fuzz` (loaded through SCHEMATHESIS_HOOKS by api_fuzz.py).

- Every generated `user_id` path parameter is the fuzzing user's (API_FUZZ_USER), whose token every request carries:
  otherwise nearly every case would stop at the 403 for another user's path and nothing behind it would be reached.
- `no_cross_user_read`: every task id a response shows the fuzzing user is probed with a second user's token
  (API_FUZZ_OTHER_USER / API_FUZZ_OTHER_TOKEN): under the second user's own path it must be 404, under the first
  user's path 403, and it must never appear in the second user's list.
"""

import json
import os
import urllib.error
import urllib.parse
import urllib.request

import schemathesis

BASE = os.environ["API_FUZZ_BASE"]
USER = os.environ["API_FUZZ_USER"]
OTHER = os.environ["API_FUZZ_OTHER_USER"]
OTHER_TOKEN = os.environ["API_FUZZ_OTHER_TOKEN"]
PROBED = set()


@schemathesis.hook
def map_path_parameters(context, path_parameters):
    if path_parameters and "user_id" in path_parameters:
        path_parameters["user_id"] = USER
    return path_parameters


def get(path, token):
    """(status, parsed JSON or None) of a GET with `token`."""
    request = urllib.request.Request(BASE + path, headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, raw = error.code, error.read()
    try:
        return status, json.loads(raw) if raw else None
    except ValueError:
        return status, None


def task_ids(body):
    """The ids of the tasks in a response body: a task, a page of them, or a chat turn's listed tasks."""
    found = set()
    stack = [body]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key in ("id", "task_id", "taskId"):
                if isinstance(item.get(key), str) and len(item[key]) == 36:
                    found.add(item[key])
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def other_users_list():
    ids, cursor = set(), None
    while True:
        query = "?status=all&limit=1000" + (f"&cursor={urllib.parse.quote(cursor)}" if cursor else "")
        status, page = get(f"/api/{OTHER}/tasks{query}", OTHER_TOKEN)
        if status != 200:
            raise AssertionError(f"{OTHER} could not list their own tasks: {status} {page}")
        ids |= {task["id"] for task in page["tasks"]}
        cursor = page.get("nextCursor")
        if not cursor:
            return ids


@schemathesis.check
def no_cross_user_read(ctx, response, case):
    """A task the fuzzing user sees is invisible to the other user, by either path and in their list."""
    if not 200 <= response.status_code < 300 or "json" not in (response.headers.get("content-type") or [""])[0]:
        return None
    try:
        body = json.loads(response.content)
    except ValueError:
        return None
    fresh = task_ids(body) - PROBED
    if not fresh:
        return None
    PROBED.update(fresh)
    listed = other_users_list()
    for task in sorted(fresh):
        status, answer = get(f"/api/{OTHER}/tasks/{task}", OTHER_TOKEN)
        if status != 404:
            raise AssertionError(f"{OTHER} read {USER}'s task {task} under their own path: {status} {answer}")
        status, answer = get(f"/api/{USER}/tasks/{task}", OTHER_TOKEN)
        if status != 403:
            raise AssertionError(f"{OTHER}'s token on {USER}'s path for task {task}: {status} {answer}")
        if task in listed:
            raise AssertionError(f"{USER}'s task {task} is in {OTHER}'s list")
    return True
