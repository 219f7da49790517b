#!/usr/bin/env bash
# Regenerates Sources/TensorBoard/Generated/*.pb.swift from Sources/TensorBoard/Protos/*.proto. Run by hand when a
# .proto changes, then commit the result; the build never runs protoc.
#   PROTOC_GEN_SWIFT=/path/to/protoc-gen-swift scripts/generate-tensorboard-protos.sh
# protoc-gen-swift: `swift build --product protoc-gen-swift` in a checkout of apple/swift-protobuf at the version
# Package.resolved names. protoc: Debian's protobuf-compiler, or `python3 -m grpc_tools.protoc` (PyPI grpcio-tools).
set -euo pipefail
cd "$(dirname "$0")/.."
plugin=${PROTOC_GEN_SWIFT:?set PROTOC_GEN_SWIFT to the protoc-gen-swift binary}
if command -v protoc >/dev/null; then
  protoc=(protoc)
else
  include=$(python3 -c 'import grpc_tools, os; print(os.path.join(os.path.dirname(grpc_tools.__file__), "_proto"))')
  protoc=(python3 -m grpc_tools.protoc -I "$include")
fi
"${protoc[@]}" --plugin=protoc-gen-swift="$plugin" -I Sources/TensorBoard/Protos \
  --swift_out=Sources/TensorBoard/Generated --swift_opt=Visibility=Public \
  Sources/TensorBoard/Protos/event.proto Sources/TensorBoard/Protos/hparams.proto
