package dev.witness.masking.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Turns a key reference from a rules file into key bytes, so that keys need not be written in the
 * file itself: {@code env:NAME} and {@code property:NAME} (value in base64), {@code file:PATH}
 * (raw bytes), {@code base64:...} and {@code hex:...}. Throws {@link IllegalArgumentException}
 * saying what is missing; never echoes the key.
 */
@FunctionalInterface
public interface KeyResolver {

    String FORMS = "env:NAME, property:NAME, file:PATH, base64:... or hex:...";

    KeyResolver SYSTEM = KeyResolver::standard;

    byte[] resolve(String reference);

    static byte[] standard(String reference) {
        int colon = reference.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("no scheme");
        }
        String scheme = reference.substring(0, colon);
        String rest = reference.substring(colon + 1);
        switch (scheme) {
            case "env":
                return base64(System.getenv(rest), "environment variable " + rest);
            case "property":
                return base64(System.getProperty(rest), "system property " + rest);
            case "file":
                try {
                    return Files.readAllBytes(Path.of(rest));
                } catch (IOException e) {
                    throw new IllegalArgumentException("file " + rest + " cannot be read");
                }
            case "base64":
                return base64(rest, "the base64 value");
            case "hex":
                try {
                    return HexFormat.of().parseHex(rest);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("the hex value is not hex");
                }
            default:
                throw new IllegalArgumentException("unknown scheme '" + scheme + "'");
        }
    }

    private static byte[] base64(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " is not set");
        }
        try {
            return Base64.getDecoder().decode(value.strip().getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not base64");
        }
    }
}
