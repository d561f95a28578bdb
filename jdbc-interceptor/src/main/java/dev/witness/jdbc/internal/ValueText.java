package dev.witness.jdbc.internal;

import dev.witness.masking.ParameterColumn;
import dev.witness.masking.SqlParameterColumns;
import dev.witness.recorder.event.Parameter;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.JDBCType;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Turns captured values into their recorded text. Runs on the Recorder's writer thread only
 * (inside {@code DeferredEvent}s), never on the application's: this is where the cost of
 * recording values is paid.
 *
 * <p>Formats (docs/jdbc.md): numbers and booleans as Java prints them, BigDecimal without
 * exponent, dates and times in JDBC escape form followed by {@code  @<zone>} when bound with a
 * Calendar, binary values and streams as {@code len=<n>;sha256=<hex>} plus
 * {@code ;base64=<first bytes>} (or {@code ;text=<first bytes>} for character streams) when
 * {@code witness.jdbc.lob.prefixBytes} is set. Text longer than {@code maxValueBytes} UTF-8 bytes
 * is cut and ends with {@link #CUT_MARKER}.
 */
final class ValueText {
    /** Ends a value cut to {@code witness.jdbc.results.maxValueBytes}. */
    static final String CUT_MARKER = "…[cut]";
    private static final HexFormat HEX = HexFormat.of();

    private final JdbcSettings settings;

    ValueText(JdbcSettings settings) {
        this.settings = settings;
    }

    /** The recorded parameters of one set; {@code sql} binds positions to columns. */
    List<Parameter> parameters(String sql, List<ParameterCapture.Slot> set) {
        List<Parameter> out = new ArrayList<>(set.size());
        SqlParameterColumns columns = null;
        if (settings.parameterColumns() && sql != null) {
            try {
                columns = SqlParameterColumns.of(sql);
            } catch (RuntimeException | LinkageError e) {
                columns = null; // unreadable SQL binds nothing; recording goes on
            }
        }
        for (ParameterCapture.Slot s : set) {
            String column = null;
            if (columns != null && s.index() > 0) {
                Optional<ParameterColumn> c = columns.column(s.index());
                if (c.isPresent()) {
                    column = c.get().table() == null ? c.get().column() : c.get().table() + "." + c.get().column();
                }
            }
            out.add(new Parameter(s.index(), s.name(), column, typeOf(s), s.sqlType() == ParameterCapture.UNBOUND
                    ? null : text(s.value(), s.extra())));
        }
        return out;
    }

    private static String typeOf(ParameterCapture.Slot s) {
        String in = s.sqlType() == ParameterCapture.UNBOUND ? null
                : s.value() == null && s.sqlType() == ParameterCapture.INFER ? "NULL"
                : s.sqlType() == ParameterCapture.INFER ? inferred(s.value()) : typeName(s.sqlType());
        if (s.outType() == ParameterCapture.NOT_OUT) {
            return in;
        }
        return in == null ? "OUT " + typeName(s.outType()) : "INOUT " + in;
    }

    static String typeName(int type) {
        try {
            return JDBCType.valueOf(type).getName();
        } catch (IllegalArgumentException e) {
            return "TYPE(" + type + ")";
        }
    }

    static String inferred(Object v) {
        if (v instanceof String || v instanceof Character) return "VARCHAR";
        if (v instanceof Integer) return "INTEGER";
        if (v instanceof Long) return "BIGINT";
        if (v instanceof Short) return "SMALLINT";
        if (v instanceof Byte) return "TINYINT";
        if (v instanceof Boolean) return "BOOLEAN";
        if (v instanceof BigDecimal || v instanceof java.math.BigInteger) return "DECIMAL";
        if (v instanceof Double) return "DOUBLE";
        if (v instanceof Float) return "REAL";
        if (v instanceof byte[] || v instanceof LobDigest.Summary) return "VARBINARY";
        if (v instanceof java.sql.Timestamp || v instanceof java.time.LocalDateTime || v instanceof java.time.Instant)
            return "TIMESTAMP";
        if (v instanceof java.sql.Date || v instanceof java.time.LocalDate) return "DATE";
        if (v instanceof java.sql.Time || v instanceof java.time.LocalTime) return "TIME";
        if (v instanceof java.time.OffsetDateTime || v instanceof java.time.ZonedDateTime) return "TIMESTAMP_WITH_TIMEZONE";
        if (v instanceof java.time.OffsetTime) return "TIME_WITH_TIMEZONE";
        if (v instanceof java.sql.Array || v instanceof ConnectionCapture.CreatedArray
                || (v != null && v.getClass().isArray())) return "ARRAY";
        if (v instanceof java.sql.Blob) return "BLOB";
        if (v instanceof java.sql.Clob) return "CLOB";
        return "OTHER";
    }

    /** The text of one value, {@code null} for SQL NULL. */
    String text(Object v, Object extra) {
        if (v == null) {
            return null;
        }
        String s;
        if (v instanceof String str) {
            s = str;
        } else if (v instanceof BigDecimal d) {
            s = d.toPlainString();
        } else if (v instanceof byte[] b) {
            return bytes(b);
        } else if (v instanceof LobDigest.Summary sum) {
            return summary(sum);
        } else if (v instanceof java.sql.Timestamp || v instanceof java.sql.Date || v instanceof java.sql.Time) {
            s = v.toString() + (extra instanceof String zone ? " @" + zone : "");
        } else if (v instanceof java.util.Date d) {
            s = d.toInstant().toString();
        } else if (v instanceof TemporalAccessor || v instanceof Number || v instanceof Boolean
                || v instanceof Character || v instanceof java.util.UUID) {
            s = v.toString();
        } else if (v instanceof char[] c) {
            s = new String(c);
        } else if (v instanceof Object[] a) {
            s = Arrays.deepToString(a);
        } else if (v.getClass().isArray()) {
            s = primitiveArray(v);
        } else if (v instanceof java.sql.Blob) {
            return "[BLOB]";
        } else if (v instanceof java.sql.Clob) {
            return v instanceof java.sql.NClob ? "[NCLOB]" : "[CLOB]";
        } else if (v instanceof java.sql.SQLXML) {
            return "[SQLXML]";
        } else if (v instanceof ConnectionCapture.CreatedArray a) {
            s = a.elements() == null ? "null" : Arrays.deepToString(a.elements());
        } else if (v instanceof java.sql.Array) {
            return "[ARRAY]";
        } else if (v instanceof java.sql.Ref) {
            return "[REF]";
        } else if (v instanceof java.io.InputStream || v instanceof java.io.Reader) {
            return "[STREAM]";
        } else {
            try {
                s = v.toString();
            } catch (RuntimeException e) {
                s = "[" + v.getClass().getName() + "]";
            }
        }
        return cap(s);
    }

    private static String primitiveArray(Object v) {
        if (v instanceof int[] a) return Arrays.toString(a);
        if (v instanceof long[] a) return Arrays.toString(a);
        if (v instanceof double[] a) return Arrays.toString(a);
        if (v instanceof float[] a) return Arrays.toString(a);
        if (v instanceof short[] a) return Arrays.toString(a);
        if (v instanceof boolean[] a) return Arrays.toString(a);
        return "[" + v.getClass().getSimpleName() + "]";
    }

    private String bytes(byte[] b) {
        String s = "len=" + b.length + ";sha256=" + HEX.formatHex(sha256(b));
        if (settings.lobPrefixBytes() > 0) {
            s += ";base64=" + Base64.getEncoder().encodeToString(Arrays.copyOf(b, Math.min(b.length,
                    settings.lobPrefixBytes())));
        }
        return s;
    }

    private static String summary(LobDigest.Summary sum) {
        String s = "len=" + sum.length() + ";sha256=" + HEX.formatHex(sum.sha256());
        if (sum.prefix().length > 0) {
            s += sum.chars() ? ";text=" + new String(sum.prefix(), StandardCharsets.UTF_8)
                    : ";base64=" + Base64.getEncoder().encodeToString(sum.prefix());
        }
        return s;
    }

    private static byte[] sha256(byte[] b) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(b);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** True if {@code s} would be cut. */
    boolean tooLong(String s) {
        int max = settings.maxValueBytes();
        return s != null && s.length() > max / 3 && s.getBytes(StandardCharsets.UTF_8).length > max;
    }

    /** {@code s} cut to {@code maxValueBytes} UTF-8 bytes (at a character boundary) plus the marker. */
    String cap(String s) {
        if (!tooLong(s)) {
            return s;
        }
        int max = settings.maxValueBytes();
        int bytes = 0;
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + n > max) break;
            bytes += n;
            i += Character.charCount(cp);
        }
        return s.substring(0, i) + CUT_MARKER;
    }

}
