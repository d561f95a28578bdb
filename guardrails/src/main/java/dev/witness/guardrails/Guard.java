package dev.witness.guardrails;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.witness.guardrails.internal.PolicyRule;
import dev.witness.guardrails.internal.SqlClassifier;
import dev.witness.masking.Masker;
import dev.witness.masking.Maskers;
import dev.witness.masking.MaskingRulesException;
import dev.witness.recorder.config.ConfigException;
import dev.witness.recorder.config.CoreKeys;
import dev.witness.recorder.config.WitnessConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The guardrails of one configuration: a {@link Policy}, the SQL classification cache, the
 * approval service and the grants it gave. Interceptors hold one per DataSource, driver
 * configuration or producer, and ask {@link #session} once per session for a
 * {@link SessionGuard} holding only the rules that can apply to that source and target.
 *
 * <p><b>Cost.</b> With no policy configured there is no Guard ({@link #fromConfig} returns
 * {@code null}): one null check per call. A session whose target no rule names and whose default
 * is allow gets no SessionGuard either. Otherwise a call matching no rule costs the rule loop and,
 * if a rule looks at SQL classes or tables, one cache look-up of the SQL string
 * (docs/guardrails.md has the measured figures).
 *
 * <p><b>Approvals</b> are asked on the calling thread, which waits at most
 * {@code witness.approval.timeout}. Calls waiting for the same statement (same identity, target
 * and fingerprint) at the same time share one request; a grant with a time to live is kept
 * (bounded cache, per-entry expiry) and reused without asking, either for the exact statement or,
 * for scope {@code window}, for every call of the identity on the target. At most
 * {@code witness.approval.maxPending} distinct requests are outstanding; beyond that a call is
 * refused at once. Timeouts, errors and bad answers deny the call unless
 * {@code witness.approval.failOpen=true}.
 *
 * <p>Thread-safe.
 */
public final class Guard implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Guard.class);
    /** Most grants kept. */
    public static final int MAX_GRANTS = 100_000;
    /** The rule name recorded when the policy's default action decided. */
    public static final String DEFAULT_RULE = "default";

    final Policy policy;
    final SqlClassifier classifier;
    final Masker masker;
    private final ApprovalService approvals;
    private final Duration timeout;
    private final boolean failOpen;
    private final Duration maxGrant;
    private final int maxPending;
    private final Semaphore pending;
    private final Cache<GrantKey, Grant> grants;
    private final ConcurrentHashMap<GrantKey, CompletableFuture<Asked>> inflight = new ConcurrentHashMap<>();

    private Guard(Builder b) {
        this.policy = b.policy;
        this.classifier = new SqlClassifier(b.cacheSize);
        this.masker = b.masker != null ? b.masker : Masker.passThrough();
        this.approvals = b.approvals;
        this.timeout = b.timeout;
        this.failOpen = b.failOpen;
        this.maxGrant = b.maxGrant;
        this.maxPending = b.maxPending;
        this.pending = new Semaphore(b.maxPending);
        this.grants = Caffeine.newBuilder().maximumSize(MAX_GRANTS).expireAfter(new Expiry<GrantKey, Grant>() {
            @Override
            public long expireAfterCreate(GrantKey key, Grant value, long currentTime) {
                return value.ttlNanos;
            }

            @Override
            public long expireAfterUpdate(GrantKey key, Grant value, long currentTime, long currentDuration) {
                return value.ttlNanos;
            }

            @Override
            public long expireAfterRead(GrantKey key, Grant value, long currentTime, long currentDuration) {
                return currentDuration;
            }
        }).build();
        if (failOpen) {
            LOG.warn("witness.approval.failOpen=true: calls that need approval RUN when the approval service times "
                    + "out, fails or answers badly (policy {})", policy.source());
        }
    }

    /**
     * The guard of {@code config}'s {@code witness.guardrails.policy}, or {@code null} when no
     * policy is set. Loads the policy, the masking rules ({@code witness.masking.rules}) for
     * approval requests, and the HTTP approval service when a rule (or the default) says approve.
     *
     * @throws ConfigException naming the key, file, line, column and rule of a mistake
     */
    public static Guard fromConfig(WitnessConfig config) {
        String spec = config.get(GuardrailsKeys.POLICY);
        if (spec == null || spec.isBlank()) {
            return null;
        }
        String origin = config.originOf(GuardrailsKeys.POLICY.name());
        Policy policy;
        try {
            policy = Policy.fromFile(Path.of(spec.strip()));
        } catch (PolicyException e) {
            throw new ConfigException("witness.guardrails.policy=" + spec + " (" + origin + "): " + e.getMessage(), e);
        }
        Masker masker = Masker.passThrough();
        String rules = config.get(CoreKeys.MASKING_RULES);
        if (rules != null && !rules.isBlank()) {
            try {
                masker = Maskers.load(rules);
            } catch (MaskingRulesException e) {
                throw new ConfigException("witness.masking.rules=" + rules + " (" + config.originOf(
                        CoreKeys.MASKING_RULES.name()) + "): " + e.getMessage(), e);
            }
        }
        Builder b = builder(policy).masker(masker)
                .timeout(config.get(GuardrailsKeys.APPROVAL_TIMEOUT))
                .failOpen(config.get(GuardrailsKeys.APPROVAL_FAIL_OPEN))
                .maxGrant(config.get(GuardrailsKeys.APPROVAL_MAX_GRANT))
                .maxPending(config.get(GuardrailsKeys.APPROVAL_MAX_PENDING))
                .cacheSize(config.get(GuardrailsKeys.CACHE_SIZE));
        if (asksForApproval(policy)) {
            b.approvals(HttpApprovalService.fromConfig(config));
        }
        return b.build();
    }

    static boolean asksForApproval(Policy policy) {
        return policy.defaultAction() == Action.APPROVE
                || policy.rules().stream().anyMatch(r -> r.action() == Action.APPROVE);
    }

    public static Builder builder(Policy policy) {
        return new Builder(policy);
    }

    public Policy policy() {
        return policy;
    }

    /**
     * The guard for a session of {@code source} ({@code jdbc}, {@code kafka-producer}) on
     * {@code target}, or {@code null} when nothing in the policy can apply to it (no rule for
     * this source and target, default allow): the session then runs unchecked.
     */
    public SessionGuard session(String source, String target) {
        List<PolicyRule> sql = new ArrayList<>();
        List<PolicyRule> kafka = new ArrayList<>();
        for (PolicyRule r : policy.rules()) {
            if (r.appliesTo(source, target)) {
                if (!r.hasKafka()) {
                    sql.add(r);
                }
                if (!r.hasSql()) {
                    kafka.add(r);
                }
            }
        }
        if (sql.isEmpty() && kafka.isEmpty() && policy.defaultAction() == Action.ALLOW) {
            return null;
        }
        return new SessionGuard(this, source, target, sql.toArray(new PolicyRule[0]),
                kafka.toArray(new PolicyRule[0]), policy.defaultAction());
    }

    /** Approvals outstanding now (for tests and monitoring). */
    public int pendingApprovals() {
        return maxPending - pending.availablePermits();
    }

    // ------------------------------------------------------------------ approvals

    /** One asked (or failed) approval: its decision and request id. */
    private record Asked(ApprovalDecision decision, String requestId) {
    }

    private record GrantKey(String principal, String target, String fingerprint) {
    }

    private record Grant(long ttlNanos, long expiresAt, String requestId, String approver,
                         ApprovalDecision.Scope scope) {
    }

    /**
     * Asks for (or reuses) an approval of the call with {@code fingerprint}; {@code request} builds
     * the masked request, only when one is sent.
     */
    Verdict approve(String rule, String principal, String target, String fingerprint,
                    Supplier<ApprovalRequest> request) {
        long start = System.nanoTime();
        GrantKey statementKey = new GrantKey(principal, target, fingerprint);
        Grant g = valid(grants.getIfPresent(statementKey));
        if (g == null) {
            g = valid(grants.getIfPresent(new GrantKey(principal, target, null)));
        }
        if (g != null) {
            return new Verdict(true, rule, null, ApprovalDecision.approved(g.approver, "reused grant of request "
                    + g.requestId + " (" + g.scope.name().toLowerCase(java.util.Locale.ROOT) + " scope)", g.scope,
                    Duration.ZERO), g.requestId, 0);
        }
        CompletableFuture<Asked> mine = new CompletableFuture<>();
        CompletableFuture<Asked> theirs = inflight.putIfAbsent(statementKey, mine);
        Asked asked;
        if (theirs == null) {
            try {
                asked = ask(principal, target, fingerprint, request);
            } catch (RuntimeException | Error e) {
                asked = new Asked(ApprovalDecision.error("approval failed: " + e.getClass().getSimpleName()), null);
                inflight.remove(statementKey, mine);
                mine.complete(asked);
                throw e;
            }
            inflight.remove(statementKey, mine);
            mine.complete(asked);
        } else {
            asked = await(theirs, start);
        }
        return verdict(rule, asked, (System.nanoTime() - start) / 1_000_000);
    }

    private static Grant valid(Grant g) {
        return g != null && g.expiresAt - System.nanoTime() > 0 ? g : null;
    }

    private Asked ask(String principal, String target, String fingerprint, Supplier<ApprovalRequest> request) {
        if (approvals == null) {
            return new Asked(ApprovalDecision.error("no approval service is configured"), null);
        }
        if (!pending.tryAcquire()) {
            return new Asked(ApprovalDecision.error("more than " + maxPending + " approvals are pending"), null);
        }
        try {
            ApprovalRequest r = request.get();
            ApprovalDecision d;
            try {
                d = approvals.request(r, timeout);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                d = ApprovalDecision.error("interrupted while waiting for approval");
            } catch (RuntimeException e) {
                d = ApprovalDecision.error("the approval service failed: " + e.getClass().getSimpleName());
            }
            if (d == null) {
                d = ApprovalDecision.error("the approval service gave no decision");
            }
            if (d.outcome() == ApprovalDecision.Outcome.APPROVED && !d.ttl().isZero()) {
                Duration ttl = d.ttl().compareTo(maxGrant) > 0 ? maxGrant : d.ttl();
                long nanos = ttl.toNanos();
                Grant grant = new Grant(nanos, System.nanoTime() + nanos, r.requestId(), d.approver(), d.scope());
                grants.put(new GrantKey(principal, target, d.scope() == ApprovalDecision.Scope.WINDOW ? null
                        : fingerprint), grant);
            }
            if (d.outcome() == ApprovalDecision.Outcome.TIMEOUT || d.outcome() == ApprovalDecision.Outcome.ERROR) {
                LOG.warn("approval request {} for rule {}: {} ({})", r.requestId(), r.rule(), d.outcome().eventName(),
                        d.detail());
            }
            return new Asked(d, r.requestId());
        } finally {
            pending.release();
        }
    }

    private Asked await(CompletableFuture<Asked> f, long start) {
        long left = timeout.toNanos() - (System.nanoTime() - start);
        try {
            return f.get(Math.max(1, left), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return new Asked(ApprovalDecision.timeout("no decision within " + timeout.toMillis() + " ms"), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Asked(ApprovalDecision.error("interrupted while waiting for approval"), null);
        } catch (ExecutionException e) {
            return new Asked(ApprovalDecision.error("approval failed: " + e.getCause().getClass().getSimpleName()), null);
        }
    }

    private Verdict verdict(String rule, Asked asked, long latencyMillis) {
        ApprovalDecision d = asked.decision();
        switch (d.outcome()) {
            case APPROVED:
                return new Verdict(true, rule, null, d, asked.requestId(), latencyMillis);
            case DENIED:
                return new Verdict(false, rule, "Witness guardrails: rule '" + rule + "' requires approval; denied"
                        + (d.approver() == null ? "" : " by " + safe(d.approver()))
                        + (d.reason() == null ? "" : ": " + safe(d.reason())), d, asked.requestId(), latencyMillis);
            default:
                if (failOpen) {
                    return new Verdict(true, rule, null, d, asked.requestId(), latencyMillis);
                }
                return new Verdict(false, rule, "Witness guardrails: rule '" + rule + "' requires approval; "
                        + d.outcome().eventName() + ": " + d.detail() + " (fail closed)", d, asked.requestId(),
                        latencyMillis);
        }
    }

    /** Free text from the approval service, masked like any text before it goes into a message. */
    private String safe(String text) {
        return masker.mask(dev.witness.masking.MaskedField.of(dev.witness.masking.MaskedField.Kind.TEXT), text);
    }

    /** Closes the approval service. Idempotent. */
    @Override
    public void close() {
        if (approvals != null) {
            approvals.close();
        }
    }

    @Override
    public String toString() {
        return "Guard[" + policy + (approvals == null ? "" : ", " + approvals) + "]";
    }

    /** Settings of a {@link Guard}; defaults are those of the configuration keys. */
    public static final class Builder {
        private final Policy policy;
        private ApprovalService approvals;
        private Masker masker;
        private Duration timeout = Duration.ofSeconds(30);
        private boolean failOpen;
        private Duration maxGrant = Duration.ofHours(8);
        private int maxPending = 256;
        private int cacheSize = 10_000;

        private Builder(Policy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
        }

        /** The approval service; needed when a rule says approve (without one such calls are refused). */
        public Builder approvals(ApprovalService service) {
            this.approvals = service;
            return this;
        }

        /** Masks approval requests and messages; default: the values as they are. */
        public Builder masker(Masker m) {
            this.masker = m;
            return this;
        }

        public Builder timeout(Duration d) {
            if (d == null || d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException("witness.approval.timeout must be positive");
            }
            this.timeout = d;
            return this;
        }

        public Builder failOpen(boolean b) {
            this.failOpen = b;
            return this;
        }

        public Builder maxGrant(Duration d) {
            this.maxGrant = Objects.requireNonNull(d);
            return this;
        }

        public Builder maxPending(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("witness.approval.maxPending must be at least 1");
            }
            this.maxPending = n;
            return this;
        }

        public Builder cacheSize(int n) {
            this.cacheSize = n;
            return this;
        }

        public Guard build() {
            return new Guard(this);
        }
    }
}
