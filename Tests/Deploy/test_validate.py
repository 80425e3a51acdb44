"""The deployment validator on the real manifests, and on copies broken one way each: every bad input must fail
with a message that names the file and the field (make deploy-test)."""
import os
import shutil

import pytest
import yaml

import validate

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
SHARED = os.path.normpath(os.path.join(ROOT, "..", "shared"))
COPIED = ["Functions", "knative", "dapr", "staging", "stack.yml", ".github", ".ci/functions", "Makefile",
          "Shared/EmbeddedIngress/IngressRoutes.swift", "Shared/TodoDomain/Events/TodoTopic.swift",
          "Tools/todofn/Stack/StackFunctions.swift"]
SHA = "3f1c2b9e8d7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e"


@pytest.fixture
def repo(tmp_path):
    """A copy of the files the validator reads."""
    for relative in COPIED:
        source, target = os.path.join(ROOT, relative), tmp_path / relative
        if not os.path.exists(source):  # staging/ exists only while a function's folder has not landed
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if os.path.isdir(source):
            shutil.copytree(source, target)
        else:
            shutil.copy2(source, target)
    return tmp_path


def edit_yaml(path, change):
    with open(path) as handle:
        documents = list(yaml.safe_load_all(handle))
    change(documents)
    with open(path, "w") as handle:
        yaml.safe_dump_all(documents, handle, sort_keys=False)


def problems(root, **options):
    return validate.run(str(root), SHARED, **options)


def expect(found, file, field):
    hits = [p for p in found if p.startswith(file + ":") and field in p]
    assert hits, f"no problem naming {file} and {field}; got: {found}"


def container(documents):
    return documents[0]["spec"]["template"]["spec"]["containers"][0]


def test_the_repository_is_valid():
    assert problems(ROOT) == []


def test_the_repository_is_valid_with_the_commit_tag_set_as_the_images_workflow_does(repo):
    for overlay in ("local", "cloud"):
        def set_tags(documents):
            for image in documents[0]["images"]:
                image["newTag"] = SHA
        edit_yaml(repo / f"knative/overlays/{overlay}/kustomization.yaml", set_tags)
    assert problems(repo, image_tag=SHA) == []


def test_a_wrong_app_id_in_a_knative_service_fails(repo):
    def wrong(documents):
        container(documents)["env"][0]["value"] = "audit-logs"
    edit_yaml(repo / "knative/base/audit-log.yaml", wrong)
    expect(problems(repo), "knative/base/audit-log.yaml", "env[APP_ID]")


def test_a_wrong_app_id_in_dapr_shared_values_fails(repo):
    edit_yaml(repo / "knative/dapr-shared/task-crud.values.yaml",
              lambda d: d[0]["shared"].__setitem__("appId", "tasks"))
    expect(problems(repo), "knative/dapr-shared/task-crud.values.yaml", "shared.appId")


def test_a_wrong_app_id_in_stack_yml_fails(repo):
    edit_yaml(repo / "stack.yml",
              lambda d: d[0]["functions"]["audit-log"]["annotations"].__setitem__("dapr.io/app-id", "audit"))
    expect(problems(repo), "stack.yml", "functions.audit-log.annotations[dapr.io/app-id]")


def test_a_missing_probe_fails(repo):
    edit_yaml(repo / "knative/base/task-crud.yaml", lambda d: container(d).pop("livenessProbe"))
    expect(problems(repo), "knative/base/task-crud.yaml", "livenessProbe.httpGet.path")


def test_a_missing_tmp_volume_fails(repo):
    edit_yaml(repo / "knative/base/task-crud.yaml", lambda d: container(d).pop("volumeMounts"))
    expect(problems(repo), "knative/base/task-crud.yaml", "volumeMounts")


def test_a_scope_that_names_no_function_fails(repo):
    def add_typo(d):
        d[0]["scopes"].append("task-crd")
        add_typo.index = len(d[0]["scopes"]) - 1
    edit_yaml(repo / "dapr/components/outbox-relay-cron.yaml", add_typo)
    expect(problems(repo), "dapr/components/outbox-relay-cron.yaml", f"scopes[{add_typo.index}]")


def test_an_access_policy_that_names_no_function_fails(repo):
    edit_yaml(repo / "dapr/config.yaml",
              lambda d: d[1]["spec"]["accessControl"]["policies"][1].__setitem__("appId", "recurrence"))
    expect(problems(repo), "dapr/config.yaml", "spec.accessControl.policies[1].appId")


def test_a_topic_no_one_publishes_fails(repo):
    subscription = {"apiVersion": "dapr.io/v2alpha1", "kind": "Subscription", "metadata": {"name": "orphans"},
                    "spec": {"pubsubname": "todo-pubsub", "topic": "orphan-events", "routes": {"default": "/x"}},
                    "scopes": ["audit-log"]}
    (repo / "dapr/subscriptions").mkdir()
    (repo / "dapr/subscriptions/orphans.yaml").write_text(yaml.safe_dump(subscription))
    expect(problems(repo), "dapr/subscriptions/orphans.yaml", "spec.topic")


def test_a_published_topic_the_code_never_uses_fails(repo):
    def add(documents):
        for entry in documents[0]["spec"]["metadata"]:
            if entry["name"] == "publishingScopes":
                entry["value"] = entry["value"].replace("task-events,", "task-events,task-evnts,")
    edit_yaml(repo / "dapr/components/pubsub.yaml", add)
    expect(problems(repo), "dapr/components/pubsub.yaml", "publishingScopes")


def test_a_dead_letter_topic_not_created_fails(repo):
    def drop(documents):
        env = container(documents)["env"]
        env[2]["value"] = env[2]["value"].replace("task-events-dead-letters", "")
    edit_yaml(repo / "knative/base/kafka-topics.yaml", drop)
    expect(problems(repo), "knative/base/kafka-topics.yaml", "env[TOPICS]")


def test_an_image_tag_that_is_not_the_commits_fails(repo):
    def other_commit(documents):
        documents[0]["images"][0]["newTag"] = "0" * 40
    edit_yaml(repo / "knative/overlays/cloud/kustomization.yaml", other_commit)
    expect(problems(repo, image_tag=SHA), "knative/overlays/cloud/kustomization.yaml", "containers[0].image")


def test_a_latest_tag_in_an_overlay_fails(repo):
    edit_yaml(repo / "knative/overlays/local/kustomization.yaml",
              lambda d: d[0]["images"][1].__setitem__("newTag", "latest"))
    expect(problems(repo), "knative/overlays/local/kustomization.yaml", "containers[0].image")


def test_a_rendered_manifest_with_another_commits_tag_fails(repo, tmp_path_factory):
    rendered = tmp_path_factory.mktemp("rendered")
    service = yaml.safe_load(open(repo / "knative/base/task-crud.yaml"))
    service["spec"]["template"]["spec"]["containers"][0]["image"] = "ghcr.io/acme/task-crud:" + "0" * 40
    (rendered / "cloud.yaml").write_text(yaml.safe_dump(service))
    found = validate.run(str(ROOT), SHARED, image_tag=SHA, rendered=[str(rendered)])
    expect(found, str(rendered / "cloud.yaml"), "containers[0].image")


def test_a_function_folder_without_manifests_fails(repo):
    (repo / "Functions/label-sync").mkdir()
    (repo / "Functions/label-sync/main.swift").write_text("")
    found = problems(repo)
    expect(found, "Functions/label-sync", "knative/base/label-sync.yaml")
    expect(found, "stack.yml", "functions.label-sync")
    expect(found, "knative/dapr-shared/label-sync.values.yaml", "(file)")
    expect(found, "Tools/todofn/Stack/StackFunctions.swift", "StackFunctions.all")


def test_a_manifest_that_names_no_function_fails(repo):
    shutil.copy(repo / "knative/base/task-crud.yaml", repo / "knative/base/task-create.yaml")
    expect(problems(repo), "knative/base/task-create.yaml", "(file)")


def test_a_kustomization_missing_a_function_fails(repo):
    edit_yaml(repo / "knative/base/kustomization.yaml", lambda d: d[0]["resources"].remove("audit-log.yaml"))
    expect(problems(repo), "knative/base/kustomization.yaml", "resources")


def test_a_typo_fails_the_strict_knative_schema(repo):
    edit_yaml(repo / "knative/base/audit-log.yaml", lambda d: container(d).__setitem__("imagee", "x"))
    expect(problems(repo), "knative/base/audit-log.yaml", "spec.template.spec.containers[0]")


def test_a_bad_core_kind_fails_kubernetes_validate(repo):
    edit_yaml(repo / "knative/base/ingress/task-crud.yaml",
              lambda d: d[0]["spec"]["rules"][0]["http"]["paths"][0]["backend"].__setitem__("serviceName", "x"))
    found = problems(repo)
    expect(found, "knative/base/ingress/task-crud.yaml", "spec.rules[0].http.paths[0].backend")
    expect(found, "knative/overlays/local/kustomization.yaml (rendered from knative/base/ingress/task-crud.yaml)",
           "backend")


def test_an_ingress_path_outside_the_route_table_fails(repo):
    edit_yaml(repo / "knative/base/ingress/audit-log.yaml",
              lambda d: d[0]["spec"]["rules"][0]["http"]["paths"][0].__setitem__("path", "/audits"))
    found = problems(repo)
    expect(found, "knative/base/ingress/audit-log.yaml", "spec.rules[0].http.paths")


def test_a_sidecar_on_a_scale_to_zero_function_fails(repo):
    def sidecar(documents):
        documents[0]["spec"]["template"]["metadata"]["annotations"].update(
            {"dapr.io/enabled": "true", "dapr.io/app-id": "audit-log", "dapr.io/metrics-port": "9092"})
    edit_yaml(repo / "knative/base/audit-log.yaml", sidecar)
    expect(problems(repo), "knative/base/audit-log.yaml", "annotations[dapr.io/enabled]")


def test_overlays_that_differ_in_more_than_allowed_fail(repo):
    def patch(documents):
        documents[0]["patches"][1]["patch"] += "\n- op: replace\n  path: /spec/template/spec/timeoutSeconds\n  value: 5"
    edit_yaml(repo / "knative/overlays/cloud/kustomization.yaml", patch)
    expect(problems(repo), "knative/overlays", "Service task-crud")


def test_secrets_in_the_cloud_overlay_fail(repo):
    def add(documents):
        documents[0]["secretGenerator"] = [{"name": "todo-functions", "literals": ["database-url=x"],
                                            "options": {"disableNameSuffixHash": True}}]
    edit_yaml(repo / "knative/overlays/cloud/kustomization.yaml", add)
    expect(problems(repo), "knative/overlays/cloud/kustomization.yaml", "secretGenerator")


def test_an_invalid_workflow_fails(repo):
    path = repo / ".github/workflows/ci.yml"
    path.write_text(path.read_text().replace("runs-on: ubuntu-latest", "runs-onn: ubuntu-latest"))
    expect(problems(repo), ".github/workflows/ci.yml", "jobs")


def test_a_hand_listed_images_matrix_fails(repo):
    path = repo / ".github/workflows/images.yml"
    text = path.read_text().replace("${{ fromJSON(needs.discover.outputs.functions) }}", "[task-crud, ws-gateway]")
    path.write_text(text.replace(".ci/functions", "echo"))
    found = problems(repo)
    expect(found, ".github/workflows/images.yml", "jobs")
