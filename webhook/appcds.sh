#!/bin/sh
# Writes the class-data archive (AppCDS) of a packaged webhook: APP/app-cds.jsa, the classes of one
# start to ready, parsed and verified once here instead of at every start. An archive only maps into
# the JVM build that wrote it (elsewhere the JVM ignores it and starts without), so the image runs
# this with its own JVM (webhook/Dockerfile) and make build with the local one (bin/bollard appcds).
# The training start uses the dev-local profile: throwaway certificates, no cluster, a free port.
# At its shutdown it links every class it loaded (ClassDataTraining, from the class-load log):
# JDK 17 archives only linked classes, and Quarkus loads ~1,500 it never links.
# Usage: appcds.sh APP_DIR JVM_OPTIONS_FILE      (POSIX sh: the image has no bash guarantee)
set -eu
app="$1"
options="$2"
tmp="$(mktemp -d /tmp/bollard-appcds.XXXXXX)"
trap 'rm -rf "$tmp"' EXIT
rm -f "$app/app-cds.jsa"
java -cp "$app/app/*:$app/lib/main/*:$app/lib/boot/*" dev.bollard.webhook.cli.BollardCli dev-certs --dir "$tmp" --host 127.0.0.1 > /dev/null
BOLLARD_DEV_DIR="$tmp" BOLLARD_TLS_CERT="$tmp/tls.crt" BOLLARD_TLS_KEY="$tmp/tls.key" BOLLARD_HOST=127.0.0.1 \
  java "@$options" -XX:ArchiveClassesAtExit="$app/app-cds.jsa" -Dquarkus.profile=dev-local \
    -Xlog:class+load=info:file="$tmp/classes.log" -Dbollard.appcds.link-classes="$tmp/classes.log" \
    -Dquarkus.http.ssl-port=0 -Dquarkus.shutdown.delay-enabled=false -jar "$app/quarkus-run.jar" > "$tmp/log" 2>&1 &
pid=$!
# at most 120 s: a loaded build machine starts slowly; the archive is written when the JVM exits
i=0
while [ "$i" -lt 1200 ] && ! grep -q "Listening on" "$tmp/log" && kill -0 "$pid" 2> /dev/null; do
  sleep 0.1
  i=$((i + 1))
done
kill "$pid" 2> /dev/null || true
wait "$pid" || true
if ! grep -q "Listening on" "$tmp/log" || [ ! -s "$app/app-cds.jsa" ]; then
  cat "$tmp/log" >&2
  echo "appcds: the training start failed, no archive" >&2
  exit 1
fi
echo "class-data archive $app/app-cds.jsa ($(du -m "$app/app-cds.jsa" | cut -f1) MiB)"
