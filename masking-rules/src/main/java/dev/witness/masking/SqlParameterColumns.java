package dev.witness.masking;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.witness.masking.internal.ParameterColumnBinder;

import java.util.Map;
import java.util.Optional;

/**
 * For each 1-based {@code ?} position of a SQL string, the column that parameter binds to:
 * INSERT column lists (with VALUES rows), UPDATE SET pairs, and comparisons, IN lists and BETWEEN
 * in WHERE / ON / HAVING clauses. Peers log positional parameters only; this is what lets a rule
 * on {@code users.ssn} mask the {@code ?} that feeds it.
 *
 * <p>Each distinct SQL string is parsed once with JSqlParser and the result is kept in a bounded
 * cache, so the cost per execution is one cache look-up. SQL the parser cannot read, or longer
 * than {@link #MAX_SQL_LENGTH}, binds nothing (rules by position or by value detection still
 * apply). Thread-safe; call it from the Recorder's writer thread, not the application's.
 */
public final class SqlParameterColumns {

    /** Statements longer than this are not parsed: their parameters get no column. */
    public static final int MAX_SQL_LENGTH = 64 * 1024;
    /** Distinct SQL strings kept parsed. */
    public static final int CACHE_SIZE = 4_096;

    private static final SqlParameterColumns NONE = new SqlParameterColumns(Map.of());
    private static final Cache<String, SqlParameterColumns> CACHE =
            Caffeine.newBuilder().maximumSize(CACHE_SIZE).build();

    private final Map<Integer, ParameterColumn> byPosition;

    private SqlParameterColumns(Map<Integer, ParameterColumn> byPosition) {
        this.byPosition = byPosition;
    }

    /** The columns of {@code sql}'s parameters; never {@code null}, empty for unreadable SQL. */
    public static SqlParameterColumns of(String sql) {
        if (sql == null || sql.isEmpty() || sql.length() > MAX_SQL_LENGTH || sql.indexOf('?') < 0) {
            return NONE;
        }
        return CACHE.get(sql, s -> {
            Map<Integer, ParameterColumn> bound = ParameterColumnBinder.bind(s);
            return bound.isEmpty() ? NONE : new SqlParameterColumns(Map.copyOf(bound));
        });
    }

    /** The column the parameter at 1-based {@code position} binds to, if the SQL says. */
    public Optional<ParameterColumn> column(int position) {
        return Optional.ofNullable(byPosition.get(position));
    }

    /** Every bound position (1-based) and its column; positions the SQL does not bind are absent. */
    public Map<Integer, ParameterColumn> asMap() {
        return byPosition;
    }
}
