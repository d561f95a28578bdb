package dev.witness.guardrails;

import dev.witness.guardrails.TestApprovalService.Mode;
import dev.witness.masking.RulesFormat;
import dev.witness.recorder.Identity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Many threads waiting on approvals at once: shared requests, bounded waits, bounded threads, none left behind. */
class ConcurrentApprovalsTest {
    static final int THREADS = 40;
    private TestApprovalService service;
    private Guard guard;
    private ExecutorService callers;

    @BeforeEach
    void start() throws Exception {
        service = new TestApprovalService();
        callers = Executors.newFixedThreadPool(THREADS, r -> new Thread(r, "test-caller"));
    }

    @AfterEach
    void stop() throws Exception {
        callers.shutdownNow();
        callers.awaitTermination(10, TimeUnit.SECONDS);
        if (guard != null) {
            guard.close();
        }
        service.close();
    }

    Guard guard(Duration timeout, int maxPending) {
        return Guard.builder(Policy.fromString(ApprovalTest.POLICY, RulesFormat.YAML))
                .approvals(HttpApprovalService.builder(service.url(), Base64.getDecoder().decode(
                        TestApprovalService.SECRET_BASE64)).build())
                .timeout(timeout).maxPending(maxPending).build();
    }

    private List<Verdict> runAll(List<Callable<Verdict>> tasks) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Verdict>> futures = new ArrayList<>();
        for (Callable<Verdict> t : tasks) {
            futures.add(callers.submit(() -> {
                go.await();
                return t.call();
            }));
        }
        go.countDown();
        List<Verdict> out = new ArrayList<>();
        for (Future<Verdict> f : futures) {
            out.add(f.get(30, TimeUnit.SECONDS));
        }
        return out;
    }

    /** Threads other than the test's own callers and the test service's handlers. */
    static long libraryThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive()
                && !t.getName().equals("test-caller") && !t.getName().equals("test-approval-service")).count();
    }

    static long approvalThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("witness-approval-http-")).count();
    }

    @Test
    void threadsWaitingForTheSameStatementShareOneRequest() throws Exception {
        guard = guard(Duration.ofSeconds(5), 256);
        service.mode(Mode.SLOW).delayMillis(300);
        SessionGuard s = guard.session("jdbc", "db");
        List<Callable<Verdict>> tasks = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            tasks.add(() -> s.checkSql(Identity.of("alice"), "DELETE FROM accounts"));
        }
        List<Verdict> verdicts = runAll(tasks);
        assertTrue(verdicts.stream().allMatch(Verdict::allowed));
        assertEquals(1, service.posts(), "one approval asked once");
        assertEquals(1, verdicts.stream().map(Verdict::requestId).distinct().count());
    }

    @Test
    void manyDistinctApprovalsTimeOutTogetherWithBoundedThreads() throws Exception {
        guard = guard(Duration.ofSeconds(1), 256);
        service.mode(Mode.SLOW).delayMillis(10_000);
        SessionGuard s = guard.session("jdbc", "db");
        long threadsBefore = libraryThreads();
        List<Callable<Verdict>> tasks = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            int n = i;
            tasks.add(() -> {
                long t0 = System.nanoTime();
                Verdict v = s.checkSql(Identity.of("user" + n), "DELETE FROM t" + n);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(ms < 3_000, "waited " + ms + " ms");
                return v;
            });
        }
        long t0 = System.nanoTime();
        List<Verdict> verdicts = runAll(tasks);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 4_000, "all answered in " + ms + " ms");
        assertTrue(verdicts.stream().noneMatch(Verdict::allowed));
        assertTrue(verdicts.stream().allMatch(v -> v.approval().outcome() == ApprovalDecision.Outcome.TIMEOUT),
                verdicts.toString());
        assertTrue(approvalThreads() <= HttpApprovalService.IO_THREADS, "client threads: " + approvalThreads());
        assertTrue(libraryThreads() - threadsBefore <= HttpApprovalService.IO_THREADS + 1, "no thread per waiter: "
                + (libraryThreads() - threadsBefore));
        assertEquals(0, guard.pendingApprovals());
        guard.close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (approvalThreads() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(0, approvalThreads(), "close() ends the client's threads");
        guard = null;
    }

    @Test
    void beyondMaxPendingCallsAreRefusedAtOnce() throws Exception {
        guard = guard(Duration.ofSeconds(2), 5);
        service.mode(Mode.SLOW).delayMillis(10_000);
        SessionGuard s = guard.session("jdbc", "db");
        List<Callable<Verdict>> tasks = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int n = i;
            tasks.add(() -> s.checkSql(Identity.of("user" + n), "DELETE FROM t" + n));
        }
        List<Verdict> verdicts = runAll(tasks);
        assertTrue(verdicts.stream().noneMatch(Verdict::allowed));
        long refused = verdicts.stream().filter(v -> v.message().contains("more than 5 approvals are pending")).count();
        assertEquals(15, refused, verdicts.toString());
        assertTrue(service.posts() <= 5);
        assertFalse(guard.pendingApprovals() > 0);
    }
}
