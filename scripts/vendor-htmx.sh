#!/bin/sh
# vendor-htmx.sh fetches the pinned htmx and its server-sent events
# extension from the npm registry and copies their minified dist files into
# internal/web/ui/static/, where go:embed puts them in the binary. Run it
# only to change the pinned versions: the vendored files are committed, so
# building and running the server needs no npm.
#
# Usage: scripts/vendor-htmx.sh [HTMX_VERSION [SSE_VERSION]]
set -eu

HTMX_VERSION=${1:-2.0.11}   # the latest stable 2.x; 4.x changes the API
SSE_VERSION=${2:-2.2.4}     # htmx-ext-sse for htmx 2

root=$(cd "$(dirname "$0")/.." && pwd)
static="$root/internal/web/ui/static"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cd "$tmp"
# npm pack fetches the published tarball and verifies its integrity
# against the registry; no package is installed and no script runs.
npm pack --silent "htmx.org@$HTMX_VERSION" >/dev/null
npm pack --silent "htmx-ext-sse@$SSE_VERSION" >/dev/null
mkdir htmx sse
tar -xzf "htmx.org-$HTMX_VERSION.tgz" -C htmx
tar -xzf "htmx-ext-sse-$SSE_VERSION.tgz" -C sse

cp htmx/package/dist/htmx.min.js "$static/htmx.min.js"
cp sse/package/dist/sse.min.js "$static/sse.min.js"
cp htmx/package/LICENSE "$static/htmx.LICENSE"
cp sse/package/LICENSE "$static/sse.LICENSE"

cat > "$static/VENDOR.md" <<END
# Vendored JavaScript

Written by scripts/vendor-htmx.sh; do not edit by hand.

- htmx.min.js: htmx.org $HTMX_VERSION (npm), BSD Zero Clause License (htmx.LICENSE)
- sse.min.js: htmx-ext-sse $SSE_VERSION (npm), BSD Zero Clause License (sse.LICENSE)
END
echo "vendored htmx.org $HTMX_VERSION and htmx-ext-sse $SSE_VERSION into $static"
