#!/usr/bin/env bash
# make pin-images: resolve each tag in base-images.lock to the digest of its multi-arch index on
# Docker Hub and write "<tag> <tag>@sha256:..." back. Only curl is needed: an anonymous pull token,
# then a HEAD of the manifest asking for an index, whose Docker-Content-Digest header is the
# digest `docker buildx imagetools inspect` prints. Nothing is written unless every tag resolves.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
lock="${LOCK:-$root/base-images.lock}"
accept="application/vnd.oci.image.index.v1+json,application/vnd.docker.distribution.manifest.list.v2+json"
die() { echo "pin-images: $*" >&2; exit 1; }

digest_of() { # tag like eclipse-temurin:17-jre or library-less org/name:tag
  local ref="$1" name tag repo token digest
  name="${ref%%:*}"; tag="${ref#*:}"
  [ "$name" != "$ref" ] || die "'$ref' has no tag"
  case "$name" in */*) repo="$name" ;; *) repo="library/$name" ;; esac
  token="$(curl -fsS --max-time 20 "https://auth.docker.io/token?service=registry.docker.io&scope=repository:$repo:pull" \
    | sed -n 's/.*"token" *: *"\([^"]*\)".*/\1/p')" || die "no pull token for $repo (is the registry reachable?)"
  [ -n "$token" ] || die "no pull token for $repo"
  digest="$(curl -fsSI --max-time 20 -H "Authorization: Bearer $token" -H "Accept: $accept" \
    "https://registry-1.docker.io/v2/$repo/manifests/$tag" | tr -d '\r' | sed -n 's/^[Dd]ocker-[Cc]ontent-[Dd]igest: *//p')" \
    || die "no manifest for $ref"
  [[ "$digest" =~ ^sha256:[0-9a-f]{64}$ ]] || die "unexpected digest '$digest' for $ref"
  echo "$digest"
}

out="$(mktemp "$lock.XXXXXX")"
trap 'rm -f "$out"' EXIT
while IFS= read -r line || [ -n "$line" ]; do
  case "$line" in
    ''|'#'*) echo "$line" >> "$out" ;;
    *)
      tag="${line%% *}"
      digest="$(digest_of "$tag")" || exit 1
      echo "$tag $tag@$digest" >> "$out"
      echo "pin-images: $tag -> $tag@$digest" ;;
  esac
done < "$lock"
mv "$out" "$lock"
trap - EXIT
