"""One name per function: the folders under Functions/ decide which functions exist, and every manifest, workflow,
code table and Dapr scope must agree (the lead's merge of a new function is checked here)."""
import glob
import os
import re

import render

NAMESPACE = "todo"
BASE_IMAGE = "ghcr.io/todo-functions/{}"
ALWAYS_UP = {"ws-gateway"}
TOOLS_APP_ID = "todofn"


def functions(context):
    """The function folders: Functions/<name>/ with Swift sources."""
    return sorted(n for n in os.listdir(context.path("Functions"))
                  if os.path.isdir(context.path("Functions", n)) and not n.startswith("."))


def staged(context):
    """Functions whose manifests wait in staging/ for their folder."""
    return sorted(os.path.basename(p)[:-5] for p in glob.glob(context.path("staging/knative/base/*.yaml")))


def check(context):
    live = functions(context)
    pending = staged(context)
    known = set(live) | set(pending)
    report = context.report
    for name in set(live) & set(pending):
        report.add(f"staging/knative/base/{name}.yaml", "(file)",
                   f"Functions/{name} exists: move its staged manifests into place (README, Adding a function)")
    _check_layout(context, live)
    services = _check_services(context, live, "knative/base")
    services.update(_check_services(context, pending, "staging/knative/base", staged_set=True))
    _check_dapr_shared(context, live, "knative/dapr-shared", services)
    _check_dapr_shared(context, pending, "staging/knative/dapr-shared", services)
    _check_stack(context, "stack.yml", live)
    _check_stack(context, "staging/stack.yml", pending)
    _check_stack_functions(context, known)
    _check_routes(context, live, pending)
    _check_dapr_scopes(context, known | {TOOLS_APP_ID})
    _check_topics(context)
    _check_images_workflow(context, live)
    _check_dockerfile(context)


def _check_layout(context, live):
    report = context.report
    for name in live:
        if not os.path.exists(context.path("knative/base", name + ".yaml")):
            report.add(f"Functions/{name}", "knative/base/" + name + ".yaml",
                       "a function folder without a Knative Service manifest (README, Adding a function)")
    for path in glob.glob(context.path("knative/*.yaml")):
        report.add(context.rel(path), "(file)", "Knative Services live in knative/base/<fn>.yaml now: move it there")
    for path in sorted(glob.glob(context.path("knative/base/*.yaml"))):
        relative = context.rel(path)
        base = os.path.basename(path)[:-5]
        if base in ("kustomization", "kafka-topics"):
            continue
        if base not in live:
            report.add(relative, "(file)", f"names no function: there is no folder Functions/{base}")
    for path in sorted(glob.glob(context.path("knative/base/ingress/*.yaml"))):
        base = os.path.basename(path)[:-5]
        if base not in live:
            report.add(context.rel(path), "(file)", f"names no function: there is no folder Functions/{base}")
    kustomization = "knative/base/kustomization.yaml"
    documents = context.documents(kustomization)
    resources = documents[0].get("resources", []) if documents else []
    expected = {"kafka-topics.yaml"} | {f"{n}.yaml" for n in live} | {
        "ingress/" + os.path.basename(p) for p in glob.glob(context.path("knative/base/ingress/*.yaml"))}
    for missing in sorted(expected - set(resources)):
        report.add(kustomization, "resources", f"{missing} is not listed")
    for extra in sorted(set(resources) - expected):
        report.add(kustomization, "resources", f"{extra} names no function manifest")


def _env(container):
    return {e.get("name"): e for e in container.get("env", []) or []}


def _check_services(context, names_, folder, staged_set=False):
    """Each function's Knative Service; returns {name: service document}."""
    services = {}
    for name in names_:
        relative = f"{folder}/{name}.yaml"
        if not os.path.exists(context.path(relative)):
            continue
        documents = context.documents(relative)
        if len(documents) != 1 or documents[0].get("kind") != "Service":
            context.report.add(relative, "kind", "must hold exactly one Knative Service")
            continue
        services[name] = documents[0]
        check_service(context, relative, name, documents[0])
    return services


def check_service(context, relative, name, service, image=None):
    """The rules every function's Knative Service follows (base files and rendered overlays alike)."""
    report = context.report
    metadata = service.get("metadata", {}) or {}
    if metadata.get("name") != name:
        report.add(relative, "metadata.name", f"is {metadata.get('name')!r}, the function is {name!r}")
    template = (service.get("spec", {}) or {}).get("template", {}) or {}
    annotations = (template.get("metadata", {}) or {}).get("annotations", {}) or {}
    spec = template.get("spec", {}) or {}
    prefix = "spec.template"
    want_min = "1" if name in ALWAYS_UP else "0"
    if annotations.get("autoscaling.knative.dev/min-scale") != want_min:
        report.add(relative, f"{prefix}.metadata.annotations[autoscaling.knative.dev/min-scale]",
                   f"must be {want_min!r} for {name}")
    if "autoscaling.knative.dev/target" not in annotations:
        report.add(relative, f"{prefix}.metadata.annotations[autoscaling.knative.dev/target]", "missing")
    for field in ("containerConcurrency", "timeoutSeconds"):
        if field not in spec:
            report.add(relative, f"{prefix}.spec.{field}", "missing")
    security = spec.get("securityContext", {}) or {}
    if security.get("runAsNonRoot") is not True:
        report.add(relative, f"{prefix}.spec.securityContext.runAsNonRoot", "must be true")
    sidecar = annotations.get("dapr.io/enabled") == "true"
    if sidecar:
        if annotations.get("dapr.io/app-id") != name:
            report.add(relative, f"{prefix}.metadata.annotations[dapr.io/app-id]",
                       f"is {annotations.get('dapr.io/app-id')!r}, the function is {name!r}")
        if annotations.get("dapr.io/metrics-port") in (None, "9090"):
            report.add(relative, f"{prefix}.metadata.annotations[dapr.io/metrics-port]",
                       "must be set and not 9090 (queue-proxy's port)")
        if name not in ALWAYS_UP:
            report.add(relative, f"{prefix}.metadata.annotations[dapr.io/enabled]",
                       "a sidecar in a pod scaled to zero cannot wake it: use Dapr Shared (docs/deploy.md)")
    containers = spec.get("containers", []) or []
    if len(containers) != 1:
        report.add(relative, f"{prefix}.spec.containers", "needs exactly one container")
        return
    container = containers[0]
    where = f"{prefix}.spec.containers[0]"
    env = _env(container)
    app_id = env.get("APP_ID", {}).get("value")
    if app_id != name:
        report.add(relative, f"{where}.env[APP_ID]", f"is {app_id!r}, the function is {name!r}")
    endpoint = env.get("DAPR_HTTP_ENDPOINT", {}).get("value")
    if not sidecar and endpoint != f"http://{name}-dapr.{NAMESPACE}.svc.cluster.local:3500":
        report.add(relative, f"{where}.env[DAPR_HTTP_ENDPOINT]",
                   f"is {endpoint!r}, must be its Dapr Shared http://{name}-dapr.{NAMESPACE}.svc.cluster.local:3500")
    for probe, path in (("readinessProbe", "/health/readiness"), ("livenessProbe", "/health/liveness")):
        got = ((container.get(probe) or {}).get("httpGet") or {}).get("path")
        if got != path:
            report.add(relative, f"{where}.{probe}.httpGet.path", f"is {got!r}, must be {path}")
    resources = container.get("resources", {}) or {}
    if not resources.get("requests") or not (resources.get("limits") or {}).get("memory"):
        report.add(relative, f"{where}.resources", "needs requests and a memory limit")
    csc = container.get("securityContext", {}) or {}
    if csc.get("readOnlyRootFilesystem") is not True:
        report.add(relative, f"{where}.securityContext.readOnlyRootFilesystem", "must be true")
    if csc.get("allowPrivilegeEscalation") is not False:
        report.add(relative, f"{where}.securityContext.allowPrivilegeEscalation", "must be false")
    mounts = {m.get("mountPath"): m.get("name") for m in container.get("volumeMounts", []) or []}
    volumes = {v.get("name"): v for v in spec.get("volumes", []) or []}
    if "/tmp" not in mounts or "emptyDir" not in volumes.get(mounts["/tmp"], {}):
        report.add(relative, f"{where}.volumeMounts", "needs /tmp on an emptyDir volume (the root is read-only)")
    expected_image = image or BASE_IMAGE.format(name) + ":" + render_tag(context, base=image is None)
    if image is None and container.get("image") != expected_image:
        report.add(relative, f"{where}.image", f"is {container.get('image')!r}, must be {expected_image!r}")
    for variable, entry in env.items():
        ref = ((entry.get("valueFrom") or {}).get("secretKeyRef")) or None
        if ref and (ref.get("name"), ref.get("key")) not in SECRET_LAYOUT:
            report.add(relative, f"{where}.env[{variable}].valueFrom.secretKeyRef",
                       f"{ref.get('name')}/{ref.get('key')} is not in the secret layout (docs/deploy.md, Secrets)")


def render_tag(context, base):
    return "dev" if base else (context.image_tag or "dev")


# The one secret layout (docs/deploy.md, "Secrets"): (Kubernetes Secret, key).
SECRET_LAYOUT = {
    ("todo-functions", "database-url"),
    ("todo-functions", "redis-password"),
    ("jwt-signing-key", "jwt-signing-key"),
    ("audit-chain-key", "audit-chain-key"),
    ("todo-app-api-token", "token"),
    ("todo-dapr-api-token", "token"),
}


from names_more import (  # noqa: E402  (split for size: the Dapr, route, topic and workflow checks)
    _check_dapr_scopes, _check_dapr_shared, _check_dockerfile, _check_images_workflow, _check_routes, _check_stack,
    _check_stack_functions, _check_topics, check_image_tags, check_overlay, check_overlays_differ_only_where_allowed)

__all__ = ["check", "check_service", "check_overlay", "check_image_tags", "check_overlays_differ_only_where_allowed",
           "functions", "staged", "render", "re"]
