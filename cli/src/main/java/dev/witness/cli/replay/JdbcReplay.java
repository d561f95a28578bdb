package dev.witness.cli.replay;

import dev.witness.masking.MaskedField;
import dev.witness.masking.RuleMasker;
import dev.witness.recorder.event.Column;
import dev.witness.recorder.event.Event;
import dev.witness.recorder.event.Failure;
import dev.witness.recorder.event.Parameter;
import dev.witness.recorder.event.Parameters;
import dev.witness.recorder.event.Result;
import dev.witness.recorder.event.Statement;
import dev.witness.recorder.event.Transaction;
import dev.witness.recorder.event.UpdateCount;
import dev.witness.recorder.format.RecordedEvent;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.JDBCType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Calendar;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TimeZone;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Re-executes a recorded JDBC session's statements, in order, on a sandbox connection and
 * compares what the database answers now with what was recorded: result columns and rows (as
 * far as the application read them), row counts, update counts, errors.
 *
 * <p>Safety, in this order: everything runs in one transaction that is rolled back at the end
 * unless {@code commit}; without {@code allowWrites} only statements that read (SELECT, WITH,
 * VALUES, SHOW, EXPLAIN, TABLE) run and the connection is also marked read-only. The recording's
 * own transaction boundaries are replayed as savepoints inside that transaction (a recorded
 * rollback really undoes what it undid), and each statement runs under its own savepoint so that
 * an error does not abort the rest (PostgreSQL would refuse every later statement).
 *
 * <p>Values: parameters are bound with the setter their recorded JDBC type names; a masked value
 * (see {@link MaskedValues}) is bound as its masked text and reported. With the recording's
 * masking rules, replayed result values are masked by them before comparison, so masked columns
 * compare like for like. Not thread-safe: one replay, one connection.
 */
public final class JdbcReplay {
    /** SQL that only reads, by its first keyword. */
    private static final Set<String> READ_KEYWORDS = Set.of("select", "with", "values", "show", "explain", "table");
    private static final Pattern DIGEST = Pattern.compile("len=(\\d+);sha256=([0-9a-f]{64})(?:;base64=([A-Za-z0-9+/=]*))?");
    private static final String CUT_MARKER = "…[cut]";
    private static final String NOT_READ = "[not read]";
    private static final int SHOWN_ROW_DIFFERENCES = 5;

    /**
     * @param allowWrites run statements that write (else they are skipped)
     * @param commit      commit at the end (else roll back)
     * @param masker      the recording's masking rules, or {@code null}
     * @param maxRows     rows read per result when the recording kept none
     */
    public record Options(boolean allowWrites, boolean commit, RuleMasker masker, int maxRows) {
    }

    /**
     * What the replay found.
     *
     * @param same       statements that gave what was recorded
     * @param different  statements that did not
     * @param skipped    statements not run (writes in read-only mode, values that cannot be replayed)
     * @param masked     masked values sent as their masked text
     */
    public record Outcome(int same, int different, int skipped, int masked) {
    }

    private final Connection connection;
    private final Options options;
    private final PrintWriter out;
    private final Map<String, Savepoint> savepoints = new HashMap<>();
    private Savepoint transactionStart;
    private Savepoint sessionStart;
    private String source;
    private String target;
    private int same;
    private int different;
    private int skipped;
    private int masked;
    private boolean ddlReplayed;

    public JdbcReplay(Connection connection, Options options, PrintWriter out) {
        this.connection = connection;
        this.options = options;
        this.out = out;
    }

    /** Replays the events of one session (as read back) and prints each step and its differences. */
    public Outcome replay(String source, String target, List<RecordedEvent> events) throws SQLException {
        this.source = source;
        this.target = target;
        List<Object> steps = steps(events);
        connection.setAutoCommit(false);
        if (!options.allowWrites()) {
            try {
                connection.setReadOnly(true);
            } catch (SQLException ignored) {
                // a hint only; the keyword check and the rollback still apply
            }
        }
        sessionStart = savepoint();
        try {
            for (Object step : steps) {
                if (step instanceof Call c) {
                    call(c);
                } else if (step instanceof Tx t) {
                    transaction(t);
                }
            }
        } finally {
            if (options.commit()) {
                connection.commit();
            } else {
                connection.rollback();
            }
        }
        if (ddlReplayed && !options.commit()) {
            out.println("note: DDL was replayed; databases that commit DDL implicitly (H2, MySQL, Oracle) keep it despite the rollback");
        }
        return new Outcome(same, different, skipped, masked);
    }

    // ---- building the steps -------------------------------------------------------------

    /** One recorded execution and everything recorded about its outcome. */
    private static final class Call {
        final long seq;
        final Statement statement;
        Parameters parameters;
        final List<Result> results = new ArrayList<>();
        UpdateCount updateCount;
        Failure failure;

        Call(long seq, Statement statement) {
            this.seq = seq;
            this.statement = statement;
        }
    }

    private record Tx(long seq, Transaction transaction) {
    }

    private static List<Object> steps(List<RecordedEvent> events) {
        List<Object> steps = new ArrayList<>();
        Map<Long, Call> calls = new LinkedHashMap<>();
        for (RecordedEvent r : events) {
            for (Event e : r.event().parts()) { // a statement's line may carry its parameters, counts and result
                if (e instanceof Statement s) {
                    Call c = new Call(r.sequence(), s);
                    calls.put(s.call(), c);
                    steps.add(c);
                } else if (e instanceof Parameters p && calls.containsKey(p.call())) {
                    calls.get(p.call()).parameters = p;
                } else if (e instanceof Result res && calls.containsKey(res.call())) {
                    calls.get(res.call()).results.add(res);
                } else if (e instanceof UpdateCount u && calls.containsKey(u.call())) {
                    calls.get(u.call()).updateCount = u;
                } else if (e instanceof Failure f && calls.containsKey(f.call())) {
                    calls.get(f.call()).failure = f;
                } else if (e instanceof Transaction t) {
                    steps.add(new Tx(r.sequence(), t));
                }
            }
        }
        return steps;
    }

    // ---- transactions -------------------------------------------------------------------

    private void transaction(Tx t) throws SQLException {
        String action = t.transaction().action();
        String name = t.transaction().name();
        String how;
        try {
            switch (action) {
                case "begin" -> {
                    transactionStart = savepoint();
                    how = "savepoint";
                }
                case "commit" -> {
                    transactionStart = savepoint();
                    how = "kept until the end of the replay";
                }
                case "rollback" -> {
                    Savepoint to = transactionStart != null ? transactionStart : sessionStart;
                    if (to != null) {
                        connection.rollback(to);
                    }
                    transactionStart = savepoint();
                    how = "rolled back to the transaction's savepoint";
                }
                case "savepoint" -> {
                    savepoints.put(name, savepoint());
                    how = "savepoint";
                }
                case "rollback_to_savepoint" -> {
                    Savepoint sp = savepoints.get(name);
                    if (sp != null) {
                        connection.rollback(sp);
                    }
                    how = sp == null ? "savepoint not known" : "rolled back to it";
                }
                case "release_savepoint" -> {
                    Savepoint sp = savepoints.remove(name);
                    if (sp != null) {
                        connection.releaseSavepoint(sp);
                    }
                    how = "released";
                }
                default -> how = "not replayed";
            }
        } catch (SQLException e) {
            how = "not replayed: " + oneLine(e.getMessage());
        }
        out.printf("#%-4d txn      %s%s: %s%n", t.seq(), action, name == null ? "" : " " + name, how);
    }

    private Savepoint savepoint() {
        try {
            return connection.setSavepoint();
        } catch (SQLException e) {
            return null;
        }
    }

    // ---- one call -----------------------------------------------------------------------

    private void call(Call c) throws SQLException {
        String sql = c.statement.sql();
        String kind = c.statement.kind();
        String head = String.format("#%-4d %%-8s %s", c.seq, oneLine(sql));
        List<String> notes = new ArrayList<>();
        if (!options.allowWrites() && !reads(sql)) {
            skipped++;
            out.println(String.format(head, "skipped") + "  (" + kind + ": writes are replayed only with --allow-writes)");
            return;
        }
        List<List<Parameter>> sets = c.parameters == null ? List.of() : c.parameters.sets();
        for (List<Parameter> set : sets) {
            for (Parameter p : set) {
                String why = unreplayable(p);
                if (why != null) {
                    skipped++;
                    out.println(String.format(head, "skipped") + "  (parameter " + label(p) + " " + why + ")");
                    return;
                }
                if (MaskedValues.looksMasked(p.value())) {
                    masked++;
                    notes.add("parameter " + label(p) + " is masked in the recording: replayed masked (" + p.value() + ")");
                }
            }
        }
        if (MaskedValues.sqlHoldsMaskedLiteral(sql)) {
            masked++;
            notes.add("the SQL holds masked literals: replayed masked");
        }
        if ("ddl".equals(kind)) {
            ddlReplayed = true;
        }
        Savepoint before = savepoint();
        Replayed now = new Replayed();
        try {
            execute(c, sets, now);
            if (before != null) {
                connection.releaseSavepoint(before);
            }
        } catch (SQLException e) {
            now.error = e;
            if (before != null) {
                try {
                    connection.rollback(before);
                } catch (SQLException ignored) {
                    // the statement's error is what is reported
                }
            }
        }
        List<String> diff = compare(c, now);
        if (diff.isEmpty()) {
            same++;
            out.println(String.format(head, "same") + "  (" + now.describe() + ")");
        } else {
            different++;
            out.println(String.format(head, "DIFF"));
            diff.forEach(d -> out.println("        " + d));
        }
        notes.forEach(n -> out.println("        note: " + n));
    }

    /** What the database answered in the replay. */
    private static final class Replayed {
        final List<ReplayedResult> results = new ArrayList<>();
        final List<Long> counts = new ArrayList<>();
        SQLException error;

        String describe() {
            if (error != null) {
                return "error " + (error.getSQLState() == null ? "" : error.getSQLState() + " ") + "as recorded";
            }
            List<String> parts = new ArrayList<>();
            results.forEach(r -> parts.add(r.rows.size() + (r.rows.size() == 1 ? " row" : " rows")));
            if (!counts.isEmpty()) {
                parts.add("updated " + (counts.size() == 1 ? counts.get(0).toString() : counts.toString()));
            }
            return parts.isEmpty() ? "ok" : String.join(", ", parts);
        }
    }

    private record ReplayedResult(List<String> labels, List<String> tables, List<List<Cell>> rows) {
    }

    /** A replayed value as text, and the other spellings it may have been recorded in. */
    private record Cell(String text, String alternative) {
    }

    private void execute(Call c, List<List<Parameter>> sets, Replayed now) throws SQLException {
        String sql = c.statement.sql();
        if ("batch".equals(c.statement.kind())) {
            if (sets.isEmpty()) {
                try (java.sql.Statement s = connection.createStatement()) {
                    for (String part : sql.split(";\n")) {
                        s.addBatch(part);
                    }
                    for (int n : s.executeBatch()) {
                        now.counts.add((long) n);
                    }
                }
            } else {
                try (PreparedStatement ps = connection.prepareStatement(sql)) {
                    for (List<Parameter> set : sets) {
                        bind(ps, set);
                        ps.addBatch();
                    }
                    for (int n : ps.executeBatch()) {
                        now.counts.add((long) n);
                    }
                }
            }
            return;
        }
        boolean call = "call".equals(c.statement.kind());
        if (sets.isEmpty() && !call) {
            try (java.sql.Statement s = connection.createStatement()) {
                collect(c, s, s.execute(sql), now);
            }
            return;
        }
        try (PreparedStatement ps = call ? connection.prepareCall(sql) : connection.prepareStatement(sql)) {
            if (!sets.isEmpty()) {
                bind(ps, sets.get(0));
            }
            collect(c, ps, ps.execute(), now);
        }
    }

    private void collect(Call c, java.sql.Statement s, boolean isResult, Replayed now) throws SQLException {
        int resultIndex = 0;
        while (true) {
            if (isResult) {
                Result recorded = resultIndex < c.results.size() ? c.results.get(resultIndex) : null;
                try (ResultSet rs = s.getResultSet()) {
                    now.results.add(read(rs, recorded));
                }
                resultIndex++;
            } else {
                long n = s.getLargeUpdateCount();
                if (n == -1) {
                    return;
                }
                now.counts.add(n);
            }
            isResult = s.getMoreResults();
        }
    }

    private ReplayedResult read(ResultSet rs, Result recorded) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        List<String> labels = new ArrayList<>(n);
        List<String> tables = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            labels.add(md.getColumnLabel(i));
            String t = md.getTableName(i);
            tables.add(t == null || t.isEmpty() ? null : t);
        }
        // read as far as the application did, and one row more to see whether there were more
        long limit = recorded == null ? options.maxRows() : recorded.rowCount() + 1;
        List<List<Cell>> rows = new ArrayList<>();
        while (rows.size() < limit && rs.next()) {
            List<Cell> row = new ArrayList<>(n);
            for (int i = 1; i <= n; i++) {
                row.add(cell(rs, i));
            }
            rows.add(row);
        }
        return new ReplayedResult(labels, tables, rows);
    }

    private static Cell cell(ResultSet rs, int i) throws SQLException {
        Object v = rs.getObject(i);
        if (v == null) {
            return new Cell(null, null);
        }
        String text;
        if (v instanceof BigDecimal d) {
            text = d.toPlainString();
        } else if (v instanceof byte[] b) {
            text = "len=" + b.length + ";sha256=" + HexFormat.of().formatHex(sha256(b));
        } else if (v instanceof Blob) {
            text = "[BLOB]";
        } else if (v instanceof Clob) {
            text = v instanceof java.sql.NClob ? "[NCLOB]" : "[CLOB]";
        } else if (v instanceof java.sql.Array) {
            text = "[ARRAY]";
        } else {
            text = v.toString();
        }
        String alternative = null;
        if (!(v instanceof byte[] || v instanceof Blob || v instanceof Clob || v instanceof java.sql.Array)) {
            try {
                alternative = rs.getString(i);
            } catch (SQLException ignored) {
                // getObject's text is enough
            }
        }
        return new Cell(text, alternative);
    }

    // ---- comparing ----------------------------------------------------------------------

    private List<String> compare(Call c, Replayed now) {
        List<String> diff = new ArrayList<>();
        Failure was = c.failure;
        SQLException is = now.error;
        if (was != null || is != null) {
            if (was != null && is != null) {
                if (!Objects.equals(was.sqlState(), is.getSQLState())) {
                    diff.add("- error " + was.sqlState() + " " + oneLine(was.message()));
                    diff.add("+ error " + is.getSQLState() + " " + oneLine(is.getMessage()));
                }
            } else if (was != null) {
                diff.add("- error " + was.sqlState() + " " + oneLine(was.message()));
                diff.add("+ no error (" + now.describe() + ")");
            } else {
                diff.add("- no error");
                diff.add("+ error " + is.getSQLState() + " " + oneLine(is.getMessage()));
            }
            return diff;
        }
        for (int i = 0; i < Math.max(c.results.size(), now.results.size()); i++) {
            Result recorded = i < c.results.size() ? c.results.get(i) : null;
            ReplayedResult replayed = i < now.results.size() ? now.results.get(i) : null;
            String which = c.results.size() + now.results.size() > 2 ? "result " + (i + 1) + ": " : "";
            if (recorded == null) {
                if (!c.results.isEmpty()) {
                    // with witness.jdbc.results=none nothing was kept to compare with
                    diff.add("+ " + which + "a result the recording does not have (" + replayed.rows.size() + " rows)");
                }
                continue;
            }
            if (replayed == null) {
                diff.add("- " + which + recorded.rowCount() + " rows");
                diff.add("+ " + which + "no result");
                continue;
            }
            compareResult(which, recorded, replayed, diff);
        }
        if (c.updateCount != null && !c.updateCount.counts().equals(now.counts)) {
            diff.add("- updated " + c.updateCount.counts());
            diff.add("+ updated " + now.counts);
        }
        return diff;
    }

    private void compareResult(String which, Result recorded, ReplayedResult replayed, List<String> diff) {
        if (!recorded.columns().isEmpty()) {
            List<String> was = recorded.columns().stream().map(col -> col.label().toLowerCase(Locale.ROOT)).toList();
            List<String> is = replayed.labels.stream().map(l -> l.toLowerCase(Locale.ROOT)).toList();
            if (!was.equals(is)) {
                diff.add("- " + which + "columns " + recorded.columns().stream().map(Column::label).toList());
                diff.add("+ " + which + "columns " + replayed.labels);
                return;
            }
        }
        long replayedRows = replayed.rows.size();
        if (replayedRows != recorded.rowCount()) {
            diff.add("- " + which + recorded.rowCount() + (recorded.rowCount() == 1 ? " row" : " rows") + " read by the application");
            diff.add("+ " + which + (replayedRows > recorded.rowCount() ? "more than " + recorded.rowCount() : String.valueOf(replayedRows))
                    + " rows" + (replayedRows > recorded.rowCount() ? " (the application may have stopped reading early)" : ""));
        }
        int shown = 0;
        for (int r = 0; r < Math.min(recorded.rows().size(), replayed.rows.size()); r++) {
            List<String> was = recorded.rows().get(r);
            List<Cell> is = replayed.rows.get(r);
            if (!rowMatches(recorded, was, is, replayed)) {
                if (shown++ < SHOWN_ROW_DIFFERENCES) {
                    diff.add("- " + which + "row " + (r + 1) + ": " + row(was));
                    diff.add("+ " + which + "row " + (r + 1) + ": " + rowOf(is, replayed, recorded));
                }
            }
        }
        if (shown > SHOWN_ROW_DIFFERENCES) {
            diff.add("  " + which + "... " + (shown - SHOWN_ROW_DIFFERENCES) + " more rows differ");
        }
    }

    private boolean rowMatches(Result recorded, List<String> was, List<Cell> is, ReplayedResult replayed) {
        if (was.size() != is.size()) {
            return false;
        }
        for (int i = 0; i < was.size(); i++) {
            if (!cellMatches(was.get(i), is.get(i), column(recorded, replayed, i), i + 1)) {
                return false;
            }
        }
        return true;
    }

    private Column column(Result recorded, ReplayedResult replayed, int i) {
        if (i < recorded.columns().size()) {
            return recorded.columns().get(i);
        }
        return new Column(replayed.labels.get(i), replayed.tables.get(i), null);
    }

    private boolean cellMatches(String was, Cell is, Column column, int position) {
        if (NOT_READ.equals(was)) {
            return true;
        }
        if (was == null || is.text() == null) {
            return was == null && is.text() == null;
        }
        for (String candidate : new String[]{is.text(), is.alternative()}) {
            if (candidate == null) {
                continue;
            }
            if (was.equals(candidate) || numericallyEqual(was, candidate)
                    || (was.endsWith(CUT_MARKER) && candidate.startsWith(was.substring(0, was.length() - CUT_MARKER.length())))) {
                return true;
            }
            if (options.masker() != null && was.equals(options.masker().mask(new MaskedField(MaskedField.Kind.RESULT_VALUE,
                    source, target, column.table(), column.label(), position), candidate))) {
                return true;
            }
        }
        return false;
    }

    private String rowOf(List<Cell> cells, ReplayedResult replayed, Result recorded) {
        List<String> texts = new ArrayList<>(cells.size());
        for (int i = 0; i < cells.size(); i++) {
            String t = cells.get(i).text();
            if (t != null && options.masker() != null) {
                Column col = column(recorded, replayed, i);
                t = options.masker().mask(new MaskedField(MaskedField.Kind.RESULT_VALUE, source, target, col.table(),
                        col.label(), i + 1), t);
            }
            texts.add(t);
        }
        return row(texts);
    }

    private static boolean numericallyEqual(String a, String b) {
        if (a.isEmpty() || b.isEmpty() || !isNumberStart(a.charAt(0)) || !isNumberStart(b.charAt(0))) {
            return false;
        }
        try {
            return new BigDecimal(a).compareTo(new BigDecimal(b)) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean isNumberStart(char c) {
        return Character.isDigit(c) || c == '-' || c == '+' || c == '.';
    }

    // ---- binding ------------------------------------------------------------------------

    /** Why a recorded parameter cannot be sent again, or {@code null} if it can. */
    private static String unreplayable(Parameter p) {
        String v = p.value();
        if (v == null) {
            return null;
        }
        if (v.endsWith(CUT_MARKER)) {
            return "was recorded cut to its first bytes";
        }
        String type = baseType(p.jdbcType());
        if (isBinary(type) || isLob(type)) {
            Matcher m = DIGEST.matcher(v);
            if (m.matches() && m.group(3) != null
                    && Base64.getDecoder().decode(m.group(3)).length == Long.parseLong(m.group(1))) {
                return null;
            }
            return "was recorded as its length and digest, not its bytes";
        }
        if (v.startsWith("[") && (v.equals("[BLOB]") || v.equals("[CLOB]") || v.equals("[NCLOB]") || v.equals("[SQLXML]")
                || v.equals("[REF]") || v.equals("[ARRAY]") || v.equals("[STREAM]"))) {
            return "was recorded as the marker " + v;
        }
        if ("ARRAY".equals(type)) {
            return "is an array (recorded as text)";
        }
        return null;
    }

    private void bind(PreparedStatement ps, List<Parameter> set) throws SQLException {
        for (Parameter p : set) {
            if (p.index() < 1) {
                continue;
            }
            String declared = p.jdbcType() == null ? "OTHER" : p.jdbcType();
            boolean out = declared.startsWith("OUT ") || declared.startsWith("INOUT ");
            String type = baseType(declared);
            if (out && ps instanceof CallableStatement cs) {
                cs.registerOutParameter(p.index(), typeNumber(type));
                if (declared.startsWith("OUT ")) {
                    continue;
                }
            }
            bindValue(ps, p.index(), type, p.value());
        }
    }

    private static void bindValue(PreparedStatement ps, int i, String type, String v) throws SQLException {
        if (v == null) {
            ps.setNull(i, "NULL".equals(type) ? Types.NULL : typeNumber(type));
            return;
        }
        if (MaskedValues.looksMasked(v)) {
            ps.setString(i, v);
            return;
        }
        try {
            switch (type) {
                case "TINYINT" -> ps.setByte(i, Byte.parseByte(v));
                case "SMALLINT" -> ps.setShort(i, Short.parseShort(v));
                case "INTEGER" -> ps.setInt(i, Integer.parseInt(v));
                case "BIGINT" -> ps.setLong(i, Long.parseLong(v));
                case "REAL" -> ps.setFloat(i, Float.parseFloat(v));
                case "FLOAT", "DOUBLE" -> ps.setDouble(i, Double.parseDouble(v));
                case "DECIMAL", "NUMERIC" -> ps.setBigDecimal(i, new BigDecimal(v));
                case "BOOLEAN", "BIT" -> ps.setBoolean(i, Boolean.parseBoolean(v));
                case "DATE" -> ps.setDate(i, java.sql.Date.valueOf(v));
                case "TIME" -> ps.setTime(i, java.sql.Time.valueOf(v));
                case "TIMESTAMP" -> bindTimestamp(ps, i, v);
                case "TIMESTAMP_WITH_TIMEZONE" -> ps.setObject(i, OffsetDateTime.parse(v));
                case "BINARY", "VARBINARY", "LONGVARBINARY", "BLOB" -> ps.setBytes(i, digestBytes(v));
                case "CHAR", "VARCHAR", "LONGVARCHAR", "NCHAR", "NVARCHAR", "LONGNVARCHAR", "CLOB", "NCLOB" -> ps.setString(i, v);
                default -> ps.setObject(i, v);
            }
        } catch (IllegalArgumentException e) {
            // the recorded text does not read as its type (a masked or free-form value): send it as text
            ps.setString(i, v);
        }
    }

    private static void bindTimestamp(PreparedStatement ps, int i, String v) throws SQLException {
        int zoneAt = v.indexOf(" @");
        if (zoneAt > 0) {
            Calendar cal = Calendar.getInstance(TimeZone.getTimeZone(v.substring(zoneAt + 2)));
            ps.setTimestamp(i, java.sql.Timestamp.valueOf(v.substring(0, zoneAt)), cal);
        } else if (v.indexOf('T') > 0 && v.endsWith("Z")) {
            ps.setTimestamp(i, java.sql.Timestamp.from(Instant.parse(v)));
        } else if (v.indexOf('T') > 0) {
            ps.setObject(i, LocalDateTime.parse(v));
        } else {
            ps.setTimestamp(i, java.sql.Timestamp.valueOf(v));
        }
    }

    private static byte[] digestBytes(String v) {
        Matcher m = DIGEST.matcher(v);
        if (!m.matches() || m.group(3) == null) {
            throw new IllegalArgumentException("not replayable bytes");
        }
        return Base64.getDecoder().decode(m.group(3));
    }

    private static String baseType(String jdbcType) {
        if (jdbcType == null) {
            return "OTHER";
        }
        String t = jdbcType.startsWith("INOUT ") ? jdbcType.substring(6) : jdbcType.startsWith("OUT ") ? jdbcType.substring(4) : jdbcType;
        return t.toUpperCase(Locale.ROOT);
    }

    private static boolean isBinary(String type) {
        return type.equals("BINARY") || type.equals("VARBINARY") || type.equals("LONGVARBINARY") || type.equals("BLOB");
    }

    private static boolean isLob(String type) {
        return type.equals("CLOB") || type.equals("NCLOB");
    }

    private static int typeNumber(String type) {
        try {
            return JDBCType.valueOf(type).getVendorTypeNumber();
        } catch (IllegalArgumentException e) {
            return Types.OTHER;
        }
    }

    // ---- text ---------------------------------------------------------------------------

    /** True if the SQL's first keyword only reads. Comments and parentheses before it are skipped. */
    static boolean reads(String sql) {
        String s = sql == null ? "" : sql.strip();
        while (true) {
            if (s.startsWith("--")) {
                int nl = s.indexOf('\n');
                s = nl < 0 ? "" : s.substring(nl + 1).strip();
            } else if (s.startsWith("/*")) {
                int end = s.indexOf("*/");
                s = end < 0 ? "" : s.substring(end + 2).strip();
            } else if (s.startsWith("(")) {
                s = s.substring(1).strip();
            } else {
                break;
            }
        }
        int end = 0;
        while (end < s.length() && Character.isLetter(s.charAt(end))) {
            end++;
        }
        String keyword = s.substring(0, end).toLowerCase(Locale.ROOT);
        if (!READ_KEYWORDS.contains(keyword)) {
            return false;
        }
        // a WITH may wrap a write (WITH x AS (...) DELETE ...); SELECT ... FOR UPDATE locks
        String lower = s.toLowerCase(Locale.ROOT);
        return !(keyword.equals("with") && (lower.matches("(?s).*\\b(insert|update|delete|merge)\\b.*")))
                && !lower.matches("(?s).*\\bfor\\s+update\\b.*") && !lower.matches("(?s).*\\binto\\b.*");
    }

    private static String label(Parameter p) {
        String where = p.column() != null ? p.column() : p.name();
        return p.index() + (where == null ? "" : " (" + where + ")");
    }

    private static String row(List<String> row) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < row.size(); i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(row.get(i) == null ? "NULL" : row.get(i));
        }
        return b.append(']').toString();
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("[\\r\\n\\t]+", " ").strip();
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
