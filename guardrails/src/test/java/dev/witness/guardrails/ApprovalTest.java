package dev.witness.guardrails;

import dev.witness.guardrails.TestApprovalService.Mode;
import dev.witness.masking.Maskers;
import dev.witness.masking.RulesFormat;
import dev.witness.recorder.Identity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The approval flow against a real HTTP service: answers, signatures, fail closed, 202 + poll, grants. */
class ApprovalTest {
    static final String POLICY = """
            rules:
              - name: drops
                sql: {classes: [drop]}
                action: deny
                message: use a migration
              - name: whole-table
                sql: {classes: [delete_without_where, update_without_where]}
                action: approve
              - name: prod-topics
                kafka: {topics: ["prod.*"]}
                action: approve
            """;
    static final String MASKING = """
            rules:
              - name: emails
                detect: [email]
                strategy: redact
            """;
    static final Identity ALICE = Identity.of("alice").with("ticket", "OPS-42").with("reason", "cleanup for bob@example.com");

    private TestApprovalService service;
    private Guard guard;
    private SessionGuard session;

    @BeforeEach
    void start() throws Exception {
        service = new TestApprovalService();
        guard = guard(Duration.ofSeconds(2), false);
        session = guard.session("jdbc", "jdbc:h2:mem:test");
    }

    Guard guard(Duration timeout, boolean failOpen) {
        return Guard.builder(Policy.fromString(POLICY, RulesFormat.YAML))
                .approvals(HttpApprovalService.builder(service.url(), Base64.getDecoder().decode(
                        TestApprovalService.SECRET_BASE64)).pollInterval(Duration.ofMillis(20))
                        .pollMaxInterval(Duration.ofMillis(100)).build())
                .masker(Maskers.fromString(MASKING, RulesFormat.YAML))
                .timeout(timeout).failOpen(failOpen).build();
    }

    @AfterEach
    void stop() {
        guard.close();
        service.close();
    }

    @Test
    void statementsNoRuleMatchesRunWithoutAsking() {
        assertSame(Verdict.ALLOWED, session.checkSql(ALICE, "DELETE FROM t WHERE id = 1"));
        assertEquals(0, service.posts());
    }

    private static void assertSame(Object a, Object b) {
        org.junit.jupiter.api.Assertions.assertSame(a, b);
    }

    @Test
    void denyRulesNeverAsk() {
        Verdict v = session.checkSql(ALICE, "DROP TABLE accounts");
        assertFalse(v.allowed());
        assertEquals("drops", v.rule());
        assertEquals("Witness guardrails: denied by rule 'drops': use a migration", v.message());
        assertEquals(0, service.posts());
    }

    @Test
    void approvedRunsAndTheRequestIsSignedAndMasked() {
        Verdict v = session.checkSql(ALICE, "DELETE FROM accounts -- by bob@example.com");
        assertTrue(v.allowed(), v.toString());
        assertEquals(ApprovalDecision.Outcome.APPROVED, v.approval().outcome());
        assertEquals("carol", v.approval().approver());
        assertNotNull(v.requestId());
        TestApprovalService.Received r = service.received().get(0);
        assertTrue(r.signatureValid());
        assertFalse(r.body().contains("bob@example.com"), r.body());
        assertTrue(r.body().contains("\"rule\":\"whole-table\""), r.body());
        assertTrue(r.body().contains("\"principal\":\"alice\""), r.body());
        assertTrue(r.body().contains("\"ticket\":\"OPS-42\""), r.body());
        assertTrue(r.body().contains("\"fingerprint\":\"sha256:"), r.body());
        assertTrue(r.body().contains("\"classes\":[\"delete\",\"delete_without_where\"]"), r.body());
        assertTrue(r.body().contains("\"target\":\"jdbc:h2:mem:test\""), r.body());
    }

    @Test
    void deniedByTheApprover() {
        service.mode(Mode.DENY);
        Verdict v = session.checkSql(ALICE, "DELETE FROM accounts");
        assertFalse(v.allowed());
        assertEquals("Witness guardrails: rule 'whole-table' requires approval; denied by carol: not today", v.message());
        assertEquals(ApprovalDecision.Outcome.DENIED, v.approval().outcome());
    }

    private Verdict failsClosed(Mode mode, ApprovalDecision.Outcome outcome, String detail) {
        service.mode(mode);
        Verdict v = session.checkSql(ALICE, "DELETE FROM accounts");
        assertFalse(v.allowed(), v.toString());
        assertEquals(outcome, v.approval().outcome());
        assertTrue(v.message().contains(detail) && v.message().endsWith("(fail closed)"), v.message());
        assertTrue(v.message().startsWith("Witness guardrails: rule 'whole-table' requires approval; "), v.message());
        return v;
    }

    @Test
    void slowBeyondTheTimeoutIsDeniedInTime() {
        service.delayMillis(5_000);
        long t0 = System.nanoTime();
        failsClosed(Mode.SLOW, ApprovalDecision.Outcome.TIMEOUT, "in time");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 1_900 && ms < 3_500, ms + " ms");
    }

    @Test
    void serverErrorsMalformedAndUnsignedAnswersAreDenied() {
        failsClosed(Mode.ERROR_500, ApprovalDecision.Outcome.ERROR, "HTTP 500");
        failsClosed(Mode.MALFORMED, ApprovalDecision.Outcome.ERROR, "malformed answer");
        failsClosed(Mode.UNSIGNED, ApprovalDecision.Outcome.ERROR, "not signed");
        failsClosed(Mode.BAD_SIGNATURE, ApprovalDecision.Outcome.ERROR, "signature does not verify");
        failsClosed(Mode.OTHER_REQUEST, ApprovalDecision.Outcome.ERROR, "another request");
    }

    @Test
    void anUnreachableServiceIsDenied() throws Exception {
        service.close();
        failsClosed(Mode.APPROVE, ApprovalDecision.Outcome.ERROR, "cannot reach");
        service = new TestApprovalService();
    }

    @Test
    void failOpenLetsTheCallRunAndRecordsWhy() {
        guard.close();
        guard = guard(Duration.ofSeconds(2), true);
        service.mode(Mode.ERROR_500);
        Verdict v = guard.session("jdbc", "t").checkSql(ALICE, "DELETE FROM accounts");
        assertTrue(v.allowed());
        assertEquals(ApprovalDecision.Outcome.ERROR, v.approval().outcome());
    }

    @Test
    void pendingThenPolledUntilApproved() {
        service.mode(Mode.PENDING).pending(3, true);
        Verdict v = session.checkSql(ALICE, "UPDATE accounts SET frozen = true");
        assertTrue(v.allowed(), v.toString());
        assertEquals(1, service.posts());
        assertEquals(4, service.polls());
        assertTrue(service.received().stream().allMatch(TestApprovalService.Received::signatureValid));
    }

    @Test
    void pendingThenPolledUntilDenied() {
        service.mode(Mode.PENDING).pending(1, false);
        Verdict v = session.checkSql(ALICE, "UPDATE accounts SET frozen = true");
        assertFalse(v.allowed());
        assertEquals(ApprovalDecision.Outcome.DENIED, v.approval().outcome());
    }

    @Test
    void pendingPastTheTimeoutIsDenied() {
        service.mode(Mode.PENDING).pending(1_000_000, true);
        long t0 = System.nanoTime();
        Verdict v = session.checkSql(ALICE, "UPDATE accounts SET frozen = true");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertFalse(v.allowed());
        assertEquals(ApprovalDecision.Outcome.TIMEOUT, v.approval().outcome());
        assertTrue(ms < 3_000, ms + " ms");
        assertTrue(service.polls() >= 5, "backoff stays within pollMaxInterval: " + service.polls());
    }

    @Test
    void aGrantWithoutTtlCoversOnlyThisCall() {
        session.checkSql(ALICE, "DELETE FROM accounts");
        session.checkSql(ALICE, "DELETE FROM accounts");
        assertEquals(2, service.posts());
    }

    @Test
    void aStatementGrantIsReusedForTheExactStatementOnly() {
        service.grant("statement", 60);
        Verdict first = session.checkSql(ALICE, "DELETE FROM accounts");
        Verdict again = session.checkSql(ALICE, "DELETE FROM accounts");
        assertTrue(again.allowed());
        assertEquals(first.requestId(), again.requestId());
        assertEquals(1, service.posts());
        session.checkSql(ALICE, "DELETE FROM payments");
        assertEquals(2, service.posts(), "another statement asks again");
        session.checkSql(Identity.of("mallory"), "DELETE FROM accounts");
        assertEquals(3, service.posts(), "another identity asks again");
        guard.session("jdbc", "other-db").checkSql(ALICE, "DELETE FROM accounts");
        assertEquals(4, service.posts(), "another target asks again");
    }

    @Test
    void aWindowGrantCoversTheIdentityOnTheTargetUntilItExpires() throws Exception {
        service.grant("window", 1);
        assertTrue(session.checkSql(ALICE, "DELETE FROM accounts").allowed());
        assertTrue(session.checkSql(ALICE, "UPDATE payments SET x = 1").allowed());
        assertTrue(guard.session("jdbc", "jdbc:h2:mem:test").checkSql(ALICE, "DELETE FROM logs").allowed());
        assertEquals(1, service.posts());
        assertTrue(session.checkSql(Identity.of("bob"), "DELETE FROM accounts").allowed());
        assertEquals(2, service.posts(), "another identity asks");
        Thread.sleep(1_200);
        assertTrue(session.checkSql(ALICE, "DELETE FROM accounts").allowed());
        assertEquals(3, service.posts(), "the window expired");
    }

    @Test
    void maxGrantCapsWhatTheServiceSays() throws Exception {
        guard.close();
        guard = Guard.builder(Policy.fromString(POLICY, RulesFormat.YAML))
                .approvals(HttpApprovalService.builder(service.url(), Base64.getDecoder().decode(
                        TestApprovalService.SECRET_BASE64)).build())
                .maxGrant(Duration.ofMillis(300)).build();
        service.grant("window", 3600);
        SessionGuard s = guard.session("jdbc", "t");
        s.checkSql(ALICE, "DELETE FROM a");
        s.checkSql(ALICE, "DELETE FROM a");
        assertEquals(1, service.posts());
        Thread.sleep(400);
        s.checkSql(ALICE, "DELETE FROM a");
        assertEquals(2, service.posts());
    }

    @Test
    void sendsAreCheckedByTopic() {
        SessionGuard k = guard.session("kafka-producer", "kafka://localhost:9092");
        assertSame(Verdict.ALLOWED, k.checkSend(ALICE, "dev.orders", null, "k", "v", List.of()));
        Verdict v = k.checkSend(ALICE, "prod.orders", 0, "bob@example.com", "{\"secret\":1}", List.of("trace"));
        assertTrue(v.allowed());
        String body = service.received().get(0).body();
        assertTrue(body.contains("\"kind\":\"kafka\"") && body.contains("\"topic\":\"prod.orders\""), body);
        assertFalse(body.contains("bob@example.com"), body);
        assertFalse(body.contains("secret"), "the value is never sent: " + body);
    }

    @Test
    void noApprovalServiceMeansDenied() {
        Guard g = Guard.builder(Policy.fromString(POLICY, RulesFormat.YAML)).build();
        Verdict v = g.session("jdbc", "t").checkSql(ALICE, "DELETE FROM a");
        assertFalse(v.allowed());
        assertTrue(v.message().contains("no approval service is configured"), v.message());
    }

    @Test
    void sessionsNoRuleCanReachCostNothing() {
        Guard g = Guard.builder(Policy.fromString("rules:\n  - name: r\n    when: {target: 'prod*'}\n    action: deny\n",
                RulesFormat.YAML)).build();
        assertNull(g.session("jdbc", "dev-db"));
        assertNotNull(g.session("jdbc", "prod-db"));
    }
}
