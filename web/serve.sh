#!/bin/sh
# Builds the npm package (when missing) and the workbench, then serves it on 127.0.0.1:4173.
# The built folder (web/dist) is static: copy it anywhere and open index.html through any server.
set -eu
web=$(cd "$(dirname "$0")" && pwd)
if [ ! -f "$web/../bindings/wasm/pkg/web/index.js" ]; then
    (cd "$web/../bindings/wasm" && npm ci --no-audit --no-fund --loglevel=error && sh build.sh)
fi
cd "$web"
npm ci --no-audit --no-fund --loglevel=error
npx vite build --logLevel warn
echo "the workbench: http://127.0.0.1:4173/"
exec npx vite preview --host 127.0.0.1 --port 4173 --strictPort
