#!/usr/bin/env python3
"""results.json and results.md of scripts/bench.sh, from its measurement lines.

Usage: report.py MEASUREMENTS RUN_FACTS PROXY_JSON RESULTS_JSON RESULTS_MD

MEASUREMENTS holds one JSON object a line: {"figure", "round", ...} with "wrk" (bench/wrk.lua's
line), "handshakes"/"elapsed_ns"/"server_cpu_us", "ceiling" ({"provider", "per_s", "issuance_per_s"}), "ms" or
"mb". Every key below is computed per round, from the figures of that round only (a ratio never
mixes rounds), and results.json holds its median under the key, plus "<key>.min" and "<key>.max"
when there was more than one round. Figures measured once (start-up, RSS) have the key only.
"errors.<figure>" counts non-2xx answers and socket errors when there were any; "run.*" are
facts of the run (provider, TLS, JVM options, load average). PROXY_JSON (scripts/bench-mesh.sh,
as root) is merged as it is when it exists.
"""
import json
import statistics
import sys
from pathlib import Path


def rounds(path):
    """{round: {figure: measurement}}"""
    result = {}
    for line in Path(path).read_text().splitlines():
        if line.strip():
            m = json.loads(line)
            result.setdefault(m["round"], {})[m["figure"]] = m
    return result


def rps(figure):
    def value(r):
        w = r.get(figure, {}).get("wrk")
        return w["requests"] / (w["duration_us"] / 1e6) if w and w["duration_us"] else None
    return value


def latency(figure, percentile):
    def value(r):
        w = r.get(figure, {}).get("wrk")
        return w[f"p{percentile}_us"] / 1000 if w else None
    return value


def handshakes_per_s(figure):
    def value(r):
        m = r.get(figure)
        return m["handshakes"] / (m["elapsed_ns"] / 1e9) if m and m["elapsed_ns"] else None
    return value


def cpu_per_handshake_us(figure):
    def value(r):
        m = r.get(figure)
        return m["server_cpu_us"] / m["handshakes"] if m and m["handshakes"] else None
    return value


def ceiling(r):
    m = r.get("ceiling")
    return m["ceiling"]["per_s"] if m else None


def inprocess_issuance(r):
    m = r.get("ceiling")
    return m["ceiling"].get("issuance_per_s") if m else None


def single(figure, field):
    def value(r):
        m = r.get(figure)
        return m[field] if m else None
    return value


def ratio(top, bottom):
    def value(r):
        a, b = top(r), bottom(r)
        return a / b if a is not None and b else None
    return value


# every key of results.json (besides run.*, errors.* and proxy.*): how one round gives its value
KEYS = {
    "inject.rps": rps("inject"),
    "inject.p50_ms": latency("inject", 50),
    "inject.p99_ms": latency("inject", 99),
    "inject.baseline_rps": rps("noop"),
    "inject.ratio": ratio(rps("inject"), rps("noop")),
    "inject.nginx_rps": rps("nginx"),
    "inject.nginx_ratio": ratio(rps("inject"), rps("nginx")),
    "inject_c1.p50_ms": latency("inject_c1", 50),
    "inject_c1.p99_ms": latency("inject_c1", 99),
    "inject_c1.baseline_p50_ms": latency("noop_c1", 50),
    "inject_c1.nginx_p50_ms": latency("nginx_c1", 50),
    "inject_cold.rps": rps("inject_cold"),
    "inject_cold.p50_ms": latency("inject_cold", 50),
    "inject_cold.p99_ms": latency("inject_cold", 99),
    "inject_cold.ratio": ratio(rps("inject_cold"), rps("noop")),
    "validate.rps": rps("validate"),
    "validate.p99_ms": latency("validate", 99),
    "validate.baseline_rps": rps("validate_noop"),
    "validate.ratio": ratio(rps("validate"), rps("validate_noop")),
    "stack.noop_rps": rps("noop"),
    "stack.nginx_rps": rps("nginx"),
    "stack.nginx_ratio": ratio(rps("noop"), rps("nginx")),
    "ca.issuance_per_s": rps("ca"),
    "ca.p50_ms": latency("ca", 50),
    "ca.p99_ms": latency("ca", 99),
    "ca.ceiling_per_s": ceiling,
    "ca.ratio": ratio(rps("ca"), ceiling),
    "ca.inprocess_per_s": inprocess_issuance,
    "ca.inprocess_ratio": ratio(inprocess_issuance, ceiling),
    "worst_case_pod_ms": latency("worst", 50),
    "tls.handshakes_per_s": handshakes_per_s("tls_webhook"),
    "tls.server_cpu_us": cpu_per_handshake_us("tls_webhook"),
    "tls.nginx_handshakes_per_s": handshakes_per_s("tls_nginx"),
    "tls.nginx_cpu_us": cpu_per_handshake_us("tls_nginx"),
    "tls.cpu_ratio": ratio(cpu_per_handshake_us("tls_webhook"), cpu_per_handshake_us("tls_nginx")),
    "startup_ms": single("startup", "ms"),
    "rss_mb": single("rss_idle", "mb"),
    "rss_after_load_mb": single("rss_after_load", "mb"),
}


def figures(by_round):
    results = {}
    for key, per_round in KEYS.items():
        values = [v for v in (per_round(r) for r in by_round.values()) if v is not None]
        if not values:
            continue
        results[key] = statistics.median(values)
        if len(values) > 1:
            results[key + ".min"] = min(values)
            results[key + ".max"] = max(values)
    return {k: float(f"{v:.6g}") for k, v in results.items()}


def errors(by_round):
    counts = {}
    for r in by_round.values():
        for figure, m in r.items():
            w = m.get("wrk")
            if w and (w["non2xx"] or w["socket_errors"]):
                counts["errors." + figure] = counts.get("errors." + figure, 0) + w["non2xx"] + w["socket_errors"]
    return counts


def provider(by_round):
    names = {r["ceiling"]["ceiling"]["provider"] for r in by_round.values() if "ceiling" in r}
    return {"run.ca_provider": ", ".join(sorted(names))} if names else {}


# the table of results.md: label, key, baseline key, ratio key, target text, check of the target
ROWS = [
    ("`/inject`, 6 KB pod, 16 conns (req/s)", "inject.rps", "inject.baseline_rps", "inject.ratio",
     "ratio ≥ 0.5", lambda v: v["inject.ratio"] >= 0.5),
    ("`/inject`, 16 conns, p50 (ms)", "inject.p50_ms", None, None, "", None),
    ("`/inject`, 16 conns, p99 (ms)", "inject.p99_ms", None, None, "≤ 5 ms", lambda v: v["inject.p99_ms"] <= 5),
    ("`/inject` vs nginx, 16 conns (req/s)", "inject.rps", "inject.nginx_rps", "inject.nginx_ratio", "", None),
    ("`/inject`, every pod distinct, 16 conns (req/s)", "inject_cold.rps", "inject.baseline_rps", "inject_cold.ratio",
     "ratio ≥ 0.4", lambda v: v["inject_cold.ratio"] >= 0.4),
    ("`/inject`, every pod distinct, p99 (ms)", "inject_cold.p99_ms", None, None, "", None),
    ("`/inject`, 1 conn, p50 (ms; baseline no-op)", "inject_c1.p50_ms", "inject_c1.baseline_p50_ms", None,
     "≤ 0.3 ms", lambda v: v["inject_c1.p50_ms"] <= 0.3),
    ("nginx, 1 conn, p50 (ms)", "inject_c1.nginx_p50_ms", None, None, "", None),
    ("`/validate`, AuthorizationPolicy, 16 conns (req/s; baseline DELETE)", "validate.rps", "validate.baseline_rps",
     "validate.ratio", "", None),
    ("HTTP stack: same-server no-op vs nginx (req/s)", "stack.noop_rps", "stack.nginx_rps", "stack.nginx_ratio",
     "ratio ≥ 0.4", lambda v: v["stack.nginx_ratio"] >= 0.4),
    ("CA issuance over HTTPS, 8 conns (/s; baseline verify+sign ceiling, 2 threads)", "ca.issuance_per_s",
     "ca.ceiling_per_s", "ca.ratio", "≥ 10,000/s", lambda v: v["ca.issuance_per_s"] >= 10000),
    ("CA issuance in process, 2 threads (/s; baseline the same ceiling)", "ca.inprocess_per_s",
     "ca.ceiling_per_s", "ca.inprocess_ratio", "ratio ≥ 0.5", lambda v: v["ca.inprocess_ratio"] >= 0.5),
    ("CA issuance, p99 (ms)", "ca.p99_ms", None, None, "", None),
    ("TLS handshakes (/s; baseline nginx)", "tls.handshakes_per_s", "tls.nginx_handshakes_per_s", None, "", None),
    ("server CPU per TLS handshake (µs; baseline nginx)", "tls.server_cpu_us", "tls.nginx_cpu_us", "tls.cpu_ratio",
     "ratio ≤ 2", lambda v: v["tls.cpu_ratio"] <= 2),
    ("worst-case pod, 50 containers, 1,500 env vars (ms)", "worst_case_pod_ms", None, None, "≤ 10 ms",
     lambda v: v["worst_case_pod_ms"] <= 10),
    ("start to ready (ms)", "startup_ms", None, None, "≤ 1,500 ms", lambda v: v["startup_ms"] <= 1500),
    ("RSS idle (MiB)", "rss_mb", None, None, "≤ 160 MiB", lambda v: v["rss_mb"] <= 160),
    ("RSS after the load runs (MiB)", "rss_after_load_mb", None, None, "≤ 256 MiB", lambda v: v["rss_after_load_mb"] <= 256),
    ("proxy pair with mTLS, 16 conns (req/s; baseline direct)", "proxy.mesh_rps", "proxy.direct_rps", "proxy.ratio",
     "ratio ≥ 0.5", lambda v: v["proxy.ratio"] >= 0.5),
    ("proxy pair, added p50 (ms)", "proxy.added_p50_ms", None, None, "≤ 0.25 ms", lambda v: v["proxy.added_p50_ms"] <= 0.25),
    ("proxy pair, added p99 (ms)", "proxy.added_p99_ms", None, None, "≤ 1 ms", lambda v: v["proxy.added_p99_ms"] <= 1),
    ("proxy mTLS handshakes (/s)", "proxy.handshakes_per_s", None, None, "≥ 5,000/s per core",
     lambda v: v["proxy.handshakes_per_s"] >= 5000),
    ("proxy RSS idle (MiB)", "proxy.rss_mb", None, None, "≤ 64 MiB", lambda v: v["proxy.rss_mb"] <= 64),
]


def number(value):
    if value is None:
        return ""
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}"


def spread(results, key):
    if key not in results:
        return "", "n/a", ""
    return number(results.get(key + ".min")), number(results[key]), number(results.get(key + ".max"))


def met(results, check):
    if check is None:
        return ""
    try:
        return "yes" if check(results) else "**no**"
    except KeyError:
        return "n/a"


def markdown(results):
    lines = ["| figure | min | median | max | baseline (same run) | ratio | target | met? |",
             "|---|---|---|---|---|---|---|---|"]
    for label, key, baseline, ratio_key, target, check in ROWS:
        if key not in results and key.startswith("proxy."):
            continue
        low, mid, high = spread(results, key)
        lines.append(f"| {label} | {low} | {mid} | {high} | {number(results.get(baseline)) if baseline else ''} "
                     f"| {number(results.get(ratio_key)) if ratio_key else ''} | {target} | {met(results, check)} |")
    if not any(k.startswith("proxy.") for k in results):
        lines.append("| proxy pair (scripts/bench-mesh.sh) | | not run | | | | needs root | |")
    facts = [f"- {k[4:]}: {v}" for k, v in results.items() if k.startswith("run.")]
    problems = [f"- {k[7:]}: {v} non-2xx answers or socket errors" for k, v in results.items() if k.startswith("errors.")]
    text = "\n".join(lines) + "\n\nMedian of the rounds; min/max across them; every ratio is taken within one round.\n\n"
    text += "Run:\n" + "\n".join(facts) + "\n"
    if problems:
        text += "\nErrors (figures with these are suspect):\n" + "\n".join(problems) + "\n"
    return text


def main(measurements, run_facts, proxy, results_json, results_md):
    by_round = rounds(measurements)
    results = figures(by_round)
    if Path(proxy).exists():
        results.update(json.loads(Path(proxy).read_text()))
    results.update(errors(by_round))
    results.update(provider(by_round))
    results.update(json.loads(Path(run_facts).read_text()))
    Path(results_json).write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    Path(results_md).write_text(markdown(results))


if __name__ == "__main__":
    main(*sys.argv[1:6])
