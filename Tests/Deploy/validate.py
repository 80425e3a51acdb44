#!/usr/bin/env python3
"""Validates the cluster path offline: every manifest against its schema, the overlays rendered, the workflows, and
one name per function across folders, manifests, code and workflows (names.py).

  python3 Tests/Deploy/validate.py [--root .] [--shared ../shared] [--image-tag <commit sha>] [--rendered DIR...]

Each problem is one line `<file>: <field>: <what is wrong>`; exit status 1 when there is any.
Schemas: Knative and Dapr kinds against ../shared/schemas/*-strict.json (draft-07); core kinds with
kubernetes-validate (strict, its bundled schemas: no network); workflows with check-jsonschema's vendored
`vendor.github-workflows` schema (no network). `--image-tag` is the images workflow's check that the rendered
manifests run the commit's images; without it the checked-in overlays must carry the placeholder tag `dev`.
"""
import argparse
import glob
import json
import os
import subprocess
import sys

import jsonschema
import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import names  # noqa: E402
import render  # noqa: E402

KUBERNETES_VERSION = "1.32.0"
PLACEHOLDER_TAG = "dev"
DAPR_SCHEMAS = {
    ("dapr.io/v1alpha1", "Component"): "dapr-component-v1alpha1",
    ("dapr.io/v1alpha1", "Subscription"): "dapr-subscription-v1alpha1",
    ("dapr.io/v2alpha1", "Subscription"): "dapr-subscription-v2alpha1",
    ("dapr.io/v1alpha1", "Resiliency"): "dapr-resiliency-v1alpha1",
    ("dapr.io/v1alpha1", "Configuration"): "dapr-configuration-v1alpha1",
    ("dapr.io/v1alpha1", "HTTPEndpoint"): "dapr-httpendpoint-v1alpha1",
    ("serving.knative.dev/v1", "Service"): "knative-serving-service-v1",
}


class Report:
    """The problems found, each naming its file and field."""

    def __init__(self):
        self.problems = []

    def add(self, file, field, message):
        self.problems.append(f"{file}: {field}: {message}")


class Context:
    """The repository being checked and what the checks share."""

    def __init__(self, root, shared, image_tag=None):
        self.root = os.path.abspath(root)
        self.shared = os.path.abspath(shared)
        self.image_tag = image_tag
        self.report = Report()
        self._schemas = {}

    def path(self, *parts):
        return os.path.join(self.root, *parts)

    def rel(self, path):
        return os.path.relpath(path, self.root)

    def documents(self, relative):
        """The YAML documents of a file, or [] with a problem when it cannot be read."""
        try:
            return render.load_documents(self.path(relative))
        except (OSError, yaml.YAMLError) as error:
            self.report.add(relative, "(file)", f"cannot be read: {error}")
            return []

    def schema(self, name):
        if name not in self._schemas:
            with open(os.path.join(self.shared, "schemas", name + "-strict.json")) as handle:
                self._schemas[name] = json.load(handle)
        return self._schemas[name]


def _field(path):
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(document)"


def validate_document(context, document, source):
    """One manifest against its schema: Knative/Dapr from ../shared/schemas (strict), the rest with kubernetes-validate."""
    document = {k: v for k, v in document.items() if k != "__source__"}
    key = (document.get("apiVersion"), document.get("kind"))
    label = f"{key[1]} {document.get('metadata', {}).get('name', '?')}"
    if key in DAPR_SCHEMAS:
        validator = jsonschema.Draft7Validator(context.schema(DAPR_SCHEMAS[key]))
        for error in sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path)):
            context.report.add(source, _field(error.absolute_path), f"{label}: {error.message}")
        return
    import kubernetes_validate

    try:
        kubernetes_validate.validate(document, KUBERNETES_VERSION, strict=True)
    except kubernetes_validate.ValidationError as error:
        context.report.add(source, _field(error.absolute_path), f"{label}: {error.message}")
    except kubernetes_validate.SchemaNotFoundError:
        context.report.add(source, "apiVersion/kind", f"{label}: no schema for {key[0]} {key[1]}")


def validate_files(context):
    """Every manifest file under knative/, dapr/ and staging/, and stack.yml's shape."""
    patterns = ["knative/base/**/*.yaml", "dapr/**/*.yaml", "staging/knative/base/**/*.yaml",
                "staging/dapr/**/*.yaml"]
    for pattern in patterns:
        for path in sorted(glob.glob(context.path(pattern), recursive=True)):
            relative = context.rel(path)
            if os.path.basename(path) == "kustomization.yaml":
                continue
            for document in context.documents(relative):
                validate_document(context, document, relative)
    for relative in ["stack.yml", "staging/stack.yml"]:
        if not os.path.exists(context.path(relative)):
            continue
        for stack in context.documents(relative):
            if str(stack.get("version")) != "1.0":
                context.report.add(relative, "version", "must be 1.0 (OpenFaaS stack.yml)")
            if stack.get("provider", {}).get("name") != "openfaas":
                context.report.add(relative, "provider.name", "must be openfaas")


def validate_workflows(context):
    """.github/workflows/*.yml against the GitHub workflow schema vendored in check-jsonschema (offline)."""
    files = sorted(glob.glob(context.path(".github/workflows/*.yml")))
    if not files:
        context.report.add(".github/workflows", "(folder)", "no workflows")
        return
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
         "--disable-formats", "*", "-o", "json", *files],
        capture_output=True, text=True)
    if result.returncode == 0:
        return
    try:
        errors = json.loads(result.stdout).get("errors", [])
    except json.JSONDecodeError:
        errors = [{"filename": ".github/workflows", "path": "(file)", "message": (result.stdout + result.stderr).strip()}]
    for error in errors:
        filename = error.get("filename", ".github/workflows")
        relative = context.rel(filename) if os.path.isabs(filename) else filename
        context.report.add(relative, error.get("path", "(file)"), error.get("message", "invalid"))


def validate_overlays(context, rendered_extra=()):
    """Each overlay rendered, every document validated, images and secrets checked (names.check_overlay)."""
    overlays = sorted(glob.glob(context.path("knative/overlays/*/kustomization.yaml")))
    if {os.path.basename(os.path.dirname(p)) for p in overlays} != {"local", "cloud"}:
        context.report.add("knative/overlays", "(folder)", "needs exactly the overlays local and cloud")
    rendered = {}
    for path in overlays:
        overlay = os.path.dirname(path)
        name = os.path.basename(overlay)
        try:
            documents = render.render(overlay, context.root)
        except render.RenderError as error:
            context.report.add(context.rel(path), "(render)", str(error))
            continue
        except (OSError, yaml.YAMLError) as error:
            context.report.add(context.rel(path), "(render)", f"cannot be rendered: {error}")
            continue
        for document in documents:
            validate_document(context, document, f"{context.rel(path)} (rendered from {document['__source__']})")
        names.check_overlay(context, name, context.rel(path), documents)
        rendered[name] = documents
    if len(rendered) == 2:
        names.check_overlays_differ_only_where_allowed(context, rendered["local"], rendered["cloud"])
    for directory in rendered_extra:
        for path in sorted(glob.glob(os.path.join(directory, "*.yaml"))):
            for document in render.load_documents(path):
                validate_document(context, document, path)
                names.check_image_tags(context, path, [document])


def run(root, shared, image_tag=None, rendered=()):
    context = Context(root, shared, image_tag)
    validate_files(context)
    validate_overlays(context, rendered)
    validate_workflows(context)
    names.check(context)
    return context.report.problems


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default_root = os.path.normpath(os.path.join(here, "..", ".."))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", default=default_root)
    parser.add_argument("--shared", default=None, help="the shared folder (default: <root>/../shared)")
    parser.add_argument("--image-tag", default=None, help="every rendered image must carry this tag")
    parser.add_argument("--rendered", nargs="*", default=[], help="folders of `kustomize build` output to check too")
    arguments = parser.parse_args()
    shared = arguments.shared or os.path.join(arguments.root, "..", "shared")
    problems = run(arguments.root, shared, arguments.image_tag, arguments.rendered)
    for problem in problems:
        print(problem)
    print(f"validate.py: {len(problems)} problem(s)" if problems else "validate.py: manifests OK", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
