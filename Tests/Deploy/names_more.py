"""The cross-file name checks of names.py that read Dapr resources, code tables, workflows and overlays."""
import copy
import glob
import os
import re
import subprocess

import names
import render

KNATIVE = ("serving.knative.dev/v1", "Service")


def _check_dapr_shared(context, functions, folder, services):
    report = context.report
    configurations = _dapr_names(context, "Configuration")
    for path in sorted(glob.glob(context.path(folder, "*.values.yaml"))):
        name = os.path.basename(path)[: -len(".values.yaml")]
        if name not in functions:
            report.add(context.rel(path), "(file)", f"names no function: there is no folder Functions/{name}")
    for name in functions:
        relative = f"{folder}/{name}.values.yaml"
        service = services.get(name)
        annotations = ((service or {}).get("spec", {}).get("template", {}).get("metadata", {}) or {}).get(
            "annotations", {}) or {}
        sidecar = annotations.get("dapr.io/enabled") == "true"
        if not os.path.exists(context.path(relative)):
            if not sidecar:
                report.add(relative, "(file)", f"{name} has no Dapr sidecar, so it needs Dapr Shared values")
            continue
        if sidecar:
            report.add(relative, "(file)", f"{name} has a Dapr sidecar: Dapr Shared would be a second daprd")
        documents = context.documents(relative)
        shared = (documents[0] if documents else {}).get("shared", {}) or {}
        if shared.get("appId") != name:
            report.add(relative, "shared.appId", f"is {shared.get('appId')!r}, the function is {name!r}")
        if shared.get("remoteURL") != f"{name}.{names.NAMESPACE}.svc.cluster.local":
            report.add(relative, "shared.remoteURL",
                       f"must be the Knative Service's address {name}.{names.NAMESPACE}.svc.cluster.local")
        config = (shared.get("daprd", {}) or {}).get("config")
        if config != f"{name}-config":
            report.add(relative, "shared.daprd.config", f"is {config!r}, must be {name}-config")
        elif config not in configurations and not folder.startswith("staging"):
            report.add(relative, "shared.daprd.config", f"{config} is not a Configuration in dapr/")


def _dapr_documents(context, include_staging=True):
    patterns = ["dapr/**/*.yaml"] + (["staging/dapr/**/*.yaml"] if include_staging else [])
    for pattern in patterns:
        for path in sorted(glob.glob(context.path(pattern), recursive=True)):
            for document in context.documents(context.rel(path)):
                yield context.rel(path), document


def _dapr_names(context, kind):
    return {d.get("metadata", {}).get("name") for _, d in _dapr_documents(context, False) if d.get("kind") == kind}


def _check_stack(context, relative, functions):
    report = context.report
    if not os.path.exists(context.path(relative)):
        if functions:
            report.add(relative, "functions", f"missing, needed for {', '.join(functions)}")
        return
    documents = context.documents(relative)
    entries = (documents[0] if documents else {}).get("functions", {}) or {}
    for name in sorted(set(functions) - set(entries)):
        report.add(relative, f"functions.{name}", "missing: every function folder needs an OpenFaaS entry")
    for name in sorted(set(entries) - set(functions)):
        report.add(relative, f"functions.{name}", f"names no function: there is no folder Functions/{name}")
    for name, entry in entries.items():
        entry = entry or {}
        if f"/{name}:" not in str(entry.get("image", "")):
            report.add(relative, f"functions.{name}.image", f"must be <registry>/{name}:<tag>")
        annotations = entry.get("annotations", {}) or {}
        if annotations.get("dapr.io/app-id") != name:
            report.add(relative, f"functions.{name}.annotations[dapr.io/app-id]",
                       f"is {annotations.get('dapr.io/app-id')!r}, the function is {name!r}")
        if (entry.get("environment", {}) or {}).get("APP_ID") != name:
            report.add(relative, f"functions.{name}.environment.APP_ID", f"must be {name!r}")
        labels = entry.get("labels", {}) or {}
        if "com.openfaas.scale.zero" not in labels:
            report.add(relative, f"functions.{name}.labels[com.openfaas.scale.zero]", "missing")
        if entry.get("readonly_root_filesystem") is not True:
            report.add(relative, f"functions.{name}.readonly_root_filesystem", "must be true")


def _swift_strings(path):
    with open(path) as handle:
        return handle.read()


def _check_stack_functions(context, known):
    relative = "Tools/todofn/Stack/StackFunctions.swift"
    match = re.search(r"static let all = \[([^\]]*)\]", _swift_strings(context.path(relative)))
    listed = re.findall(r'"([^"]+)"', match.group(1)) if match else []
    if not match:
        context.report.add(relative, "StackFunctions.all", "not found")
    for name in sorted(set(listed) - known):
        context.report.add(relative, "StackFunctions.all", f"{name!r} has no folder under Functions/ and no staged manifest")
    for name in sorted(known - set(listed)):
        context.report.add(relative, "StackFunctions.all", f"{name!r} is missing (todofn up would never start it)")


def route_table(context):
    """[(path, function)] from Shared/EmbeddedIngress/IngressRoutes.swift."""
    text = _swift_strings(context.path("Shared/EmbeddedIngress/IngressRoutes.swift"))
    return re.findall(r'Route\(path: "([^"]+)".*?destination: \.(?:function|webSocket)\("([^"]+)"\)', text)


def _check_routes(context, live, pending):
    report = context.report
    routes = route_table(context)
    if not routes:
        report.add("Shared/EmbeddedIngress/IngressRoutes.swift", "routes", "no Route(path:…, destination:…) found")
    # The web client is served by ws-gateway in a cluster (the embedded ingress serves Tools/web itself).
    expected = routes + [("/", "ws-gateway")]
    ingress_paths = {}
    for folder, names_ in (("knative/base/ingress", live), ("staging/knative/base/ingress", pending)):
        for path in sorted(glob.glob(context.path(folder, "*.yaml"))):
            relative = context.rel(path)
            for document in context.documents(relative):
                name = document.get("metadata", {}).get("name")
                vhost = (document.get("metadata", {}).get("annotations", {}) or {}).get(
                    "nginx.ingress.kubernetes.io/upstream-vhost")
                if vhost != f"{name}.{names.NAMESPACE}.svc.cluster.local":
                    report.add(relative, "metadata.annotations[nginx.ingress.kubernetes.io/upstream-vhost]",
                               f"must be {name}.{names.NAMESPACE}.svc.cluster.local")
                for r, rule in enumerate(document.get("spec", {}).get("rules", []) or []):
                    for p, entry in enumerate((rule.get("http", {}) or {}).get("paths", []) or []):
                        backend = entry.get("backend", {}).get("service", {}).get("name")
                        field = f"spec.rules[{r}].http.paths[{p}]"
                        if backend != name:
                            report.add(relative, f"{field}.backend.service.name", f"is {backend!r}, must be {name!r}")
                        ingress_paths[entry.get("path")] = (backend, relative, field, folder.startswith("staging"))
    for path, function in expected:
        if function not in set(live) | set(pending):
            continue
        folder = "knative/base/ingress" if function in live else "staging/knative/base/ingress"
        got = ingress_paths.get(path)
        if not got:
            report.add(f"{folder}/{function}.yaml", "spec.rules[0].http.paths",
                       f"no path {path} (the route table sends it to {function})")
        elif got[0] != function:
            report.add(got[1], f"{got[2]}.backend.service.name", f"{path} goes to {got[0]}, the route table says {function}")
    for path, (backend, relative, field, _) in ingress_paths.items():
        if (path, backend) not in expected:
            report.add(relative, f"{field}.path", f"{path} → {backend} is not in the route table (IngressRoutes.swift)")


def publishing_scopes(document):
    """{app-id: [topics]} from a pub/sub component's publishingScopes."""
    for entry in document.get("spec", {}).get("metadata", []) or []:
        if entry.get("name") == "publishingScopes":
            scopes = {}
            for part in str(entry.get("value", "")).split(";"):
                if part.strip():
                    app, _, topics = part.partition("=")
                    scopes[app.strip()] = [t.strip() for t in topics.split(",") if t.strip()]
            return scopes
    return None


def _check_dapr_scopes(context, known):
    report = context.report
    for relative, document in _dapr_documents(context):
        kind = document.get("kind")
        for index, scope in enumerate(document.get("scopes", []) or []):
            if scope not in known:
                report.add(relative, f"scopes[{index}]", f"{scope!r} names no function (Functions/, staging/)")
        if kind == "Component":
            scopes = publishing_scopes(document) or {}
            for app in scopes:
                if app not in known:
                    report.add(relative, "spec.metadata[publishingScopes]", f"{app!r} names no function")
        if kind == "Configuration":
            policies = (document.get("spec", {}).get("accessControl", {}) or {}).get("policies", []) or []
            for index, policy in enumerate(policies):
                if policy.get("appId") not in known:
                    report.add(relative, f"spec.accessControl.policies[{index}].appId",
                               f"{policy.get('appId')!r} names no function")
        if kind == "Resiliency":
            apps = (document.get("spec", {}).get("targets", {}) or {}).get("apps", {}) or {}
            for app in apps:
                if app not in known:
                    report.add(relative, f"spec.targets.apps.{app}", f"{app!r} names no function")


TOPIC = re.compile(r'"([a-z][a-z0-9]*(?:-[a-z0-9]+)*-events)"')


def code_topics(context):
    """Topics named in the functions' code and the domain's topic catalogue."""
    files = glob.glob(context.path("Functions/**/*.swift"), recursive=True) + [
        context.path("Shared/TodoDomain/Events/TodoTopic.swift")]
    topics = set()
    dead_letters = False
    for path in files:
        text = _swift_strings(path)
        topics |= set(TOPIC.findall(text))
        dead_letters |= "-dead-letters" in text
    return topics, dead_letters


def kafka_topics(context):
    relative = "knative/base/kafka-topics.yaml"
    documents = context.documents(relative)
    containers = render.containers(documents[0]) if documents else []
    env = {e.get("name"): e.get("value") for c in containers for e in c.get("env", []) or []}
    return relative, set((env.get("TOPICS") or "").split())


def _check_topics(context):
    report = context.report
    topics, dead_letters = code_topics(context)
    publishers = {}
    pubsub_file = None
    for relative, document in _dapr_documents(context):
        scopes = publishing_scopes(document) if document.get("kind") == "Component" else None
        if scopes is not None:
            pubsub_file = relative
            for app, app_topics in scopes.items():
                for topic in app_topics:
                    publishers.setdefault(topic, []).append(app)
    if pubsub_file is None:
        report.add("dapr/components", "spec.metadata[publishingScopes]", "no pub/sub component declares publishers")
        return
    for topic in sorted(publishers):
        if topic not in topics:
            report.add(pubsub_file, "spec.metadata[publishingScopes]", f"topic {topic!r} is not used by the code")
    used = {}
    for topic in topics:
        used.setdefault(topic, ("Shared/TodoDomain/Events/TodoTopic.swift", "topics"))
    for relative, document in _dapr_documents(context):
        if document.get("kind") == "Subscription":
            spec = document.get("spec", {}) or {}
            used.setdefault(spec.get("topic"), (relative, "spec.topic"))
            if spec.get("deadLetterTopic"):
                used.setdefault(spec["deadLetterTopic"], (relative, "spec.deadLetterTopic"))
    relative_topics, created = kafka_topics(context)
    for topic in created:
        used.setdefault(topic, (relative_topics, "spec.template.spec.containers[0].env[TOPICS]"))
    for topic, (relative, field) in sorted(used.items()):
        if topic and not topic.endswith("-dead-letters") and topic not in publishers:
            report.add(relative, field, f"topic {topic!r}: no app publishes it ({pubsub_file} publishingScopes)")
    wanted = set(topics) | ({t + "-dead-letters" for t in topics} if dead_letters else set())
    wanted |= {t for t in used if t}
    for topic in sorted(wanted - created):
        report.add(relative_topics, "spec.template.spec.containers[0].env[TOPICS]", f"topic {topic!r} is not created")


def discovered_functions(context):
    """What .ci/functions (the images workflow's discovery) prints."""
    result = subprocess.run(["bash", context.path(".ci/functions")], cwd=context.root, capture_output=True, text=True)
    return sorted(result.stdout.split()) if result.returncode == 0 else None


def _check_images_workflow(context, live):
    report = context.report
    relative = ".github/workflows/images.yml"
    text = _swift_strings(context.path(relative)) if os.path.exists(context.path(relative)) else ""
    if ".ci/functions" not in text:
        report.add(relative, "jobs", "must discover the functions with .ci/functions, not list them")
    if "kustomize edit set image" not in text or "github.sha" not in text.replace("GITHUB_SHA", "github.sha"):
        report.add(relative, "jobs", "must tag images with the commit SHA and render with `kustomize edit set image`")
    for name in re.findall(r"\b([a-z]+(?:-[a-z]+)+)\b", text):
        if name in names.ALWAYS_UP | {"task-crud", "audit-log", "reminder-fire", "recurrence-generate", "ws-fanout"} \
                and name not in live:
            report.add(relative, "jobs", f"names {name!r}, which has no folder under Functions/")
    found = discovered_functions(context)
    if found != live:
        report.add(".ci/functions", "(output)", f"discovers {found}, the folders are {live}")


def _check_dockerfile(context):
    relative = "Functions/Dockerfile"
    if not os.path.exists(context.path(relative)):
        context.report.add(relative, "(file)", "missing: one image pattern for every function")
        return
    text = _swift_strings(context.path(relative))
    for needle, field in (("ARG FN", "ARG FN"), ("make release-function", "RUN"), ("FROM scratch", "FROM"),
                          ("USER 65532:65532", "USER")):
        if needle not in text:
            context.report.add(relative, field, f"must contain {needle!r}")
    makefile = _swift_strings(context.path("Makefile"))
    if not re.search(r"^RELEASE_ARGS :=.*--static-swift-stdlib", makefile, re.M):
        context.report.add("Makefile", "RELEASE_ARGS", "must build with --static-swift-stdlib")


def check_image_tags(context, relative, documents, checked_in=False):
    """Every image is <registry>/<fn>:<tag>: in rendered output the commit's (--image-tag, else the placeholder
    `dev`); in the checked-in overlays the placeholder or, after `kustomize edit set image`, the commit's."""
    want = context.image_tag or "dev"
    allowed = {want, "dev"} if checked_in else {want}
    for document in documents:
        for index, container in enumerate(render.containers(document)):
            if (document.get("apiVersion"), document.get("kind")) != KNATIVE:
                continue
            name, tag = render.split_image(container.get("image", ""))
            if tag not in allowed:
                field = f"{document.get('metadata', {}).get('name')}: spec.template.spec.containers[{index}].image"
                report_file = relative
                context.report.add(report_file, field, f"tag {tag!r} is not the commit's ({want!r}); set it with"
                                   " `kustomize edit set image` (images field)")


def check_overlay(context, overlay, relative, documents):
    report = context.report
    live = set(names.functions(context))
    for document in documents:
        if (document.get("apiVersion"), document.get("kind")) == KNATIVE:
            name = document.get("metadata", {}).get("name")
            image = (render.containers(document) or [{}])[0].get("image", "")
            if image.startswith(names.BASE_IMAGE.format(name) + ":") and overlay == "local":
                report.add(relative, "images", f"no entry for {names.BASE_IMAGE.format(name)} (kind's registry)")
            if name in live:
                names.check_service(context, f"{relative} (rendered {name})", name, document, image=image)
    check_image_tags(context, relative, documents, checked_in=True)
    secrets = {(d["metadata"]["name"], key) for d in documents if d.get("kind") == "Secret" for key in d.get("data", {})}
    if overlay == "cloud" and secrets:
        report.add(relative, "secretGenerator", "the cloud overlay must not carry secrets (deploy-cloud.yml creates them)")
    if overlay == "local":
        for missing in sorted(names.SECRET_LAYOUT - secrets):
            report.add(relative, "secretGenerator", f"no {missing[0]}/{missing[1]} (the secret layout)")


ALLOWED = [  # (kind, JSON path parts) the overlays may set differently; '*' is any list index
    ("Service", ["spec", "template", "spec", "containers", "*", "image"]),
    ("Service", ["spec", "template", "spec", "containers", "*", "resources"]),
    ("Service", ["spec", "template", "metadata", "annotations", "autoscaling.knative.dev/max-scale"]),
    ("Ingress", ["spec", "rules", "*", "host"]),
    ("Ingress", ["spec", "tls"]),
    ("Ingress", ["metadata", "annotations", "cert-manager.io/cluster-issuer"]),
    ("Job", ["spec", "template", "spec", "containers", "*", "env", "*", "value"]),
]


def _strip(document, parts):
    if not parts or document is None:
        return
    head, rest = parts[0], parts[1:]
    targets = range(len(document)) if head == "*" and isinstance(document, list) else [head]
    for key in targets:
        try:
            if not rest:
                if isinstance(document, dict):
                    document.pop(key, None)
                continue
            _strip(document[key], rest)
        except (KeyError, IndexError, TypeError):
            continue


def check_overlays_differ_only_where_allowed(context, local, cloud):
    def normalized(documents):
        out = {}
        for document in documents:
            if document.get("kind") == "Secret":
                continue
            document = copy.deepcopy(document)
            document.pop("__source__", None)
            for kind, parts in ALLOWED:
                if document.get("kind") == kind:
                    _strip(document, parts)
            out[(document.get("kind"), document.get("metadata", {}).get("name"))] = document
        return out
    a, b = normalized(local), normalized(cloud)
    for key in sorted(set(a) | set(b), key=str):
        if a.get(key) != b.get(key):
            context.report.add("knative/overlays", f"{key[0]} {key[1]}",
                               "local and cloud differ beyond images, hosts, replicas, resources and secrets")
