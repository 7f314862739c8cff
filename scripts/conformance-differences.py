#!/usr/bin/env python3
"""make conformance, per pod: Istio's injection suite's results.json against the checked-in list of
known, deliberate differences (conformance-known-differences.tsv).

  conformance-differences.py RESULTS_JSON KNOWN_TSV

Over the pods the suite counts (configs default, error, default-equivalent), four fields are
compared with Istio's golden pod:
  decision   inject / skip / deny
  capture    every istio-iptables argument (where both inject)
  probes     where kubelet's probes and hooks point in every app container, and whether the proxy
             gets ISTIO_KUBE_APP_PROBERS (where both inject)
  placement  where the proxy is (init container with restartPolicy Always, or which container)
             and how it holds the app (first, postStart hook, native) (where both inject)
A difference listed in the file (case, doc, field, reason) is "known"; any other is "unexpected",
and a listed one that no longer occurs is "stale". Either fails (exit 1), so the list stays
exactly the set of differences we mean to have. Prints a table per field and one line per finding.
"""
import json
import sys

COUNTED = ("default", "error", "default-equivalent")
FIELDS = ("decision", "capture", "probes", "placement")


def both_inject(row):
    return row.get("istio") == "inject" and row.get("bollard") == "inject"


def decision(row):
    if row.get("decision_match"):
        return None
    detail = "istio=%s bollard=%s" % (row.get("istio"), row.get("bollard"))
    if row.get("bollard_message"):
        detail += " (%s)" % row["bollard_message"]
    return detail


def capture(row):
    if row.get("capture_match") is not False:
        return None
    diff = row.get("capture_diff") or {}
    return "; ".join("%s istio=%s bollard=%s" % (k, a, b) for k, (a, b) in sorted(diff.items())) or "differs"


def probes(row):
    rewrite = row.get("probe_rewrite") or {}
    istio, ours = row.get("probes_istio") or {}, row.get("probes_bollard") or {}
    parts = []
    for key in sorted(set(istio) | set(ours)):
        if istio.get(key) != ours.get(key):
            parts.append("%s istio=%s bollard=%s" % (key, istio.get(key), ours.get(key)))
    if rewrite.get("app_probers_istio") != rewrite.get("app_probers_bollard"):
        parts.append("ISTIO_KUBE_APP_PROBERS istio=%s bollard=%s" % (
            "set" if rewrite.get("app_probers_istio") else "unset", "set" if rewrite.get("app_probers_bollard") else "unset"))
    return "; ".join(parts) or None


def placement(row):
    loc = row.get("proxy_loc") or [None, None]
    hold = row.get("hold") or [None, None]
    if loc[0] == loc[1] and hold[0] == hold[1]:
        return None
    def held(h):
        return ",".join(k for k in ("native", "first", "postStart") if (h or {}).get(k)) or "-"
    return "istio=%s [%s] bollard=%s [%s]" % (loc[0], held(hold[0]), loc[1], held(hold[1]))


COMPARE = {"decision": decision, "capture": capture, "probes": probes, "placement": placement}


def read_known(path):
    known, problems = {}, []
    with open(path) as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            parts = line.split("\t")
            where = "%s:%d" % (path, number)
            if len(parts) != 4 or not all(p.strip() for p in parts):
                problems.append("%s: want 4 tab-separated columns: case, doc, field, reason" % where)
                continue
            case, doc, field, reason = (p.strip() for p in parts)
            if field not in FIELDS:
                problems.append("%s: field %r is not one of %s" % (where, field, ", ".join(FIELDS)))
                continue
            if not doc.isdigit():
                problems.append("%s: doc %r is not a number" % (where, doc))
                continue
            key = (case, int(doc), field)
            if key in known:
                problems.append("%s: %s doc%s %s is listed twice" % (where, case, doc, field))
                continue
            known[key] = reason
    return known, problems


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    results, known_path = sys.argv[1:]
    with open(results) as f:
        rows = [r for r in json.load(f) if r.get("config") in COUNTED]
    known, problems = read_known(known_path)
    counts = {field: {"equal": 0, "known": 0, "unexpected": 0, "n/a": 0} for field in FIELDS}
    findings, seen = [], set()
    for row in rows:
        for field in FIELDS:
            key = (row["case"], row.get("doc", 0), field)
            if field != "decision" and not both_inject(row):
                counts[field]["n/a"] += 1
                continue
            difference = COMPARE[field](row)
            if difference is None:
                counts[field]["equal"] += 1
                continue
            if key in known:
                counts[field]["known"] += 1
                seen.add(key)
            else:
                counts[field]["unexpected"] += 1
                findings.append("UNEXPECTED %s doc%d %s: %s" % (key[0], key[1], field, difference))
    for key, reason in sorted(known.items()):
        if key not in seen:
            findings.append("STALE %s doc%d %s: listed as a known difference but %s (remove the line: %s)" % (
                key[0], key[1], key[2], "equal to Istio now" if any(
                    r["case"] == key[0] and r.get("doc", 0) == key[1] for r in rows) else "no such counted pod", reason))

    print("   per pod against Istio (%d counted pods; known differences: %s)" % (len(rows), known_path))
    print("   %-10s %6s %6s %11s %5s" % ("field", "equal", "known", "unexpected", "n/a"))
    for field in FIELDS:
        c = counts[field]
        print("   %-10s %6d %6d %11d %5d" % (field, c["equal"], c["known"], c["unexpected"], c["n/a"]))
    for line in problems + findings:
        print("   " + line)
    return 1 if problems or findings else 0


if __name__ == "__main__":
    sys.exit(main())
