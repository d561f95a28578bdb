package dev.witness.masking;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SqlParameterColumnsTest {

    private static Map<Integer, ParameterColumn> of(String sql) {
        return SqlParameterColumns.of(sql).asMap();
    }

    @Test
    void insertColumnList() {
        assertEquals(Map.of(1, new ParameterColumn("users", "name"), 2, new ParameterColumn("users", "ssn")),
                of("INSERT INTO users (name, ssn) VALUES (?, ?)"));
    }

    @Test
    void insertMultipleRowsAndLiterals() {
        assertEquals(Map.of(1, new ParameterColumn("users", "ssn"), 2, new ParameterColumn("users", "ssn")),
                of("INSERT INTO users (name, ssn) VALUES ('a', ?), ('b', ?)"));
    }

    @Test
    void updateSetAndWhere() {
        assertEquals(Map.of(1, new ParameterColumn("users", "ssn"), 2, new ParameterColumn("users", "email"),
                        3, new ParameterColumn("users", "id")),
                of("UPDATE users SET ssn = ?, email = ? WHERE id = ?"));
    }

    @Test
    void whereWithAliasesInAndBetween() {
        Map<Integer, ParameterColumn> m = of(
                "SELECT u.name FROM users u JOIN cards c ON c.user_id = u.id WHERE c.pan = ? AND u.id IN (?, ?) "
                        + "AND u.created BETWEEN ? AND ? AND ? = u.email");
        assertEquals(new ParameterColumn("cards", "pan"), m.get(1));
        assertEquals(new ParameterColumn("users", "id"), m.get(2));
        assertEquals(new ParameterColumn("users", "id"), m.get(3));
        assertEquals(new ParameterColumn("users", "created"), m.get(4));
        assertEquals(new ParameterColumn("users", "created"), m.get(5));
        assertEquals(new ParameterColumn("users", "email"), m.get(6));
    }

    @Test
    void deleteAndQuotedNames() {
        assertEquals(Map.of(1, new ParameterColumn("users", "ssn")), of("DELETE FROM \"users\" WHERE \"ssn\" = ?"));
    }

    @Test
    void unqualifiedColumnWithJoinHasNoTable() {
        assertEquals(new ParameterColumn(null, "ssn"), of("SELECT 1 FROM a JOIN b ON a.id = b.id WHERE ssn = ?").get(1));
    }

    @Test
    void unreadableSqlBindsNothing() {
        assertTrue(of("THIS IS NOT SQL ? AT ALL").isEmpty());
        assertTrue(of(null).isEmpty());
        assertTrue(SqlParameterColumns.of("SELECT 1").column(1).isEmpty());
    }

    @Test
    void positionsSkipUnboundParameters() {
        Map<Integer, ParameterColumn> m = of("SELECT * FROM t WHERE lower(a) = ? AND b = ?");
        assertEquals(new ParameterColumn("t", "b"), m.get(2));
        assertTrue(!m.containsKey(1));
    }
}
