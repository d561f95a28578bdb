import java.io.IOException;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLType;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes the forwarding classes of dev.witness.jdbc.internal from the java.sql interfaces, so
 * that the mechanical delegation (some 700 methods) is never typed or reviewed by hand and the
 * hand-written Recording* classes hold only the capture glue.
 *
 * <p>Not part of the build. Run from the module folder after a JDK or JDBC change:
 * {@code java src/generator/java/ForwardingGenerator.java src/main/java/dev/witness/jdbc/internal}
 *
 * <p>What it emits: every abstract and default method of the interface is forwarded to
 * {@code delegate}, except unwrap/isWrapperFor (hand-written: they must answer for the wrapper).
 * Three hooks are generated where capture needs a value the forwarding passes through:
 * bind-parameter setters call {@code bound(...)} after the driver accepted the value (streams
 * and readers are first handed to {@code bindStream}/{@code bindReader}, which may substitute a
 * digesting wrapper); CallableStatement's {@code registerOutParameter} calls
 * {@code registeredOut(...)} and its getters {@code readOut(...)}; ResultSet getters call
 * {@code read(...)}. Exceptions are never caught: the driver's instance reaches the caller.
 */
public final class ForwardingGenerator {
    private static final Set<String> SKIPPED = Set.of("unwrap", "isWrapperFor");
    /** ResultSet / CallableStatement getters that read no column or parameter value. */
    private static final Set<String> NOT_VALUE_GETTERS = Set.of("getMetaData", "getStatement", "getWarnings",
            "getFetchSize", "getFetchDirection", "getType", "getConcurrency", "getRow", "getCursorName",
            "getHoldability", "getParameterMetaData", "getResultSet", "getUpdateCount", "getMoreResults",
            "getGeneratedKeys", "getConnection", "getMaxRows", "getMaxFieldSize", "getQueryTimeout",
            "getResultSetType", "getResultSetConcurrency", "getResultSetHoldability", "getLargeUpdateCount",
            "getLargeMaxRows");
    private static final Map<String, String> SETTER_TYPES = Map.ofEntries(
            Map.entry("setString", "VARCHAR"), Map.entry("setNString", "NVARCHAR"),
            Map.entry("setBoolean", "BOOLEAN"), Map.entry("setByte", "TINYINT"), Map.entry("setShort", "SMALLINT"),
            Map.entry("setInt", "INTEGER"), Map.entry("setLong", "BIGINT"), Map.entry("setFloat", "REAL"),
            Map.entry("setDouble", "DOUBLE"), Map.entry("setBigDecimal", "DECIMAL"), Map.entry("setBytes", "VARBINARY"),
            Map.entry("setDate", "DATE"), Map.entry("setTime", "TIME"), Map.entry("setTimestamp", "TIMESTAMP"),
            Map.entry("setAsciiStream", "LONGVARCHAR"), Map.entry("setUnicodeStream", "LONGVARCHAR"),
            Map.entry("setBinaryStream", "LONGVARBINARY"), Map.entry("setCharacterStream", "LONGVARCHAR"),
            Map.entry("setNCharacterStream", "LONGNVARCHAR"), Map.entry("setRef", "REF"), Map.entry("setBlob", "BLOB"),
            Map.entry("setClob", "CLOB"), Map.entry("setNClob", "NCLOB"), Map.entry("setArray", "ARRAY"),
            Map.entry("setURL", "DATALINK"), Map.entry("setRowId", "ROWID"), Map.entry("setSQLXML", "SQLXML"));

    private final StringBuilder out = new StringBuilder();

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "src/main/java/dev/witness/jdbc/internal");
        write(dir, "ForwardingConnection", Connection.class, null, "", "Connection", Kind.PLAIN,
                "Forwards every Connection method to the driver's connection.");
        write(dir, "ForwardingStatement", Statement.class, null, "<S extends Statement>", "S", Kind.PLAIN,
                "Forwards every Statement method to the driver's statement.");
        write(dir, "ForwardingPreparedStatement", PreparedStatement.class, "RecordingStatement<S>",
                "<S extends PreparedStatement>", "S", Kind.PARAMETERS,
                "Forwards PreparedStatement's own methods; setters report each bound value to {@link #bound}.");
        write(dir, "ForwardingCallableStatement", CallableStatement.class,
                "RecordingPreparedStatement<CallableStatement>", "", "CallableStatement", Kind.CALLABLE,
                "Forwards CallableStatement's own methods; named setters report to {@link #bound}, OUT"
                        + " registrations to {@link #registeredOut}, OUT reads to {@link #readOut}.");
        write(dir, "ForwardingResultSet", ResultSet.class, null, "", "ResultSet", Kind.RESULT_SET,
                "Forwards every ResultSet method; column getters report the value read to {@link #read}.");
        write(dir, "ForwardingDatabaseMetaData", DatabaseMetaData.class, null, "", "DatabaseMetaData", Kind.PLAIN,
                "Forwards every DatabaseMetaData method to the driver's metadata.");
    }

    enum Kind { PLAIN, PARAMETERS, CALLABLE, RESULT_SET }

    private static void write(Path dir, String name, Class<?> iface, String superClass, String typeParams,
                              String delegateType, Kind kind, String doc) throws IOException {
        ForwardingGenerator g = new ForwardingGenerator();
        g.emitClass(name, iface, superClass, typeParams, delegateType, kind, doc);
        Files.writeString(dir.resolve(name + ".java"), g.out.toString());
    }

    private void emitClass(String name, Class<?> iface, String superClass, String typeParams, String delegateType,
                           Kind kind, String doc) {
        Set<String> imports = new java.util.TreeSet<>();
        List<Method> methods = methodsOf(iface, superClass != null);
        StringBuilder body = new StringBuilder();
        for (Method m : methods) {
            body.append(method(m, kind, imports));
        }
        out.append("package dev.witness.jdbc.internal;\n\n");
        imports.add(iface.getName());
        if (!typeParams.isEmpty()) {
            imports.add(typeParams.replaceAll(".*extends (\\w+)>", "java.sql.$1"));
        }
        if (kind == Kind.CALLABLE) {
            imports.add("java.sql.CallableStatement");
        }
        for (String i : imports) {
            if (!i.startsWith("java.lang.") || i.substring(10).contains(".")) {
                out.append("import ").append(i).append(";\n");
            }
        }
        out.append("\n/**\n * ").append(doc).append("\n *\n * <p>Generated by src/generator/java/ForwardingGenerator.java from the JDK's java.sql\n"
                + " * interfaces: do not edit, regenerate. Capture logic lives in the hand-written subclasses and\n"
                + " * the *Capture classes; this class only forwards (and calls the hooks named above).\n */\n");
        out.append("public abstract class ").append(name).append(typeParams).append(" ");
        if (superClass != null) {
            out.append("extends ").append(superClass).append(" ");
        }
        out.append("implements ").append(iface.getSimpleName()).append(" {\n");
        if (superClass == null) {
            out.append("    /** The driver's object (or the next wrapper's). */\n");
            out.append("    protected final ").append(delegateType).append(" delegate;\n\n");
            out.append("    protected ").append(name).append("(").append(delegateType).append(" delegate) {\n");
            out.append("        this.delegate = delegate;\n    }\n");
        } else {
            out.append("    protected ").append(name).append("(").append(delegateType)
                    .append(" delegate, StatementCapture capture) {\n");
            out.append("        super(delegate, capture);\n    }\n");
        }
        switch (kind) {
            case PARAMETERS -> out.append("""

                        /** Called after the driver accepted a value for a positional parameter. */
                        protected abstract void bound(int parameterIndex, int sqlType, Object value, Object extra);

                        /** Called after the driver accepted a value for a named parameter. */
                        protected abstract void bound(String parameterName, int sqlType, Object value, Object extra);

                        /** Called before a stream is handed to the driver; returns what the driver gets instead. */
                        protected abstract java.io.InputStream bindStream(int sqlType, java.io.InputStream stream, long length);

                        /** Called before a reader is handed to the driver; returns what the driver gets instead. */
                        protected abstract java.io.Reader bindReader(int sqlType, java.io.Reader reader, long length);

                        /** Called after clearParameters(). */
                        protected abstract void cleared();
                    """);
            case CALLABLE -> out.append("""

                        /** Called after the driver registered an OUT parameter by position. */
                        protected abstract void registeredOut(int parameterIndex, int sqlType, Object extra);

                        /** Called after the driver registered an OUT parameter by name. */
                        protected abstract void registeredOut(String parameterName, int sqlType, Object extra);

                        /** True if {@link #readOut} wants the values the application reads. */
                        protected abstract boolean recordsOutReads();

                        /** Called after the application read an OUT parameter by position. */
                        protected abstract void readOut(int parameterIndex, Object value, boolean primitive);

                        /** Called after the application read an OUT parameter by name. */
                        protected abstract void readOut(String parameterName, Object value, boolean primitive);
                    """);
            case RESULT_SET -> out.append("""

                        /** True if {@link #read} wants the values the application reads (rows mode, on a kept row). */
                        protected abstract boolean recordsReads();

                        /** Called after the application read a column of the current row by index. */
                        protected abstract void read(int columnIndex, Object value, boolean primitive);

                        /** Called after the application read a column of the current row by label. */
                        protected abstract void read(String columnLabel, Object value, boolean primitive);
                    """);
            default -> { }
        }
        out.append(body);
        out.append("}\n");
    }

    private static List<Method> methodsOf(Class<?> iface, boolean ownOnly) {
        List<Method> all = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        List<Class<?>> types = new ArrayList<>();
        types.add(iface);
        if (!ownOnly) {
            collectSupers(iface, types);
        }
        for (Class<?> t : types) {
            Method[] declared = t.getDeclaredMethods();
            Arrays.sort(declared, Comparator.comparing(ForwardingGenerator::sortKey));
            for (Method m : declared) {
                if (Modifier.isStatic(m.getModifiers()) || m.isSynthetic() || SKIPPED.contains(m.getName())) {
                    continue;
                }
                String sig = m.getName() + Arrays.toString(m.getParameterTypes());
                if (seen.add(sig)) {
                    all.add(m);
                }
            }
        }
        return all;
    }

    private static String sortKey(Method m) {
        return m.getName() + Arrays.toString(m.getParameterTypes());
    }

    private static void collectSupers(Class<?> iface, List<Class<?>> into) {
        for (Class<?> s : iface.getInterfaces()) {
            if (!into.contains(s)) {
                into.add(s);
                collectSupers(s, into);
            }
        }
    }

    private String method(Method m, Kind kind, Set<String> imports) {
        StringBuilder sb = new StringBuilder("\n    @Override\n");
        if (m.isAnnotationPresent(Deprecated.class)) {
            sb.append("    @Deprecated\n    @SuppressWarnings(\"deprecation\")\n");
        }
        sb.append("    public ");
        TypeVariable<Method>[] tvs = m.getTypeParameters();
        if (tvs.length > 0) {
            sb.append("<").append(Arrays.stream(tvs).map(TypeVariable::getName).collect(Collectors.joining(", "))).append("> ");
        }
        sb.append(typeName(m.getGenericReturnType(), imports)).append(" ").append(m.getName()).append("(");
        Type[] params = m.getGenericParameterTypes();
        String[] names = paramNames(m, kind);
        for (int i = 0; i < params.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(typeName(params[i], imports)).append(" ").append(names[i]);
        }
        sb.append(")");
        if (m.getExceptionTypes().length > 0) {
            sb.append(" throws ").append(Arrays.stream(m.getExceptionTypes()).map(c -> {
                imports.add(c.getName());
                return c.getSimpleName();
            }).collect(Collectors.joining(", ")));
        }
        sb.append(" {\n");
        String args = String.join(", ", names);
        String call = "delegate." + m.getName() + "(" + args + ")";
        boolean isVoid = m.getReturnType() == void.class;
        Class<?>[] pt = m.getParameterTypes();
        String name = m.getName();
        boolean setter = (kind == Kind.PARAMETERS || kind == Kind.CALLABLE) && name.startsWith("set")
                && pt.length >= 2 && (pt[0] == int.class || pt[0] == String.class)
                && (SETTER_TYPES.containsKey(name) || name.equals("setNull") || name.equals("setObject"));
        boolean valueGetter = (kind == Kind.RESULT_SET || kind == Kind.CALLABLE) && name.startsWith("get")
                && pt.length >= 1 && (pt[0] == int.class || pt[0] == String.class) && !isVoid
                && !NOT_VALUE_GETTERS.contains(name);
        if (setter) {
            for (int i = 1; i < pt.length; i++) {
                if (pt[i] == java.io.InputStream.class || pt[i] == java.io.Reader.class) {
                    String length = i + 1 < pt.length ? "(long) " + names[i + 1] : "-1L";
                    String hook = pt[i] == java.io.InputStream.class ? "bindStream" : "bindReader";
                    sb.append("        ").append(names[i]).append(" = ").append(hook).append("(Types.")
                            .append(SETTER_TYPES.get(name)).append(", ").append(names[i]).append(", ")
                            .append(length).append(");\n");
                    imports.add("java.sql.Types");
                }
            }
            sb.append("        ").append(call).append(";\n");
            String type;
            String value;
            String extra = "null";
            if (name.equals("setNull")) {
                type = names[1];
                value = "null";
                if (pt.length > 2) extra = names[2];
            } else if (name.equals("setObject")) {
                value = names[1];
                if (pt.length > 2 && pt[2] == int.class) {
                    type = names[2];
                } else if (pt.length > 2 && pt[2] == SQLType.class) {
                    type = "ParameterCapture.typeNumber(" + names[2] + ")";
                } else {
                    type = "ParameterCapture.INFER";
                }
            } else {
                type = "Types." + SETTER_TYPES.get(name);
                imports.add("java.sql.Types");
                value = names[1];
                for (int i = 2; i < pt.length; i++) {
                    if (pt[i] == java.util.Calendar.class) extra = names[i];
                    if (pt[i] == long.class || pt[i] == int.class) extra = names[i];
                }
            }
            sb.append("        bound(").append(names[0]).append(", ").append(type).append(", ").append(value)
                    .append(", ").append(extra).append(");\n");
        } else if (kind == Kind.CALLABLE && name.equals("registerOutParameter")) {
            sb.append("        ").append(call).append(";\n");
            String type = pt[1] == int.class ? names[1] : "ParameterCapture.typeNumber(" + names[1] + ")";
            String extra = pt.length > 2 ? (pt[2] == int.class ? "(Object) " + names[2] : names[2]) : "null";
            sb.append("        registeredOut(").append(names[0]).append(", ").append(type).append(", ").append(extra)
                    .append(");\n");
        } else if (valueGetter) {
            String hook = kind == Kind.RESULT_SET ? "read" : "readOut";
            sb.append("        ").append(typeName(m.getGenericReturnType(), imports)).append(" value = ").append(call)
                    .append(";\n");
            // the guard keeps a primitive from being boxed when nothing is recorded
            sb.append("        if (").append(kind == Kind.RESULT_SET ? "recordsReads" : "recordsOutReads")
                    .append("()) {\n");
            sb.append("            ").append(hook).append("(").append(names[0]).append(", value, ")
                    .append(m.getReturnType().isPrimitive()).append(");\n        }\n");
            sb.append("        return value;\n");
        } else if (name.equals("clearParameters") && kind == Kind.PARAMETERS) {
            sb.append("        ").append(call).append(";\n        cleared();\n");
        } else if (isVoid) {
            sb.append("        ").append(call).append(";\n");
        } else {
            sb.append("        return ").append(call).append(";\n");
        }
        sb.append("    }\n");
        return sb.toString();
    }

    private static String[] paramNames(Method m, Kind kind) {
        Class<?>[] pt = m.getParameterTypes();
        String[] names = new String[pt.length];
        String n = m.getName();
        for (int i = 0; i < pt.length; i++) {
            Class<?> t = pt[i];
            String name;
            if (i == 0 && (n.startsWith("get") || n.startsWith("update") || n.startsWith("set")
                    || n.equals("registerOutParameter") || n.equals("findColumn")) && kind != Kind.PLAIN
                    && (t == int.class || t == String.class)) {
                boolean rs = kind == Kind.RESULT_SET;
                name = t == int.class ? (rs ? "columnIndex" : "parameterIndex") : (rs ? "columnLabel" : "parameterName");
            } else if (i == 0 && t == String.class && (n.startsWith("execute") || n.startsWith("prepare")
                    || n.equals("addBatch") || n.equals("nativeSQL"))) {
                name = "sql";
            } else if (t == java.util.Calendar.class) {
                name = "cal";
            } else if (i == 1 && n.equals("setNull")) {
                name = "sqlType";
            } else if (i == 1 && (n.startsWith("set") || n.startsWith("update")) && kind != Kind.PLAIN) {
                name = "x";
            } else if (t == SQLType.class || (i == 1 && n.equals("registerOutParameter"))) {
                name = i == 1 ? "sqlType" : "targetSqlType";
            } else if (i == 2 && n.equals("setObject") && t == int.class) {
                name = "targetSqlType";
            } else if (i == 3 && n.equals("setObject")) {
                name = "scaleOrLength";
            } else if (i == 2 && n.equals("setNull")) {
                name = "typeName";
            } else if (i > 0 && (t == long.class || t == int.class)
                    && (pt[i - 1] == java.io.InputStream.class || pt[i - 1] == java.io.Reader.class)) {
                name = "length";
            } else {
                name = "arg" + i;
            }
            names[i] = name;
        }
        return names;
    }

    private static String typeName(Type t, Set<String> imports) {
        if (t instanceof Class<?> c) {
            if (c.isArray()) {
                return typeName(c.getComponentType(), imports) + "[]";
            }
            if (!c.isPrimitive() && !c.getPackageName().equals("java.lang")) {
                imports.add(c.getName().replace('$', '.'));
            }
            return c.getSimpleName();
        }
        if (t instanceof ParameterizedType p) {
            return typeName(p.getRawType(), imports) + "<" + Arrays.stream(p.getActualTypeArguments())
                    .map(a -> typeName(a, imports)).collect(Collectors.joining(", ")) + ">";
        }
        if (t instanceof GenericArrayType g) {
            return typeName(g.getGenericComponentType(), imports) + "[]";
        }
        if (t instanceof TypeVariable<?> v) {
            return v.getName();
        }
        if (t instanceof WildcardType w) {
            if (w.getUpperBounds().length > 0 && w.getUpperBounds()[0] != Object.class) {
                return "? extends " + typeName(w.getUpperBounds()[0], imports);
            }
            if (w.getLowerBounds().length > 0) {
                return "? super " + typeName(w.getLowerBounds()[0], imports);
            }
            return "?";
        }
        throw new IllegalArgumentException(t.toString());
    }
}
