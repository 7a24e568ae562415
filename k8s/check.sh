#!/usr/bin/env bash
# Offline checks of the Kubernetes manifests (no cluster needed):
#   1. every kustomization renders (base, overlays/dev, overlays/prod), so every listed file exists and parses;
#   2. the KafkaTopic resources are exactly deploy/local/topics.conf (names, partitions, retention.ms);
#   3. fleet invariants: each Deployment is non-root with a read-only root filesystem, drops ALL capabilities,
#      uses seccomp RuntimeDefault, has requests/limits, the three probes, a /tmp emptyDir, a Service, and the
#      gateway alone mounts the private identity key;
#   4. the overlays differ as they must (local accounts, secure cookie, replicas), and no Secret is rendered.
# Needs `kubectl` (its built-in kustomize) or `kustomize`, and python3 with PyYAML.
#   k8s/check.sh
set -euo pipefail
K8S_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$K8S_DIR/.." && pwd)
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

if command -v kustomize >/dev/null; then
  render() { kustomize build "$1"; }
elif command -v kubectl >/dev/null; then
  render() { kubectl kustomize "$1"; }
else
  echo "check.sh: needs kubectl or kustomize on PATH" >&2
  exit 2
fi
python3 -c 'import yaml' 2>/dev/null || { echo "check.sh: needs python3 with PyYAML (apt-get install python3-yaml)" >&2; exit 2; }

for dir in base overlays/dev overlays/prod; do
  render "$K8S_DIR/$dir" >"$OUT/${dir//\//-}.yaml"
  echo "rendered k8s/$dir"
done

python3 - "$OUT" "$REPO_DIR/deploy/local/topics.conf" <<'PY'
import sys, yaml

out, topics_conf = sys.argv[1], sys.argv[2]
failures = []

def fail(msg):
    failures.append(msg)

def load(name):
    with open(f"{out}/{name}.yaml") as f:
        return [d for d in yaml.safe_load_all(f) if d]

SERVICES = {"gateway-service": 8080, "chat-service": 8081, "llm-router-service": 8082,
            "recommender-service": 8083, "playlist-service": 8084, "ingestion-service": 8085,
            "insights-service": 8086}

expected_topics = {}
with open(topics_conf) as f:
    for line in f:
        line = line.split("#", 1)[0].strip()
        if line:
            name, partitions, retention = line.split()
            expected_topics[name] = (int(partitions), int(retention))

def env_of(container):
    return {e["name"]: e for e in container.get("env", [])}

for variant in ("base", "overlays-dev", "overlays-prod"):
    docs = load(variant)
    by_kind = {}
    for d in docs:
        by_kind.setdefault(d["kind"], {})[d["metadata"]["name"]] = d
        if d["kind"] == "Secret":
            fail(f"{variant}: renders a Secret ({d['metadata']['name']}); secrets are created by hand")
        if d["kind"] != "Namespace" and d["metadata"].get("namespace") != "echotune":
            fail(f"{variant}: {d['kind']}/{d['metadata']['name']} is not in namespace echotune")

    topics = {d["spec"].get("topicName", d["metadata"]["name"]): d for d in by_kind.get("KafkaTopic", {}).values()}
    if set(topics) != set(expected_topics):
        fail(f"{variant}: KafkaTopics {sorted(topics)} != topics.conf {sorted(expected_topics)}")
    for name, (partitions, retention) in expected_topics.items():
        t = topics.get(name)
        if not t:
            continue
        spec = t["spec"]
        if spec.get("partitions") != partitions:
            fail(f"{variant}: topic {name} partitions {spec.get('partitions')} != {partitions}")
        if int(spec.get("config", {}).get("retention.ms", "nan")) != retention:
            fail(f"{variant}: topic {name} retention.ms {spec.get('config', {}).get('retention.ms')} != {retention}")
        if spec.get("replicas") != 3:
            fail(f"{variant}: topic {name} replicas {spec.get('replicas')} != 3")
        if t["metadata"].get("labels", {}).get("strimzi.io/cluster") != "echotune-kafka":
            fail(f"{variant}: topic {name} is not labelled strimzi.io/cluster=echotune-kafka")

    deployments = by_kind.get("Deployment", {})
    services = by_kind.get("Service", {})
    if set(deployments) != set(SERVICES):
        fail(f"{variant}: Deployments {sorted(deployments)} != {sorted(SERVICES)}")
    for name, port in SERVICES.items():
        dep, svc = deployments.get(name), services.get(name)
        if not dep or not svc:
            fail(f"{variant}: {name} lacks a Deployment or a Service")
            continue
        if svc["spec"].get("type", "ClusterIP") != "ClusterIP" or svc["spec"]["ports"][0]["port"] != port:
            fail(f"{variant}: Service {name} is not ClusterIP on {port}")
        pod = dep["spec"]["template"]["spec"]
        psc = pod.get("securityContext", {})
        if not psc.get("runAsNonRoot") or psc.get("seccompProfile", {}).get("type") != "RuntimeDefault":
            fail(f"{variant}: {name} pod is not runAsNonRoot with seccomp RuntimeDefault")
        c = pod["containers"][0]
        csc = c.get("securityContext", {})
        if not csc.get("readOnlyRootFilesystem") or csc.get("allowPrivilegeEscalation") is not False \
                or csc.get("capabilities", {}).get("drop") != ["ALL"]:
            fail(f"{variant}: {name} container is not read-only / no-escalation / drop ALL")
        if c["ports"][0]["containerPort"] != port:
            fail(f"{variant}: {name} listens on {c['ports'][0]['containerPort']}, not {port}")
        for probe, path in (("startupProbe", "/q/health/started"), ("livenessProbe", "/q/health/live"),
                            ("readinessProbe", "/q/health/ready")):
            if c.get(probe, {}).get("httpGet", {}).get("path") != path:
                fail(f"{variant}: {name} {probe} is not {path}")
        res = c.get("resources", {})
        if not res.get("requests", {}).get("memory") or not res.get("limits", {}).get("memory"):
            fail(f"{variant}: {name} has no memory request/limit")
        env = env_of(c)
        heap = "-Xmx512m" if name == "ingestion-service" else "-Xmx256m"
        if heap not in env.get("JAVA_OPTS", {}).get("value", ""):
            fail(f"{variant}: {name} JAVA_OPTS lacks {heap}")
        ann = dep["spec"]["template"]["metadata"].get("annotations", {})
        if ann.get("prometheus.io/path") != "/q/metrics" or ann.get("prometheus.io/port") != str(port):
            fail(f"{variant}: {name} has no Prometheus scrape annotations for /q/metrics on {port}")
        mounts = {m["mountPath"]: m["name"] for m in c.get("volumeMounts", [])}
        volumes = {v["name"]: v for v in pod.get("volumes", [])}
        if "emptyDir" not in volumes.get(mounts.get("/tmp", ""), {}):
            fail(f"{variant}: {name} has no emptyDir on /tmp")
        identity = volumes.get(mounts.get("/etc/echotune/identity", ""), {}).get("secret", {})
        keys = [i["key"] for i in identity.get("items", [])]
        if name == "gateway-service":
            if keys != ["identity-private.pem"] or "ECHOTUNE_IDENTITY_PRIVATE_KEY_FILE" not in env:
                fail(f"{variant}: gateway must mount only the private identity key and name its file")
        elif keys != ["identity-public.pem"] or "ECHOTUNE_IDENTITY_PUBLIC_KEY_FILE" not in env:
            fail(f"{variant}: {name} must mount only the public identity key and name its file")
        if identity and identity.get("secretName") != "echotune-identity":
            fail(f"{variant}: {name} identity volume is not the echotune-identity Secret")

    for kind in ("PodDisruptionBudget",) + (("HorizontalPodAutoscaler",) if variant != "overlays-dev" else ()):
        if set(by_kind.get(kind, {})) != {"gateway-service", "chat-service", "recommender-service"}:
            fail(f"{variant}: {kind}s {sorted(by_kind.get(kind, {}))} are not gateway/chat/recommender")
    ingresses = by_kind.get("Ingress", {})
    backends = {p["backend"]["service"]["name"] for i in ingresses.values()
                for r in i["spec"]["rules"] for p in r["http"]["paths"]}
    if backends != {"gateway-service"}:
        fail(f"{variant}: the Ingress must reach the gateway only, reaches {sorted(backends)}")
    if "default-deny-ingress" not in by_kind.get("NetworkPolicy", {}):
        fail(f"{variant}: no default-deny-ingress NetworkPolicy")

    config = next(iter(by_kind.get("ConfigMap", {}).values()), {}).get("data", {})
    for svc_name, port in SERVICES.items():
        if svc_name == "gateway-service":
            continue
        var = "ECHOTUNE_" + svc_name.removesuffix("-service").upper().replace("-", "_") + "_URL"
        if config.get(var) != f"http://{svc_name}:{port}":
            fail(f"{variant}: echotune-config {var}={config.get(var)} does not point at Service {svc_name}")

    gw_env = env_of(deployments.get("gateway-service", {"spec": {"template": {"spec": {"containers": [{}]}}}})
                    ["spec"]["template"]["spec"]["containers"][0])
    if variant == "overlays-dev":
        if config.get("ECHOTUNE_LOCAL_ACCOUNTS_ENABLED") != "true":
            fail("dev: local accounts must be enabled")
        for name, dep in deployments.items():
            if dep["spec"].get("replicas") != 1:
                fail(f"dev: {name} must run one replica")
    if variant == "overlays-prod":
        if config.get("ECHOTUNE_LOCAL_ACCOUNTS_ENABLED") != "false":
            fail("prod: local accounts must be disabled")
        for var in ("ECHOTUNE_GATEWAY_SESSION_SECURE_COOKIE", "QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING",
                    "QUARKUS_HTTP_PROXY_ENABLE_FORWARDED_HOST"):
            if gw_env.get(var, {}).get("value") != "true":
                fail(f"prod: gateway {var} must be true")
        for name, hpa in by_kind.get("HorizontalPodAutoscaler", {}).items():
            if hpa["spec"]["minReplicas"] < 2:
                fail(f"prod: {name} must keep at least 2 replicas")

for f in failures:
    print("FAIL:", f)
if failures:
    sys.exit(1)
print(f"all checks passed ({len(expected_topics)} topics, {len(SERVICES)} services, base + dev + prod)")
PY
