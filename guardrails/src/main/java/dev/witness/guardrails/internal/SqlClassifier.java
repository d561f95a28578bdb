package dev.witness.guardrails.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.witness.guardrails.SqlClass;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.UnsupportedStatement;
import net.sf.jsqlparser.statement.alter.Alter;
import net.sf.jsqlparser.statement.create.index.CreateIndex;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.drop.Drop;
import net.sf.jsqlparser.statement.execute.Execute;
import net.sf.jsqlparser.statement.grant.Grant;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.truncate.Truncate;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.upsert.Upsert;
import net.sf.jsqlparser.util.TablesNamesFinder;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Classifies SQL strings with JSqlParser, once per distinct string: a bounded Caffeine cache maps
 * the string to its {@link SqlFacts}, so a statement executed again costs one look-up (the
 * string's hash is cached in the String itself, and a prepared statement reuses its String).
 *
 * <p>Parsing runs on the calling thread through {@code CCJSqlParserUtil.newParser} (JSqlParser's
 * {@code parse(String)} starts a thread per call). A string the parser cannot read, or parts it
 * reads as {@link UnsupportedStatement}, are classified {@link SqlClass#UNPARSED} plus the
 * classes of their keywords ({@link SqlLexer}), so a policy can deny or approve them rather than
 * letting them through unseen. Strings over {@link #MAX_PARSED_LENGTH} are not parsed or cached.
 *
 * <p>Thread-safe. Never throws for bad SQL.
 */
public final class SqlClassifier {
    /** Longer strings are classified by keywords only and not cached. */
    public static final int MAX_PARSED_LENGTH = 64 * 1024;

    private final Cache<String, SqlFacts> cache;

    public SqlClassifier(int cacheSize) {
        this.cache = Caffeine.newBuilder().maximumSize(cacheSize).build();
    }

    public SqlFacts classify(String sql) {
        if (sql == null) {
            return new SqlFacts(SqlFacts.bit(SqlClass.OTHER), List.of());
        }
        if (sql.length() > MAX_PARSED_LENGTH) {
            return classifyUncached(sql);
        }
        SqlFacts cached = cache.getIfPresent(sql);
        return cached != null ? cached : cache.get(sql, SqlClassifier::classifyUncached);
    }

    /** Exposed for the benchmark's first-seen case. */
    public static SqlFacts classifyUncached(String sql) {
        Statements parsed = sql.length() > MAX_PARSED_LENGTH ? null : parse(sql);
        int bits = 0;
        Set<String> tables = new LinkedHashSet<>();
        boolean unparsed = parsed == null || parsed.isEmpty();
        if (!unparsed) {
            for (Statement s : parsed) {
                if (s == null || s instanceof UnsupportedStatement) {
                    unparsed = true;
                    continue;
                }
                bits |= classes(s);
                tables(s, tables);
            }
            if (parsed.size() > 1) {
                bits |= SqlFacts.bit(SqlClass.MULTI_STATEMENT);
            }
        }
        if (unparsed) {
            bits |= SqlFacts.bit(SqlClass.UNPARSED);
            List<SqlLexer.Piece> pieces = SqlLexer.pieces(sql);
            if (pieces.size() > 1) {
                bits |= SqlFacts.bit(SqlClass.MULTI_STATEMENT);
            }
            for (SqlLexer.Piece p : pieces) {
                bits |= keywordClasses(p);
            }
        }
        if (bits == 0) {
            bits = SqlFacts.bit(SqlClass.OTHER);
        }
        return new SqlFacts(bits, new ArrayList<>(tables));
    }

    private static Statements parse(String sql) {
        try {
            return CCJSqlParserUtil.newParser(sql).withAllowComplexParsing(false).Statements();
        } catch (Exception | StackOverflowError e) {
            try {
                return CCJSqlParserUtil.newParser(sql).withAllowComplexParsing(true).Statements();
            } catch (Exception | StackOverflowError again) {
                return null;
            }
        }
    }

    private static int classes(Statement s) {
        if (s instanceof Select) {
            return SqlFacts.bit(SqlClass.SELECT);
        }
        if (s instanceof Insert) {
            return SqlFacts.bit(SqlClass.INSERT);
        }
        if (s instanceof Update u) {
            return SqlFacts.bit(SqlClass.UPDATE) | (u.getWhere() == null ? SqlFacts.bit(SqlClass.UPDATE_WITHOUT_WHERE) : 0);
        }
        if (s instanceof Delete d) {
            return SqlFacts.bit(SqlClass.DELETE) | (d.getWhere() == null ? SqlFacts.bit(SqlClass.DELETE_WITHOUT_WHERE) : 0);
        }
        if (s instanceof Merge || s instanceof Upsert) {
            return SqlFacts.bit(SqlClass.MERGE);
        }
        if (s instanceof Execute) {
            return SqlFacts.bit(SqlClass.CALL);
        }
        if (s instanceof Grant) {
            return SqlFacts.bit(SqlClass.GRANT);
        }
        if (s instanceof Drop) {
            return SqlFacts.bit(SqlClass.DROP) | SqlFacts.bit(SqlClass.DDL);
        }
        if (s instanceof Truncate) {
            return SqlFacts.bit(SqlClass.TRUNCATE) | SqlFacts.bit(SqlClass.DDL);
        }
        String pkg = s.getClass().getPackageName();
        if (pkg.startsWith("net.sf.jsqlparser.statement.create") || pkg.startsWith("net.sf.jsqlparser.statement.alter")
                || pkg.startsWith("net.sf.jsqlparser.statement.comment")
                || s instanceof net.sf.jsqlparser.statement.CreateFunctionalStatement) {
            return SqlFacts.bit(SqlClass.DDL);
        }
        return SqlFacts.bit(SqlClass.OTHER);
    }

    private static int keywordClasses(SqlLexer.Piece p) {
        switch (p.keyword()) {
            case "SELECT": case "WITH": case "VALUES": case "TABLE": case "SHOW":
                return SqlFacts.bit(SqlClass.SELECT);
            case "INSERT": case "REPLACE":
                return SqlFacts.bit(SqlClass.INSERT);
            case "UPDATE":
                return SqlFacts.bit(SqlClass.UPDATE) | (p.hasWhere() ? 0 : SqlFacts.bit(SqlClass.UPDATE_WITHOUT_WHERE));
            case "DELETE":
                return SqlFacts.bit(SqlClass.DELETE) | (p.hasWhere() ? 0 : SqlFacts.bit(SqlClass.DELETE_WITHOUT_WHERE));
            case "MERGE": case "UPSERT":
                return SqlFacts.bit(SqlClass.MERGE);
            case "CALL": case "EXEC": case "EXECUTE": case "DO":
                return SqlFacts.bit(SqlClass.CALL);
            case "CREATE": case "ALTER": case "RENAME": case "COMMENT":
                return SqlFacts.bit(SqlClass.DDL);
            case "DROP":
                return SqlFacts.bit(SqlClass.DROP) | SqlFacts.bit(SqlClass.DDL);
            case "TRUNCATE":
                return SqlFacts.bit(SqlClass.TRUNCATE) | SqlFacts.bit(SqlClass.DDL);
            case "GRANT":
                return SqlFacts.bit(SqlClass.GRANT);
            case "REVOKE":
                return SqlFacts.bit(SqlClass.REVOKE);
            default:
                return SqlFacts.bit(SqlClass.OTHER);
        }
    }

    private static void tables(Statement s, Set<String> out) {
        try {
            if (s instanceof Drop d) {
                add(d.getName(), out);
            } else if (s instanceof Truncate t) {
                add(t.getTable(), out);
                if (t.getTables() != null) {
                    t.getTables().forEach(x -> add(x, out));
                }
            } else if (s instanceof Alter a) {
                add(a.getTable(), out);
            } else if (s instanceof CreateTable c) {
                add(c.getTable(), out);
            } else if (s instanceof CreateIndex c) {
                add(c.getTable(), out);
            } else if (s instanceof Grant g) {
                if (g.getObjectName() != null) {
                    out.add(normalize(g.getObjectName()));
                }
            }
        } catch (RuntimeException ignored) {
            // a statement shape the getters do not cover: no tables from it
        }
        try {
            for (String t : new TablesNamesFinder<Void>().getTables(s)) {
                out.add(normalize(t));
            }
        } catch (RuntimeException ignored) {
            // TablesNamesFinder throws UnsupportedOperationException for some statement types
        }
    }

    private static void add(Table t, Set<String> out) {
        if (t != null && t.getFullyQualifiedName() != null) {
            out.add(normalize(t.getFullyQualifiedName()));
        }
    }

    private static String normalize(String name) {
        return name.replace("\"", "").replace("`", "").replace("[", "").replace("]", "").toLowerCase(Locale.ROOT);
    }
}
