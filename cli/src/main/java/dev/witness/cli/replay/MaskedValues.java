package dev.witness.cli.replay;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Recognises values that a masking rule replaced (docs/masking.md): the {@code redact} marker
 * {@code [rule-name]}, the {@code hash} form {@code hmac:<32 hex>}, and {@code partial}'s runs of
 * mask characters. A replay cannot restore the original, so it sends these as they are and says
 * so. {@code fpe} output looks like any value and cannot be recognised.
 */
public final class MaskedValues {
    private static final Pattern REDACTED = Pattern.compile("\\[[A-Za-z0-9][A-Za-z0-9_.-]*]");
    private static final Pattern HASHED = Pattern.compile("hmac:[0-9a-f]{32}");
    private static final Pattern PARTIAL = Pattern.compile(".*\\*{3,}.*", Pattern.DOTALL);
    private static final Pattern REDACTED_INSIDE = Pattern.compile(".*('\\[[A-Za-z0-9][A-Za-z0-9_.-]*]'|hmac:[0-9a-f]{32}).*", Pattern.DOTALL);
    /** What the JDBC recorder writes for values it did not capture: not masking. */
    private static final Set<String> VALUE_MARKERS = Set.of("[BLOB]", "[CLOB]", "[NCLOB]", "[SQLXML]", "[REF]", "[ARRAY]",
            "[STREAM]", "[not read]");

    private MaskedValues() {
    }

    /** True if the whole value looks like a masking rule's output. */
    public static boolean looksMasked(String value) {
        if (value == null || VALUE_MARKERS.contains(value)) {
            return false;
        }
        return REDACTED.matcher(value).matches() || HASHED.matcher(value).matches() || PARTIAL.matcher(value).matches();
    }

    /** True if SQL text holds a masked literal ({@code '[ssn]'}, an {@code hmac:} value). */
    public static boolean sqlHoldsMaskedLiteral(String sql) {
        return sql != null && REDACTED_INSIDE.matcher(sql).matches();
    }
}
