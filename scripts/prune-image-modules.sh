#!/bin/sh
# Removes from node_modules what a Linux image never loads (other platforms' binaries, build tools) (README, "The image"). Run after
# `npm prune --omit=dev` in the Dockerfile; `sh scripts/prune-image-modules.sh DIR` on a copy measures it.
set -eu
modules="${1:-node_modules}"
ort="$modules/onnxruntime-node/bin/napi-v6"
# The architecture this runs on (x64, or arm64 for an arm64 image) keeps its binary.
arch="$(node -p process.arch)"
[ -d "$ort/linux/$arch" ] || { echo "no ONNX Runtime for linux/$arch under $ort: refusing to prune" >&2; exit 1; }
# ONNX Runtime's binaries for the other platforms.
rm -rf "$ort/darwin" "$ort/win32"
for other in "$ort"/linux/*; do [ "$other" = "$ort/linux/$arch" ] || rm -rf "$other"; done
# onnxruntime-web (WebAssembly and WebGPU, for browsers): @huggingface/transformers' Node build runs on
# onnxruntime-node and bundles what it needs of the web runtime, so it never loads this package.
rm -rf "$modules/onnxruntime-web"
# protobufjs 6's command line (pbjs/pbts) inside onnx-proto: a code generator, never loaded at run time.
rm -rf "$modules/onnx-proto/node_modules/protobufjs/cli"
# TypeScript: an optional peer of @nestjs/swagger and valibot, loaded by neither at run time.
rm -rf "$modules/typescript" "$modules/.bin/tsc" "$modules/.bin/tsserver"
