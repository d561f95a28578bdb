package dev.witness.masking.internal;

import dev.witness.masking.ParameterColumn;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses one SQL string with JSqlParser and maps each {@code ?} (by its order of appearance,
 * which is the JDBC position) to the column it feeds. Runs on the calling thread, never on a
 * parser-owned executor (JSqlParser's {@code parse(String)} starts a thread per call); the
 * caller caps the SQL length. Never throws: SQL it cannot read binds nothing.
 */
public final class ParameterColumnBinder {

    private ParameterColumnBinder() {
    }

    /** Position (1-based) to column for every parameter the SQL binds to a column. */
    public static Map<Integer, ParameterColumn> bind(String sql) {
        Statement statement = parse(sql);
        if (statement == null) {
            return Map.of();
        }
        Map<Integer, ParameterColumn> out = new HashMap<>();
        try {
            if (statement instanceof Insert insert) {
                bindInsert(insert, out);
            } else if (statement instanceof Update update) {
                bindUpdate(update, out);
            } else if (statement instanceof Delete delete) {
                Aliases aliases = new Aliases();
                aliases.add(delete.getTable());
                aliases.addJoins(delete.getJoins());
                bindCondition(delete.getWhere(), aliases, out);
            } else if (statement instanceof Select select) {
                bindSelect(select, out);
            }
        } catch (RuntimeException e) {
            return Map.of();
        }
        return out;
    }

    private static Statement parse(String sql) {
        try {
            return statement(CCJSqlParserUtil.newParser(sql).withAllowComplexParsing(false));
        } catch (ParseException | RuntimeException | Error e) {
            try {
                return statement(CCJSqlParserUtil.newParser(sql).withAllowComplexParsing(true));
            } catch (ParseException | RuntimeException | JSQLParserException | Error again) {
                if (again instanceof VirtualMachineError vme) {
                    throw vme;
                }
                return null;
            }
        } catch (JSQLParserException e) {
            return null;
        }
    }

    private static Statement statement(CCJSqlParser parser) throws ParseException, JSQLParserException {
        return parser.Statement();
    }

    private static void bindInsert(Insert insert, Map<Integer, ParameterColumn> out) {
        String table = name(insert.getTable());
        ExpressionList<Column> columns = insert.getColumns();
        Values values = insert.getValues();
        if (columns != null && values != null && values.getExpressions() != null) {
            ExpressionList<?> rows = values.getExpressions();
            boolean multiRow = !rows.isEmpty() && rows.stream().allMatch(e -> e instanceof ExpressionList<?>);
            if (multiRow) {
                for (Expression row : rows) {
                    bindRow(table, columns, (ExpressionList<?>) row, out);
                }
            } else {
                bindRow(table, columns, rows, out);
            }
        } else if (insert.getSelect() != null && !(insert.getSelect() instanceof Values)) {
            bindSelect(insert.getSelect(), out);
        }
        if (insert.getDuplicateUpdateSets() != null) {
            bindSets(table, insert.getDuplicateUpdateSets(), out);
        }
    }

    private static void bindRow(String table, List<Column> columns, List<? extends Expression> row,
                                Map<Integer, ParameterColumn> out) {
        for (int i = 0; i < row.size() && i < columns.size(); i++) {
            if (row.get(i) instanceof JdbcParameter p) {
                put(out, p, table, columns.get(i).getColumnName());
            }
        }
    }

    private static void bindUpdate(Update update, Map<Integer, ParameterColumn> out) {
        Aliases aliases = new Aliases();
        aliases.add(update.getTable());
        aliases.addJoins(update.getStartJoins());
        aliases.addFrom(update.getFromItem());
        aliases.addJoins(update.getJoins());
        String table = name(update.getTable());
        bindSets(table, update.getUpdateSets(), out);
        bindCondition(update.getWhere(), aliases, out);
    }

    private static void bindSets(String table, List<UpdateSet> sets, Map<Integer, ParameterColumn> out) {
        for (UpdateSet set : sets) {
            ExpressionList<?> values = set.getValues();
            List<Column> columns = set.getColumns();
            if (values.size() == 1 && values.get(0) instanceof ExpressionList<?> nested && columns.size() > 1) {
                values = nested;
            }
            for (int i = 0; i < values.size() && i < columns.size(); i++) {
                if (values.get(i) instanceof JdbcParameter p) {
                    Column c = columns.get(i);
                    put(out, p, c.getTable() != null && c.getTable().getName() != null ? unquote(c.getTable().getName()) : table,
                            c.getColumnName());
                }
            }
        }
    }

    private static void bindSelect(Select select, Map<Integer, ParameterColumn> out) {
        if (select instanceof PlainSelect plain) {
            Aliases aliases = new Aliases();
            aliases.addFrom(plain.getFromItem());
            aliases.addJoins(plain.getJoins());
            if (plain.getJoins() != null) {
                for (Join join : plain.getJoins()) {
                    for (Expression on : join.getOnExpressions()) {
                        bindCondition(on, aliases, out);
                    }
                }
            }
            bindCondition(plain.getWhere(), aliases, out);
            bindCondition(plain.getHaving(), aliases, out);
        } else if (select instanceof SetOperationList list) {
            for (Select s : list.getSelects()) {
                bindSelect(s, out);
            }
        }
    }

    private static void bindCondition(Expression condition, Aliases aliases, Map<Integer, ParameterColumn> out) {
        if (condition != null) {
            condition.accept(new ComparisonVisitor(aliases, out), null);
        }
    }

    private static void put(Map<Integer, ParameterColumn> out, JdbcParameter p, String table, String column) {
        if (p.getIndex() != null && !p.isUseFixedIndex() && column != null) {
            out.putIfAbsent(p.getIndex(), new ParameterColumn(table, unquote(column)));
        }
    }

    static String name(Table table) {
        return table == null || table.getName() == null ? null : unquote(table.getName());
    }

    static String unquote(String identifier) {
        if (identifier.length() >= 2) {
            char first = identifier.charAt(0);
            char last = identifier.charAt(identifier.length() - 1);
            if ((first == '"' && last == '"') || (first == '`' && last == '`') || (first == '[' && last == ']')) {
                return identifier.substring(1, identifier.length() - 1);
            }
        }
        return identifier;
    }

    /** Table names by alias (and by own name) for the FROM items of one statement. */
    private static final class Aliases {
        private final Map<String, String> tables = new HashMap<>();
        private String single;
        private int count;

        void add(Table table) {
            String n = name(table);
            if (n == null) {
                return;
            }
            count++;
            single = n;
            tables.put(n.toLowerCase(Locale.ROOT), n);
            if (table.getAlias() != null) {
                tables.put(unquote(table.getAlias().getName()).toLowerCase(Locale.ROOT), n);
            }
        }

        void addFrom(FromItem item) {
            if (item instanceof Table t) {
                add(t);
            } else if (item != null) {
                count++;
            }
        }

        void addJoins(List<Join> joins) {
            if (joins != null) {
                for (Join j : joins) {
                    addFrom(j.getFromItem());
                }
            }
        }

        String tableOf(Column column) {
            Table t = column.getTable();
            if (t != null && t.getName() != null) {
                return tables.getOrDefault(unquote(t.getName()).toLowerCase(Locale.ROOT), unquote(t.getName()));
            }
            return count == 1 ? single : null;
        }
    }

    /** Finds {@code column op ?}, {@code ? op column}, {@code column IN (?, ...)} and BETWEEN. */
    private static final class ComparisonVisitor extends ExpressionVisitorAdapter<Void> {
        private final Aliases aliases;
        private final Map<Integer, ParameterColumn> out;

        ComparisonVisitor(Aliases aliases, Map<Integer, ParameterColumn> out) {
            this.aliases = aliases;
            this.out = out;
        }

        @Override
        protected <S> Void visitBinaryExpression(BinaryExpression e, S context) {
            Expression l = e.getLeftExpression();
            Expression r = e.getRightExpression();
            if (l instanceof Column c && r instanceof JdbcParameter p) {
                put(out, p, aliases.tableOf(c), c.getColumnName());
            } else if (r instanceof Column c && l instanceof JdbcParameter p) {
                put(out, p, aliases.tableOf(c), c.getColumnName());
            }
            return super.visitBinaryExpression(e, context);
        }

        @Override
        public <S> Void visit(InExpression e, S context) {
            Expression right = e.getRightExpression();
            // JSqlParser 5.3 reads "a IN (?, ?) AND b = ?" as a IN ((?, ?) AND b = ?): the list is
            // the left-most operand of the right side; the rest is visited as usual below.
            while (right instanceof BinaryExpression b) {
                right = b.getLeftExpression();
            }
            if (e.getLeftExpression() instanceof Column c && right instanceof ExpressionList<?> list) {
                for (Expression item : list) {
                    if (item instanceof JdbcParameter p) {
                        put(out, p, aliases.tableOf(c), c.getColumnName());
                    }
                }
            }
            return super.visit(e, context);
        }

        @Override
        public <S> Void visit(Between e, S context) {
            if (e.getLeftExpression() instanceof Column c) {
                if (e.getBetweenExpressionStart() instanceof JdbcParameter p) {
                    put(out, p, aliases.tableOf(c), c.getColumnName());
                }
                if (e.getBetweenExpressionEnd() instanceof JdbcParameter p) {
                    put(out, p, aliases.tableOf(c), c.getColumnName());
                }
            }
            return super.visit(e, context);
        }
    }
}
