package dev.witness.benchmarks;

import dev.witness.guardrails.Guard;
import dev.witness.guardrails.Policy;
import dev.witness.guardrails.SessionGuard;
import dev.witness.guardrails.Verdict;
import dev.witness.guardrails.internal.SqlClassifier;
import dev.witness.guardrails.internal.SqlFacts;
import dev.witness.masking.RulesFormat;
import dev.witness.recorder.Identity;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The cost of the guardrails policy check on the application's thread for a statement that
 * matches no rule (the common case), with the policy of docs/guardrails.md minus its approval
 * rules' service (no approval is ever asked here):
 * <ul>
 *   <li>{@link #cached}: {@code SessionGuard.checkSql} for a SQL string seen before: the rule
 *       loop plus one Caffeine look-up of the string's classification.</li>
 *   <li>{@link #firstSeen}: what a string's first sight adds: the JSqlParser parse and
 *       classification ({@code SqlClassifier.classifyUncached}).</li>
 *   <li>{@link #noPolicy}: no policy configured, the interceptor's one null check.</li>
 * </ul>
 * Run: {@code java -jar benchmarks/target/benchmarks.jar GuardrailsBenchmark -prof gc}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class GuardrailsBenchmark {
    static final String POLICY = """
            rules:
              - name: no-drop-or-truncate
                when: {target: "*prod*"}
                sql: {classes: [drop, truncate]}
                action: deny
              - name: no-multi-statement
                sql: {classes: [multi_statement]}
                action: deny
              - name: no-grants
                sql: {classes: [grant, revoke]}
                action: deny
              - name: oncall-may-change-schema
                when: {identity: "oncall-*", attributes: {ticket: "OPS-*"}}
                sql: {classes: [ddl]}
                action: approve
              - name: schema-changes
                sql: {classes: [ddl]}
                action: deny
              - name: whole-table-writes
                sql: {classes: [delete_without_where, update_without_where]}
                action: approve
              - name: payroll
                when: {source: jdbc}
                sql: {tables: ["payroll", "hr.*"], classes: [insert, update, delete, merge]}
                action: approve
              - name: no-sleep
                sql: {pattern: "(?i)\\\\bpg_sleep\\\\s*\\\\("}
                action: deny
              - name: prod-payments-topic
                kafka: {topics: ["payments.prod.*"]}
                action: approve
            """;
    static final String SQL = "SELECT o.id, o.total, c.email FROM orders o JOIN customers c ON c.id = o.customer_id"
            + " WHERE o.id = ? AND o.status IN (?, ?)";

    private Guard guard;
    private SessionGuard session;
    private SessionGuard none;
    private final Identity identity = Identity.of("alice").with("ticket", "OPS-1");

    @Setup(Level.Trial)
    public void setUp() {
        guard = Guard.builder(Policy.fromString(POLICY, RulesFormat.YAML)).build();
        session = guard.session("jdbc", "jdbc:postgresql://db.prod/orders");
        if (session.checkSql(identity, SQL) != Verdict.ALLOWED) {
            throw new IllegalStateException("the benchmark statement must match no rule");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        guard.close();
    }

    @Benchmark
    public Verdict cached() {
        return session.checkSql(identity, SQL);
    }

    @Benchmark
    public SqlFacts firstSeen() {
        return SqlClassifier.classifyUncached(SQL);
    }

    @Benchmark
    public Verdict noPolicy() {
        SessionGuard g = none;
        return g == null ? null : g.checkSql(identity, SQL);
    }
}
