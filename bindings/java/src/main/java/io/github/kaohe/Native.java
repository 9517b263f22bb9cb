package io.github.kaohe;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.function.Function;

/**
 * The native library (the Rust crate {@code bindings/java}) and its methods. It is loaded from the
 * file the system property {@code kaohe.library} names, or else from the jar's
 * {@code native/<os>-<arch>/} folder (copied to a temporary file first, as the JVM only loads
 * files). Every method throws {@link NativeFailure} for a refusal. A ruleset's calls take and
 * return UTF-8 bytes: a byte array crosses with one copy, a String with two conversions.
 */
final class Native {
    private Native() {}

    static {
        load();
    }

    private static void load() {
        String given = System.getProperty("kaohe.library");
        if (given != null) {
            System.load(Path.of(given).toAbsolutePath().toString());
            return;
        }
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String platform = (os.contains("win") ? "windows" : os.contains("mac") ? "macos" : "linux") + "-"
                + (arch.equals("amd64") || arch.equals("x86_64") ? "x86_64" : arch.equals("aarch64") ? "aarch64" : arch);
        String file = os.contains("win") ? "kaohe_java.dll" : os.contains("mac") ? "libkaohe_java.dylib" : "libkaohe_java.so";
        String resource = "/native/" + platform + "/" + file;
        try (InputStream in = Native.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new UnsatisfiedLinkError("kaohe: this jar has no native library for " + platform + " (" + resource
                        + "); build bindings/java for it and pass -Dkaohe.library=<path to " + file + ">");
            }
            Path copy = Files.createTempFile("kaohe_java", file.substring(file.lastIndexOf('.')));
            copy.toFile().deleteOnExit();
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            System.load(copy.toString());
        } catch (IOException e) {
            throw new UnsatisfiedLinkError("kaohe: cannot copy the native library out of the jar: " + e);
        }
    }

    static native String catalogue();

    static native String source(String id);

    static native long builtin(String id);

    static native long fromToml(String text, String origin, Function<String, String> resolver);

    static native void free(long handle);

    static native byte[] describe(long handle);

    static native byte[] score(long handle, byte[] inputs);

    static native byte[] explain(long handle, byte[] inputs);

    /** The numbers of one row (a table of one row: its problems name no row). */
    static native byte[] numbers(long handle, byte[] row);

    static native byte[] numbersAll(long handle, byte[] rows);

    /** Every number of one row's card (a table of one row: its problems name no row). */
    static native byte[] card(long handle, byte[] row);

    /** As card, explained: the line ends with each item's effects as length-prefixed parts. */
    static native byte[] explained(long handle, byte[] row);

    static native byte[] explainedAll(long handle, byte[] rows);

    static native byte[] cards(long handle, byte[] rows);

    static native byte[] outline(long handle);

    /** The kind a row that names none is assessed as (UTF-8). */
    static native byte[] defaultKind(long handle);

    static native byte[] rollUp(long handle, byte[] period, byte[] months, byte[] periodInputs);

    static native byte[] rank(long handle, byte[] standings);

    static native byte[] render(long handle, byte[] inputs, byte[] lang, byte[] format);
}
