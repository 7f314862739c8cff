#!/usr/bin/env python3
"""The reference nginx of scripts/bench.sh, on stdout: TLS on 127.0.0.1:PORT with the webhook's
own serving certificate and key (WORK/dev/tls.crt, tls.key), HTTP/1.1 and HTTP/2.

Every POST has its body read and dropped and gets a fixed review: /bench/noop the webhook no-op's
answer (`return 200`), any other path one of exactly the size of the webhook's /inject answer to
the bench pod (WORK/inject-answer.json), so both servers send the same number of bytes. That one
is too long for `return` (nginx caps a parameter at 4 KiB), so it is a file, WORK/nginx/answer.json,
reached by the usual `error_page 405 =200` internal redirect: nginx serves no static file to a
POST, and the redirect re-enters as a GET. Keep-alive is unlimited, as in Vert.x, so wrk never
re-handshakes mid-run.

Usage: nginx-conf.py WORK PORT (writes WORK/nginx/answer.json, prints the configuration)
"""
import sys
from pathlib import Path

SHELL = '{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"bench","allowed":true,' \
        '"patchType":"JSONPatch","patch":"%s"}}'


def same_size_answer(size):
    """A review of exactly SIZE bytes whose patch is padding; nothing nginx would interpret."""
    padding = size - len(SHELL % "")
    if padding < 0:
        raise SystemExit(f"nginx-conf.py: the /inject answer ({size} bytes) is smaller than a review shell")
    return SHELL % ("A" * padding)


def quoted(text):
    if "'" in text or "\\" in text or "$" in text:
        raise SystemExit("nginx-conf.py: an answer contains a character nginx would interpret")
    return "'" + text + "'"


def conf(work, port):
    (work / "nginx" / "answer.json").write_text(same_size_answer(len((work / "inject-answer.json").read_bytes())))
    noop = (work / "noop-answer.json").read_text()
    return f"""worker_processes 2;
pid {work}/nginx/nginx.pid;
error_log {work}/nginx/logs/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {work}/nginx/body;
    client_max_body_size 4m;
    client_body_buffer_size 256k;
    keepalive_requests 10000000;
    keepalive_timeout 75s;
    default_type application/json;
    server {{
        listen 127.0.0.1:{port} ssl http2;
        ssl_certificate {work}/dev/tls.crt;
        ssl_certificate_key {work}/dev/tls.key;
        ssl_protocols TLSv1.2 TLSv1.3;
        location = /bench/noop {{ return 200 {quoted(noop)}; }}
        location / {{ error_page 405 =200 /answer.json; return 405; }}
        location = /answer.json {{ internal; root {work}/nginx; }}
    }}
}}
"""


if __name__ == "__main__":
    print(conf(Path(sys.argv[1]), int(sys.argv[2])))
