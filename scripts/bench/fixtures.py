#!/usr/bin/env python3
"""Request bodies for scripts/bench.sh, written into DIR (the same every run, so runs compare).

  inject.json        a ~6 KB AdmissionReview of a Pod (three containers, env, probes, volumes)
  inject-cold.json   the same with BENCHSEQ placeholders in the pod's name, service account, a
                     label and an annotation; bench/wrk.lua replaces them per request so every
                     pod is distinct and the render cache (keyed by the injection values) misses
  worst.json         the worst-case pod: 50 containers with 30 env vars each (1,500)
  validate.json      an AuthorizationPolicy CREATE review for /validate
  validate-noop.json a DELETE review of it, which /validate allows without validating
  tiny.json          a minimal review, the body of the TLS handshake runs

Usage: fixtures.py DIR
"""
import json
import sys
from pathlib import Path


def review(uid, kind, resource, namespace, obj, operation="CREATE"):
    request = {
        "uid": uid,
        "kind": kind,
        "resource": resource,
        "namespace": namespace,
        "name": obj["metadata"].get("name", ""),
        "operation": operation,
        "userInfo": {"username": "system:serviceaccount:kube-system:replicaset-controller",
                     "groups": ["system:serviceaccounts", "system:authenticated"]},
    }
    if operation == "DELETE":
        request["oldObject"] = obj
    else:
        request["object"] = obj
    return {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": request}


POD_KIND = ({"group": "", "version": "v1", "kind": "Pod"}, {"group": "", "version": "v1", "resource": "pods"})


def container(name, image, env_count, port):
    return {
        "name": name,
        "image": image,
        "imagePullPolicy": "IfNotPresent",
        "ports": [{"name": "http", "containerPort": port, "protocol": "TCP"}],
        "env": [{"name": f"{name.upper().replace('-', '_')}_SETTING_{i}", "value": f"value-{i}-of-{name}"}
                for i in range(env_count)],
        "resources": {"requests": {"cpu": "250m", "memory": "256Mi"}, "limits": {"cpu": "1", "memory": "512Mi"}},
        "readinessProbe": {"httpGet": {"path": "/ready", "port": port}, "periodSeconds": 5},
        "livenessProbe": {"httpGet": {"path": "/healthz", "port": port}, "initialDelaySeconds": 10},
        "volumeMounts": [{"name": "config", "mountPath": "/etc/app"}, {"name": "cache", "mountPath": "/var/cache/app"}],
        "terminationMessagePath": "/dev/termination-log",
        "terminationMessagePolicy": "File",
    }


def pod(name, service_account, containers, label="storefront", annotation="3.4.1"):
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {
            "name": name,
            "namespace": "shop",
            "labels": {"app": label, "version": "v3", "pod-template-hash": "6d4f9b7c5"},
            "annotations": {"prometheus.io/scrape": "true", "prometheus.io/port": "9090",
                            "example.com/release": annotation},
            "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "storefront-6d4f9b7c5",
                                 "uid": "0d9c4a1e-3f36-4b59-9c63-5b8f21d0c0aa", "controller": True,
                                 "blockOwnerDeletion": True}],
        },
        "spec": {
            "serviceAccountName": service_account,
            "containers": containers,
            "volumes": [{"name": "config", "configMap": {"name": "storefront-config"}},
                        {"name": "cache", "emptyDir": {}}],
            "restartPolicy": "Always",
            "terminationGracePeriodSeconds": 30,
            "dnsPolicy": "ClusterFirst",
        },
    }


def typical_pod(name="storefront-6d4f9b7c5-x2x7q", service_account="storefront", label="storefront", annotation="3.4.1"):
    containers = [container("web", "registry.example.com/shop/storefront:3.4.1", 26, 8080),
                  container("worker", "registry.example.com/shop/worker:3.4.1", 18, 8081),
                  container("log-shipper", "fluent/fluent-bit:3.1", 6, 2020)]
    return pod(name, service_account, containers, label, annotation)


def worst_pod():
    containers = [container(f"c{i:02d}", f"registry.example.com/shop/part-{i}:1.0", 30, 8000 + i) for i in range(50)]
    return pod("worst-case-0", "storefront", containers)


def authorization_policy():
    return {
        "apiVersion": "security.istio.io/v1",
        "kind": "AuthorizationPolicy",
        "metadata": {"name": "productpage-viewer", "namespace": "bookinfo"},
        "spec": {
            "selector": {"matchLabels": {"app": "productpage"}},
            "action": "ALLOW",
            "rules": [{
                "from": [{"source": {"principals": ["cluster.local/ns/bookinfo/sa/bookinfo-gateway"]}}],
                "to": [{"operation": {"methods": ["GET", "HEAD"], "paths": ["/productpage", "/static/*"]}}],
                "when": [{"key": "request.headers[x-version]", "values": ["v1", "v2"]}],
            }],
        },
    }


AP_KIND = ({"group": "security.istio.io", "version": "v1", "kind": "AuthorizationPolicy"},
           {"group": "security.istio.io", "version": "v1", "resource": "authorizationpolicies"})


def bodies():
    seq = "BENCHSEQ"
    return {
        "inject.json": review("6f1c2a7e-0b1d-4c55-a3f0-bench-inject", *POD_KIND, "shop", typical_pod()),
        "inject-cold.json": review("6f1c2a7e-0b1d-4c55-a3f0-bench-cold", *POD_KIND, "shop",
                                   typical_pod(f"storefront-{seq}", f"sa-{seq}", f"app-{seq}", seq)),
        "worst.json": review("6f1c2a7e-0b1d-4c55-a3f0-bench-worst", *POD_KIND, "shop", worst_pod()),
        "validate.json": review("6f1c2a7e-0b1d-4c55-a3f0-bench-validate", *AP_KIND, "bookinfo", authorization_policy()),
        "validate-noop.json": review("6f1c2a7e-0b1d-4c55-a3f0-bench-delete", *AP_KIND, "bookinfo",
                                     authorization_policy(), "DELETE"),
        "tiny.json": review("6f1c2a7e-0b1d-4c55-a3f0-bench-tiny", *POD_KIND, "shop",
                            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "tiny"}}),
    }


def main(out):
    out.mkdir(parents=True, exist_ok=True)
    for name, body in bodies().items():
        (out / name).write_text(json.dumps(body, separators=(",", ":")))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
