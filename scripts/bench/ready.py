#!/usr/bin/env python3
"""Start-to-ready of the webhook for scripts/bench.sh, in milliseconds, on stdout.

Usage: ready.py PID URL [TIMEOUT_S]. PID is `bin/bollard dev`, which prepares the dev directory
(one short JVM of its own) and then execs the server JVM: the clock starts when PID's command
line becomes the server's (quarkus-run.jar), and stops at the first 200 from URL (readiness),
polled every 10 ms over TLS without verification (the dev certificate is self-signed).
"""
import ssl
import sys
import time
import urllib.error
import urllib.request


def server_started(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return b"quarkus-run.jar" in f.read()
    except FileNotFoundError:
        sys.exit(f"ready.py: process {pid} exited before the server started")


def ready(url, context):
    try:
        with urllib.request.urlopen(url, context=context, timeout=1) as answer:
            return answer.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError, ssl.SSLError):
        return False


def main(pid, url, timeout):
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    deadline = time.monotonic() + timeout
    while not server_started(pid):
        if time.monotonic() > deadline:
            sys.exit("ready.py: the server JVM did not start")
        time.sleep(0.002)
    start = time.monotonic()
    while not ready(url, context):
        if time.monotonic() > deadline:
            sys.exit(f"ready.py: {url} did not answer 200 within {timeout} s")
        server_started(pid)
        time.sleep(0.01)
    print(round((time.monotonic() - start) * 1000))


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2], float(sys.argv[3]) if len(sys.argv) > 3 else 120)
