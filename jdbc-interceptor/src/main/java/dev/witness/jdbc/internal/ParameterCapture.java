package dev.witness.jdbc.internal;

import java.sql.SQLType;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.List;

/**
 * The bind parameters currently set on one PreparedStatement / CallableStatement, on the
 * application's thread. Each set stores a reference, or a cheap copy of a value the application
 * could still change (byte and object arrays, {@code java.util.Date}s); nothing is converted to
 * text here. JDBC keeps values in force across executions until {@code clearParameters()}, and
 * so does this class; {@link #snapshot()} hands an immutable copy to an event.
 *
 * <p>Not thread-safe, like the statement it belongs to.
 */
public final class ParameterCapture {
    /** setObject without a target type: the type is inferred from the value's class on the writer. */
    public static final int INFER = Integer.MIN_VALUE;
    /** No OUT registration. */
    static final int NOT_OUT = Integer.MIN_VALUE + 1;
    /** No value bound (an OUT-only parameter). */
    static final int UNBOUND = Integer.MIN_VALUE + 2;

    private Slot[] positional = new Slot[8];
    private int highest;
    private List<Slot> named;

    /** The JDBC type number of a {@link SQLType} (vendor types keep their vendor number). */
    public static int typeNumber(SQLType type) {
        Integer n = type == null ? null : type.getVendorTypeNumber();
        return n == null ? Types.OTHER : n;
    }

    /** One bound value: immutable once in a snapshot. */
    record Slot(int index, String name, int sqlType, Object value, Object extra, int outType) {
        Slot withOut(int type) {
            return new Slot(index, name, sqlType, value, extra, type);
        }

        Slot withValue(int type, Object v, Object x) {
            return new Slot(index, name, type, v, x, outType);
        }
    }

    void set(int index, int sqlType, Object value, Object extra) {
        if (index < 1) {
            return; // the driver accepted it, so it is a vendor extension we do not model
        }
        if (index > positional.length) {
            positional = Arrays.copyOf(positional, Math.max(index, positional.length * 2));
        }
        Slot previous = positional[index - 1];
        int outType = previous == null ? NOT_OUT : previous.outType;
        positional[index - 1] = new Slot(index, null, sqlType, copyIfMutable(value), extraOf(extra), outType);
        highest = Math.max(highest, index);
    }

    void set(String name, int sqlType, Object value, Object extra) {
        if (named == null) {
            named = new ArrayList<>(4);
        }
        Object v = copyIfMutable(value);
        Object x = extraOf(extra);
        for (int i = 0; i < named.size(); i++) {
            if (named.get(i).name.equalsIgnoreCase(name)) {
                named.set(i, named.get(i).withValue(sqlType, v, x));
                return;
            }
        }
        named.add(new Slot(0, name, sqlType, v, x, NOT_OUT));
    }

    void registerOut(int index, int sqlType) {
        if (index < 1) {
            return;
        }
        if (index > positional.length) {
            positional = Arrays.copyOf(positional, Math.max(index, positional.length * 2));
        }
        Slot previous = positional[index - 1];
        positional[index - 1] = previous == null ? new Slot(index, null, UNBOUND, null, null, sqlType)
                : previous.withOut(sqlType);
        highest = Math.max(highest, index);
    }

    void registerOut(String name, int sqlType) {
        if (named == null) {
            named = new ArrayList<>(4);
        }
        for (int i = 0; i < named.size(); i++) {
            if (named.get(i).name.equalsIgnoreCase(name)) {
                named.set(i, named.get(i).withOut(sqlType));
                return;
            }
        }
        named.add(new Slot(0, name, UNBOUND, null, null, sqlType));
    }

    void clear() {
        Arrays.fill(positional, 0, highest, null);
        highest = 0;
        if (named != null) {
            named.clear();
        }
    }

    boolean isEmpty() {
        return highest == 0 && (named == null || named.isEmpty());
    }

    /** An immutable copy of the current values, in position order, named ones last. */
    List<Slot> snapshot() {
        List<Slot> out = new ArrayList<>(highest + (named == null ? 0 : named.size()));
        for (int i = 0; i < highest; i++) {
            if (positional[i] != null) {
                out.add(positional[i]);
            }
        }
        if (named != null) {
            out.addAll(named);
        }
        return out;
    }

    /**
     * Replaces stream wrappers by their summaries once the driver has read them (after the
     * execution), so that the writer sees final, immutable values.
     */
    static List<Slot> seal(List<Slot> set) {
        List<Slot> out = null;
        for (int i = 0; i < set.size(); i++) {
            Slot s = set.get(i);
            LobDigest.Summary summary = LobDigest.summaryOf(s.value);
            if (summary != null) {
                if (out == null) out = new ArrayList<>(set);
                out.set(i, s.withValue(s.sqlType, summary, s.extra));
            }
        }
        return out == null ? set : out;
    }

    private static Object extraOf(Object extra) {
        // a Calendar is mutable and only its zone matters to the value's meaning
        if (extra instanceof Calendar c) {
            return c.getTimeZone().getID();
        }
        return extra;
    }

    private static Object copyIfMutable(Object value) {
        if (value instanceof byte[] b) {
            return b.clone();
        }
        if (value instanceof java.util.Date d) {
            return d.clone();
        }
        if (value instanceof Object[] a) {
            return a.clone();
        }
        if (value instanceof char[] c) {
            return c.clone();
        }
        if (value instanceof int[] a) {
            return a.clone();
        }
        if (value instanceof long[] a) {
            return a.clone();
        }
        if (value instanceof double[] a) {
            return a.clone();
        }
        return value;
    }
}
