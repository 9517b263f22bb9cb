#!/bin/sh
# Builds the npm package into pkg/: the core compiled to wasm32, bound with wasm-bindgen-cli (the
# exact version of the wasm-bindgen crate) for the web (ES module) and for Node (CommonJS), each
# .wasm shrunk with wasm-opt -Oz from the npm binaryen package, each glue behind a guarded entry.
set -eu
cd "$(dirname "$0")"
root=../..
cargo build --locked -p kaohe-wasm --target wasm32-unknown-unknown --profile wasm
wasm="$root/target/wasm32-unknown-unknown/wasm/kaohe_wasm.wasm"
rm -rf pkg
wasm-bindgen --target web --out-dir pkg/web "$wasm"
wasm-bindgen --target nodejs --out-dir pkg/node "$wasm"
# Node's glue is CommonJS inside a "type": "module" package.
mv pkg/node/kaohe_wasm.js pkg/node/kaohe_wasm.cjs
mv pkg/node/kaohe_wasm.d.ts pkg/node/kaohe_wasm.d.cts
# The glue's types declare [Symbol.dispose], which exists only in TypeScript's esnext library: a
# project compiling for ES2022 without skipLibCheck would fail on our types. free() stays typed.
for types in pkg/web/kaohe_wasm.d.ts pkg/node/kaohe_wasm.d.cts; do
    sed -i '/\[Symbol\.dispose\]/d' "$types"
done
# The entry points guard the glue (js/guard.js), so that a trap leaves the instance usable, and give
# Ruleset its score (js/card.js); Node's copies are the same files as CommonJS.
for part in guard:guard card:withScore; do
    file=${part%%:*} export=${part#*:}
    cp "js/$file.js" "pkg/$file.js"
    { sed "s/^export function $export/function $export/" "js/$file.js"; echo "module.exports = { $export };"; } > "pkg/$file.cjs"
done
cp js/index.web.js pkg/web/index.js
cp js/index.web.d.ts pkg/web/index.d.ts
cp js/index.node.cjs pkg/node/index.cjs
cp js/index.node.mjs pkg/node/index.mjs
cp js/index.node.d.cts pkg/node/index.d.cts
features="--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue"
for out in pkg/web/kaohe_wasm_bg.wasm pkg/node/kaohe_wasm_bg.wasm; do
    node_modules/.bin/wasm-opt -Oz $features "$out" -o "$out"
done
# npm packs README and LICENSE files from the package's folder: the licenses come from the root.
cp "$root/LICENSE-MIT" "$root/LICENSE-APACHE" .
gzip -9 -c pkg/web/kaohe_wasm_bg.wasm | wc -c > pkg/wasm-gzip-bytes.txt
echo "kaohe_wasm_bg.wasm: $(wc -c < pkg/web/kaohe_wasm_bg.wasm) bytes, $(cat pkg/wasm-gzip-bytes.txt) gzipped"
