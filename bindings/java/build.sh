#!/bin/sh
# Builds the Java package: the native library (release, overflow checks on), the classes, and
# target/java/kaohe.jar with the library inside under native/<os>-<arch>/ (this machine's only).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/target/java"
case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) platform=linux-x86_64 library=libkaohe_java.so ;;
    Linux-aarch64) platform=linux-aarch64 library=libkaohe_java.so ;;
    Darwin-arm64) platform=macos-aarch64 library=libkaohe_java.dylib ;;
    Darwin-x86_64) platform=macos-x86_64 library=libkaohe_java.dylib ;;
    *) echo "build.sh: no native folder known for $(uname -s)-$(uname -m)" >&2; exit 1 ;;
esac
cargo build --release --locked -q -p kaohe-java --manifest-path "$root/Cargo.toml"
rm -rf "$out/classes"
mkdir -p "$out/classes/native/$platform"
javac --release 17 -Xlint:all -Werror -d "$out/classes" $(find "$root/bindings/java/src/main/java" -name '*.java')
cp "$root/target/release/$library" "$out/classes/native/$platform/"
jar --create --file "$out/kaohe.jar" -C "$out/classes" .
echo "wrote target/java/kaohe.jar"
