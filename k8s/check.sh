#!/usr/bin/env bash
# Offline checks of the Kubernetes manifests (no cluster needed):
#   1. every kustomization renders (base, overlays/dev, overlays/prod), so every listed file exists and parses;
#   2. the KafkaTopic resources are exactly deploy/local/topics.conf (names, partitions, retention.ms);
#   3. fleet invariants: each Deployment is non-root with a read-only root filesystem, drops ALL capabilities,
#      uses seccomp RuntimeDefault, has requests/limits, the three probes, a /tmp emptyDir, a Service, and the
#      gateway alone mounts the private identity key;
#   4. the overlays differ as they must (local accounts, secure cookie, replicas), and no Secret is rendered;
#   5. internal trust (security issue #15), in every rendering:
#      - NetworkPolicies: default deny for ingress AND egress; each Deployment reachable exactly from its callers
#        (CALLS below), the gateway only from the ingress controller, metrics only from "monitoring"; each store
#        reachable only from the services that use it (STORE_USERS); internet (443, public addresses only) only
#        from the three services that call outside APIs;
#      - Kafka: one KafkaUser per Kafka-using service, SCRAM-SHA-512, simple authorization, literal ACLs equal
#        to KAFKA_ACLS (docs/events.md); each such Deployment uses SASL_SSL + SCRAM-SHA-512 with the JAAS config
#        from its own KafkaUser's Secret and trusts a mounted CA; no "PLAINTEXT" anywhere; bootstrap on 9093;
#      - Redis: the ConfigMap holds no Redis URL; each Redis-using Deployment reads its own rediss:// URL from
#        its echotune-redis-<service> Secret; any literal Redis URL anywhere must be rediss://;
#      - secrets only as references: no literal value for a secret-looking variable, no credentials in a URL;
#      - Kubernetes keeps quarkus.http.host at its 0.0.0.0 default (loopback is only for the local stack).
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
import re, sys, yaml

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

# Who calls whom over HTTP (docs/architecture.md; recommender -> llm-router is quarkus.rest-client.llm-router).
CALLS = {"gateway-service": {"chat-service", "llm-router-service", "recommender-service", "playlist-service",
                             "ingestion-service", "insights-service"},
         "chat-service": {"llm-router-service", "recommender-service", "playlist-service", "insights-service"},
         "recommender-service": {"llm-router-service"},
         # prompt playlists (recommender) and Spotify saves (the gateway's internal access-token endpoint)
         "playlist-service": {"recommender-service", "gateway-service"}}
INGRESS_CONTROLLER = "ns:ingress-nginx/app.kubernetes.io/name=ingress-nginx"
MONITORING = "ns:monitoring"
# Which services use which store (docs/architecture.md), by the egress policy that opens it.
STORE_USERS = {"postgres-egress": {"gateway-service", "chat-service", "playlist-service", "ingestion-service"},
               "mongodb-egress": {"llm-router-service", "recommender-service", "ingestion-service",
                                  "insights-service", "playlist-service"},
               "redis-egress": {"gateway-service", "llm-router-service", "ingestion-service", "insights-service"},
               "kafka-egress": {"gateway-service", "chat-service", "llm-router-service", "recommender-service",
                                "playlist-service", "ingestion-service", "insights-service"}}
INTERNET_USERS = {"gateway-service", "llm-router-service", "ingestion-service", "playlist-service"}
# Kafka principal -> (its service, {topic: operations}, {consumer groups}); docs/events.md.
RW, R, W = {"Describe", "Read", "Write"}, {"Describe", "Read"}, {"Describe", "Write"}
KAFKA_ACLS = {
    "echotune-ingestion": ("ingestion-service",
                           {"echotune.listening-events": RW, "echotune.import-events": RW,
                            "echotune.enrichment-requests": RW, "echotune.track-features": W,
                            "echotune.user-events": R, "echotune.erasure-reports": W},
                           {"ingestion-history-writer", "ingestion-enrichment-requester", "ingestion-enrichment",
                            "ingestion-erasure"}),
    "echotune-recommender": ("recommender-service",
                             {"echotune.listening-events": R, "echotune.import-events": R,
                              "echotune.track-features": R, "echotune.user-events": R,
                              "echotune.feedback-events": W, "echotune.erasure-reports": W},
                             {"recommender-taste", "recommender-catalog", "recommender-erasure"}),
    "echotune-insights": ("insights-service",
                          {"echotune.import-events": R, "echotune.user-events": R, "echotune.track-features": R,
                           "echotune.erasure-reports": W},
                          {"insights-cache"}),
    # account erasure (docs/privacy.md): only the gateway writes user-events; the others only report
    "echotune-gateway": ("gateway-service", {"echotune.user-events": RW, "echotune.erasure-reports": R},
                         {"gateway-erasure"}),
    "echotune-chat": ("chat-service", {"echotune.user-events": R, "echotune.erasure-reports": W}, {"chat-erasure"}),
    "echotune-llm-router": ("llm-router-service", {"echotune.user-events": R, "echotune.erasure-reports": W},
                            {"llm-router-erasure"}),
    "echotune-playlist": ("playlist-service", {"echotune.user-events": R, "echotune.erasure-reports": W},
                          {"playlist-erasure"}),
}
REDIS_USERS = STORE_USERS["redis-egress"]
SECRET_NAME = re.compile(r"(PASSWORD|SECRET|TOKEN|JAAS|API_KEY|CREDENTIAL|_KEY$|_URI$|REDIS_URL)")
URL_CREDENTIALS = re.compile(r"[a-z][a-z0-9+.-]*://[^/@\s:]*:[^/@\s]+@", re.I)


def selects(selector, labels):
    """Kubernetes label-selector semantics (matchLabels + matchExpressions); {} selects everything."""
    selector = selector or {}
    if any(labels.get(k) != v for k, v in (selector.get("matchLabels") or {}).items()):
        return False
    for e in selector.get("matchExpressions") or []:
        value, present = labels.get(e["key"]), e["key"] in labels
        op = e["operator"]
        if (op == "In" and value not in e["values"]) or (op == "NotIn" and value in e["values"]) \
                or (op == "Exists" and not present) or (op == "DoesNotExist" and present):
            return False
    return True


def peer_names(peer, pods):
    """What a NetworkPolicy peer admits: EchoTune services by name, or a descriptor of an outside peer."""
    if "ipBlock" in peer:
        return {"ip:" + peer["ipBlock"]["cidr"]}
    if "namespaceSelector" in peer:
        ns = (peer["namespaceSelector"].get("matchLabels") or {}).get("kubernetes.io/metadata.name", "ANY")
        pod = ",".join(f"{k}={v}" for k, v in sorted((peer.get("podSelector", {}).get("matchLabels") or {}).items()))
        return {f"ns:{ns}" + (f"/{pod}" if pod else "")}
    return {name for name, labels in pods.items() if selects(peer.get("podSelector"), labels)}


def all_strings(node, path=""):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from all_strings(v, f"{path}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from all_strings(v, f"{path}[{i}]")
    elif isinstance(node, str):
        yield path, node


def check_internal_trust(variant, by_kind, config):
    deployments = by_kind.get("Deployment", {})
    pods = {n: d["spec"]["template"]["metadata"].get("labels", {}) for n, d in deployments.items()}
    policies = by_kind.get("NetworkPolicy", {})
    for kind in ("Ingress", "Egress"):
        deny = policies.get(f"default-deny-{kind.lower()}")
        if not deny or deny["spec"].get("podSelector") != {} or deny["spec"].get("policyTypes") != [kind] \
                or deny["spec"].get(kind.lower()):
            fail(f"{variant}: no default-deny-{kind.lower()} NetworkPolicy selecting every pod")

    callers = {s: {c for c, callees in CALLS.items() if s in callees} for s in SERVICES}
    for name, labels in pods.items():
        port = SERVICES.get(name)
        admitted, reaches, opened = set(), set(), set()
        for pname, pol in policies.items():
            spec = pol["spec"]
            if not selects(spec.get("podSelector"), labels):
                continue
            for rule in spec.get("ingress") or []:
                if not rule.get("from"):
                    fail(f"{variant}: NetworkPolicy {pname} admits anyone to {name}")
                if [p.get("port") for p in rule.get("ports") or [{}]] not in (["http"], [port]):
                    fail(f"{variant}: NetworkPolicy {pname} opens {name} beyond its http port")
                for peer in rule.get("from") or []:
                    admitted |= peer_names(peer, pods)
            for rule in spec.get("egress") or []:
                ports = {(p.get("protocol", "TCP"), p.get("port")) for p in rule.get("ports") or []}
                if not rule.get("to") or not ports:
                    fail(f"{variant}: NetworkPolicy {pname} lets {name} reach anything (no 'to' or no ports)")
                    continue
                for peer in rule["to"]:
                    targets = peer_names(peer, pods)
                    if ports <= {("UDP", 53), ("TCP", 53)}:
                        continue                                   # DNS
                    if ports == {("TCP", "http")} and "namespaceSelector" not in peer and "ipBlock" not in peer:
                        reaches |= targets                         # an EchoTune service's http port
                    elif pname in STORE_USERS:
                        if peer.get("ipBlock", {}).get("cidr", "").endswith("/0") or "namespaceSelector" in peer \
                                and not (peer["namespaceSelector"].get("matchLabels") or {}):
                            fail(f"{variant}: NetworkPolicy {pname} opens its store port to every address")
                        opened.add(pname)
                    elif pname == "internet-https-egress" and ports == {("TCP", 443)} \
                            and peer.get("ipBlock", {}).get("cidr") == "0.0.0.0/0" \
                            and {"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16"} \
                            <= set(peer["ipBlock"].get("except", [])):
                        opened.add(pname)
                    else:
                        fail(f"{variant}: NetworkPolicy {pname} lets {name} reach {sorted(targets)} {sorted(ports)},"
                             " which no rule of check.sh expects")
        expected_from = {MONITORING} | callers[name] | ({INGRESS_CONTROLLER} if name == "gateway-service" else set())
        if admitted != expected_from:
            fail(f"{variant}: {name} is reachable from {sorted(admitted)}, expected {sorted(expected_from)}")
        if reaches != CALLS.get(name, set()):
            fail(f"{variant}: {name} may call {sorted(reaches)}, expected {sorted(CALLS.get(name, set()))}")
        expected_open = {p for p, users in STORE_USERS.items() if name in users} \
            | ({"internet-https-egress"} if name in INTERNET_USERS else set())
        if opened != expected_open:
            fail(f"{variant}: {name} may reach {sorted(opened)}, expected {sorted(expected_open)}")

    # Kafka: a principal per service, ACLs exactly as documented, TLS + SCRAM on every client, no PLAINTEXT.
    users = by_kind.get("KafkaUser", {})
    if set(users) != set(KAFKA_ACLS):
        fail(f"{variant}: KafkaUsers {sorted(users)} != {sorted(KAFKA_ACLS)}")
    for uname, (service, topic_ops, groups) in KAFKA_ACLS.items():
        spec = users.get(uname, {}).get("spec", {})
        if not spec:
            continue
        if users[uname]["metadata"].get("labels", {}).get("strimzi.io/cluster") != "echotune-kafka":
            fail(f"{variant}: KafkaUser {uname} is not labelled strimzi.io/cluster=echotune-kafka")
        if spec.get("authentication", {}).get("type") != "scram-sha-512":
            fail(f"{variant}: KafkaUser {uname} does not authenticate with scram-sha-512")
        if spec.get("authorization", {}).get("type") != "simple":
            fail(f"{variant}: KafkaUser {uname} has no simple (ACL) authorization")
        got_topics, got_groups = {}, set()
        for acl in spec.get("authorization", {}).get("acls", []):
            res = acl["resource"]
            if res.get("patternType", "literal") != "literal" or res.get("name") in (None, "*"):
                fail(f"{variant}: KafkaUser {uname} has a wildcard/prefix ACL on {res}")
            if acl.get("type", "allow") != "allow" or acl.get("host", "*") != "*":
                fail(f"{variant}: KafkaUser {uname} ACL {res} is not a plain allow rule")
            ops = set(acl.get("operations") or [acl.get("operation")])
            if res["type"] == "topic":
                got_topics.setdefault(res["name"], set()).update(ops)
            elif res["type"] == "group" and ops == {"Read"}:
                got_groups.add(res["name"])
            else:
                fail(f"{variant}: KafkaUser {uname} has an unexpected ACL {res} {sorted(ops)}")
        if got_topics != topic_ops:
            fail(f"{variant}: KafkaUser {uname} topic ACLs {got_topics} != {topic_ops}")
        if got_groups != groups:
            fail(f"{variant}: KafkaUser {uname} group ACLs {sorted(got_groups)} != {sorted(groups)}")
        unknown = set(got_topics) - set(expected_topics)
        if unknown:
            fail(f"{variant}: KafkaUser {uname} names topics not in topics.conf: {sorted(unknown)}")
    kafka_services = {service: uname for uname, (service, _, _) in KAFKA_ACLS.items()}
    if not config.get("ECHOTUNE_KAFKA_BOOTSTRAP", "").endswith(":9093"):
        fail(f"{variant}: ECHOTUNE_KAFKA_BOOTSTRAP {config.get('ECHOTUNE_KAFKA_BOOTSTRAP')} is not the TLS listener 9093")

    for name, dep in deployments.items():
        pod = dep["spec"]["template"]["spec"]
        c = pod["containers"][0]
        env = env_of(c)
        kafka_env = {k for k in env if k.startswith("KAFKA_")}
        if name in kafka_services:
            if env.get("KAFKA_SECURITY_PROTOCOL", {}).get("value") != "SASL_SSL" \
                    or env.get("KAFKA_SASL_MECHANISM", {}).get("value") != "SCRAM-SHA-512":
                fail(f"{variant}: {name} does not use Kafka SASL_SSL with SCRAM-SHA-512")
            ref = env.get("KAFKA_SASL_JAAS_CONFIG", {}).get("valueFrom", {}).get("secretKeyRef", {})
            if ref.get("name") != kafka_services[name] or ref.get("key") != "sasl.jaas.config":
                fail(f"{variant}: {name} KAFKA_SASL_JAAS_CONFIG is not sasl.jaas.config of Secret {kafka_services[name]}")
            store = env.get("KAFKA_SSL_TRUSTSTORE_LOCATION", {}).get("value", "")
            mounts = {m["mountPath"]: m["name"] for m in c.get("volumeMounts", [])}
            volumes = {v["name"]: v for v in pod.get("volumes", [])}
            mount = next((p for p in mounts if store.startswith(p.rstrip("/") + "/")), None)
            if env.get("KAFKA_SSL_TRUSTSTORE_TYPE", {}).get("value") != "PEM" or not mount \
                    or "secret" not in volumes.get(mounts[mount], {}):
                fail(f"{variant}: {name} does not trust the Kafka CA from a mounted Secret (PEM truststore)")
        elif kafka_env:
            fail(f"{variant}: {name} has no KafkaUser but sets {sorted(kafka_env)}")

        redis = env.get("ECHOTUNE_REDIS_URL")
        short = name.removesuffix("-service")
        if name in REDIS_USERS:
            ref = (redis or {}).get("valueFrom", {}).get("secretKeyRef", {})
            if ref.get("name") != f"echotune-redis-{short}" or ref.get("key") != "ECHOTUNE_REDIS_URL" \
                    or ref.get("optional"):
                fail(f"{variant}: {name} must read ECHOTUNE_REDIS_URL from its own Secret echotune-redis-{short}")
        elif redis:
            fail(f"{variant}: {name} does not use Redis but sets ECHOTUNE_REDIS_URL")

        host = env.get("QUARKUS_HTTP_HOST", {}).get("value", "0.0.0.0")
        if host != "0.0.0.0":
            fail(f"{variant}: {name} sets QUARKUS_HTTP_HOST={host}; pods must listen on 0.0.0.0")
        for var, e in env.items():
            if SECRET_NAME.search(var) and not var.endswith("_FILE") and "value" in e:
                fail(f"{variant}: {name} sets {var} to a literal value; secrets come from secretKeyRef only")

    if "ECHOTUNE_REDIS_URL" in config:
        fail(f"{variant}: echotune-config holds ECHOTUNE_REDIS_URL; each service's rediss:// URL is a Secret")
    for d in by_kind.get("ConfigMap", {}).values():
        for var in d.get("data", {}):
            if SECRET_NAME.search(var) and var != "ECHOTUNE_MONGODB_URI":
                fail(f"{variant}: ConfigMap {d['metadata']['name']} holds the secret-looking key {var}")
    for docs_of_kind in by_kind.values():
        for d in docs_of_kind.values():
            where = f"{d['kind']}/{d['metadata']['name']}"
            for path, text in all_strings(d):
                if "PLAINTEXT" in text.upper():
                    fail(f"{variant}: {where}{path} uses a plaintext Kafka protocol: {text}")
                if re.search(r"\bredis://", text, re.I):
                    fail(f"{variant}: {where}{path} holds a plain redis:// URL (TLS only: rediss://)")
                if URL_CREDENTIALS.search(text):
                    fail(f"{variant}: {where}{path} holds a URL with credentials")


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
    check_internal_trust(variant, by_kind, config)
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
print(f"all checks passed ({len(expected_topics)} topics, {len(SERVICES)} services, {len(KAFKA_ACLS)} Kafka users, "
      f"{len(REDIS_USERS)} Redis users, base + dev + prod)")
PY
