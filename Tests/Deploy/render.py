"""Renders the kustomize overlays under knative/overlays/ without kustomize.

Neither `kustomize` nor a `kubectl` with kustomize is a Debian package here (bookworm's kubernetes-client is 1.20,
`apt-cache policy kustomize golang-sigs-k8s-kustomize` finds nothing), so `make test` renders the subset of
kustomization.yaml our overlays use, the way kustomize v5 does:
  resources (files, or folders with a kustomization.yaml), namespace, images (name → newName/newTag),
  patches (inline JSON 6902 with a target: group/kind/name), secretGenerator (literals, disableNameSuffixHash).
Anything else in a kustomization is an error, so an overlay can't silently use a feature this renderer ignores.
The workflows render with the real kustomize (`kustomize build`), so both must agree: keep overlays in this subset.
"""
import base64
import copy
import os

import yaml

SUPPORTED = {"apiVersion", "kind", "resources", "namespace", "images", "patches", "secretGenerator"}


class RenderError(Exception):
    """A kustomization this renderer cannot render; the message names the file and field."""


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CACHE = {}


def load_documents(path):
    """The YAML documents of a file (libyaml's loader when PyYAML has it; parsed once per file version)."""
    stat = os.stat(path)
    key = (os.path.abspath(path), stat.st_mtime_ns, stat.st_size)
    if key not in _CACHE:
        with open(path) as handle:
            _CACHE[key] = [doc for doc in yaml.load_all(handle, Loader=_LOADER) if doc is not None]
    return copy.deepcopy(_CACHE[key])


def _split_image(image):
    """`registry/name:tag` → (name, tag); a digest or no tag gives tag None."""
    last = image.rsplit("/", 1)[-1]
    if "@" in last or ":" not in last:
        return image, None
    name, tag = image.rsplit(":", 1)
    return name, tag


def _pointer(path):
    return [part.replace("~1", "/").replace("~0", "~") for part in path.lstrip("/").split("/")]


def _apply_op(document, op, where):
    parts = _pointer(op["path"])
    parent = document
    for part in parts[:-1]:
        parent = parent[int(part)] if isinstance(parent, list) else parent.get(part)
        if parent is None:
            raise RenderError(f"{where}: path {op['path']} does not exist")
    last = parts[-1]
    kind = op["op"]
    if isinstance(parent, list):
        index = len(parent) if last == "-" else int(last)
        if kind == "add":
            parent.insert(index, copy.deepcopy(op["value"]))
        elif kind == "replace":
            parent[index] = copy.deepcopy(op["value"])
        elif kind == "remove":
            del parent[index]
        else:
            raise RenderError(f"{where}: op {kind} is not supported")
        return
    if kind in ("add", "replace"):
        if kind == "replace" and last not in parent:
            raise RenderError(f"{where}: path {op['path']} does not exist (replace)")
        parent[last] = copy.deepcopy(op["value"])
    elif kind == "remove":
        if last not in parent:
            raise RenderError(f"{where}: path {op['path']} does not exist (remove)")
        del parent[last]
    else:
        raise RenderError(f"{where}: op {kind} is not supported")


def _matches(target, document):
    group, _, _version = document.get("apiVersion", "").rpartition("/")
    if "group" in target and target["group"] != group:
        return False
    if "kind" in target and target["kind"] != document.get("kind"):
        return False
    if "name" in target and target["name"] != document.get("metadata", {}).get("name"):
        return False
    return True


def render(directory, root=None):
    """The documents of `directory`'s kustomization.yaml, rendered; each carries its source in `__source__`."""
    root = root or directory
    path = os.path.join(directory, "kustomization.yaml")
    rel = os.path.relpath(path, root)
    if not os.path.isfile(path):
        raise RenderError(f"{rel}: no kustomization.yaml")
    [kustomization] = load_documents(path)
    unknown = set(kustomization) - SUPPORTED
    if unknown:
        raise RenderError(f"{rel}: {', '.join(sorted(unknown))}: not supported by Tests/Deploy/render.py")
    documents = []
    for index, resource in enumerate(kustomization.get("resources", [])):
        target = os.path.normpath(os.path.join(directory, resource))
        if os.path.isdir(target):
            documents += render(target, root)
        elif os.path.isfile(target):
            for document in load_documents(target):
                document["__source__"] = os.path.relpath(target, root)
                documents.append(document)
        else:
            raise RenderError(f"{rel}: resources[{index}]: {resource} does not exist")
    for document in documents:
        if "namespace" in kustomization:
            document.setdefault("metadata", {})["namespace"] = kustomization["namespace"]
    for index, patch in enumerate(kustomization.get("patches", [])):
        where = f"{rel}: patches[{index}]"
        if "patch" not in patch or "target" not in patch:
            raise RenderError(f"{where}: only inline JSON 6902 patches with a target are supported")
        operations = yaml.safe_load(patch["patch"])
        matched = [d for d in documents if _matches(patch["target"], d)]
        if not matched:
            raise RenderError(f"{where}: target {patch['target']} matches no resource")
        for document in matched:
            for op in operations:
                _apply_op(document, op, where)
    images = {entry["name"]: entry for entry in kustomization.get("images", [])}
    for document in documents:
        for container in _containers(document):
            name, tag = _split_image(container.get("image", ""))
            if name in images:
                entry = images[name]
                new_name = entry.get("newName", name)
                new_tag = entry.get("newTag", tag)
                container["image"] = f"{new_name}:{new_tag}" if new_tag else new_name
    for index, generator in enumerate(kustomization.get("secretGenerator", [])):
        where = f"{rel}: secretGenerator[{index}]"
        if not generator.get("options", {}).get("disableNameSuffixHash"):
            raise RenderError(f"{where}: options.disableNameSuffixHash must be true (name hashes are not rendered)")
        data = {}
        for literal in generator.get("literals", []):
            key, _, value = literal.partition("=")
            data[key] = base64.b64encode(value.encode()).decode()
        secret = {"apiVersion": "v1", "kind": "Secret", "type": "Opaque",
                  "metadata": {"name": generator["name"]}, "data": data, "__source__": rel}
        if "namespace" in kustomization:
            secret["metadata"]["namespace"] = kustomization["namespace"]
        documents.append(secret)
    return documents


def _containers(document):
    spec = document.get("spec", {}) or {}
    template = spec.get("template", {}) or {}
    pod = template.get("spec", {}) or {}
    return list(pod.get("containers", []) or []) + list(pod.get("initContainers", []) or [])


containers = _containers
split_image = _split_image
