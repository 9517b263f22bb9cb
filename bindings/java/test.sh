#!/bin/sh
# Builds the jar, writes the shared corpora as JSON (Java has no TOML reader), compiles the tests
# and the example, and runs them with the JUnit 5 console launcher (Debian's junit5 package); then
# builds the same package with the pom.xml through Maven, offline.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/target/java"
junit=/usr/share/java/junit-platform-console-standalone.jar
sh "$root/bindings/java/build.sh"
cargo run --release --locked -q -p kaohe-java --example corpus_json --manifest-path "$root/Cargo.toml" -- \
    "$out/corpus" "$root"/tests/vectors/*.toml "$root/tests/hostile/library.toml"
rm -rf "$out/test-classes"
javac --release 17 -Xlint:all -Xlint:-serial -Werror -d "$out/test-classes" -cp "$out/kaohe.jar:$junit" \
    $(find "$root/bindings/java/src/test/java" -name '*.java') "$root/examples/java/ScoreMonth.java"
java -Dkaohe.repo="$root" -Dkaohe.corpus="$out/corpus" -jar "$junit" --disable-banner \
    --details=summary --fail-if-no-tests --class-path "$out/test-classes:$out/kaohe.jar" --scan-class-path
# The pom.xml offered for users' own builds, offline against Debian's Maven repository: it compiles,
# runs the same tests through surefire and packages the jar with the native library inside.
mvn -o -q -Dmaven.repo.local=/usr/share/maven-repo -f "$root/bindings/java/pom.xml" package
jar tf "$out/maven/kaohe-0.1.0.jar" | grep -q "^native/.*/libkaohe_java"
# The README's example, as a user runs it: the jar alone on the class path.
(cd "$root" && java -cp "$out/kaohe.jar:$out/test-classes" ScoreMonth > "$out/example.txt")
grep -q "ningbo/district" "$out/example.txt"
