package dev.witness.guardrails;

import dev.witness.guardrails.internal.SqlClassifier;
import dev.witness.guardrails.internal.SqlFacts;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SqlClassifierTest {
    private final SqlClassifier classifier = new SqlClassifier(100);

    private List<String> classes(String sql) {
        return classifier.classify(sql).classNames();
    }

    @Test
    void statementClasses() {
        assertEquals(List.of("select"), classes("SELECT * FROM accounts WHERE id = ?"));
        assertEquals(List.of("insert"), classes("INSERT INTO accounts (id) VALUES (?)"));
        assertEquals(List.of("update"), classes("UPDATE accounts SET balance = 0 WHERE id = 1"));
        assertEquals(List.of("update", "update_without_where"), classes("UPDATE accounts SET balance = 0"));
        assertEquals(List.of("delete"), classes("DELETE FROM accounts WHERE id = 1"));
        assertEquals(List.of("delete", "delete_without_where"), classes("delete from accounts"));
        assertEquals(List.of("ddl", "drop"), classes("DROP TABLE accounts"));
        assertEquals(List.of("ddl", "truncate"), classes("TRUNCATE TABLE accounts"));
        assertEquals(List.of("ddl"), classes("CREATE TABLE t (id INT)"));
        assertEquals(List.of("ddl"), classes("ALTER TABLE t ADD COLUMN x INT"));
        assertEquals(List.of("ddl"), classes("CREATE INDEX i ON t (id)"));
        assertEquals(List.of("grant"), classes("GRANT SELECT ON accounts TO bob"));
        assertTrue(classes("REVOKE SELECT ON accounts FROM bob").contains("revoke"));
    }

    @Test
    void multiStatementStrings() {
        assertEquals(List.of("select", "ddl", "drop", "multi_statement"),
                classes("SELECT 1; DROP TABLE accounts"));
        assertEquals(List.of("select"), classes("SELECT 1;"));
        assertEquals(List.of("select"), classes("SELECT ';DROP TABLE x' FROM t"));
    }

    @Test
    void tablesAreNamed() {
        assertEquals(List.of("hr.payroll"), classifier.classify("UPDATE hr.payroll SET x = 1 WHERE id = 2").tables());
        assertTrue(classifier.classify("SELECT * FROM a JOIN b ON a.id = b.id").tables().containsAll(List.of("a", "b")));
        assertEquals(List.of("accounts"), classifier.classify("DROP TABLE accounts").tables());
        assertEquals(List.of("accounts"), classifier.classify("TRUNCATE TABLE \"accounts\"").tables());
    }

    @Test
    void unreadableSqlIsClassifiedByKeywordsAndErrsTowardsMore() {
        List<String> c = classes("DELETE FROM accounts USING whatever !!! garbage");
        assertTrue(c.contains("unparsed"), c.toString());
        assertTrue(c.contains("delete_without_where"), c.toString());
        List<String> m = classes("FOO BAR; DROP TABLE x $$; $$");
        assertTrue(m.contains("unparsed") || m.contains("multi_statement"), m.toString());
        assertTrue(m.contains("drop"), m.toString());
    }

    @Test
    void classificationIsCachedPerString() {
        String sql = "SELECT * FROM t WHERE id = ?";
        SqlFacts first = classifier.classify(sql);
        assertSame(first, classifier.classify(new String(sql)));
    }
}
