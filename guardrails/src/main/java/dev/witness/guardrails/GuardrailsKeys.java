package dev.witness.guardrails;

import dev.witness.recorder.config.ConfigKey;
import dev.witness.recorder.config.ConfigKeyProvider;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

/** The {@code witness.guardrails.*} and {@code witness.approval.*} keys; docs/guardrails.md documents each. */
public final class GuardrailsKeys implements ConfigKeyProvider {
    public static final ConfigKey<String> POLICY = ConfigKey.string("witness.guardrails.policy", null,
            "Policy file (YAML, or JSON when it ends in .json) of allow/deny/approve rules. Unset: no guardrails.");
    public static final ConfigKey<Integer> CACHE_SIZE = ConfigKey.integer("witness.guardrails.cacheSize", 10_000, 16,
            1 << 22, "Distinct SQL strings kept classified.");
    public static final ConfigKey<String> APPROVAL_URL = ConfigKey.string("witness.approval.url", null,
            "The approval service (http or https). Needed when a policy rule says approve.");
    public static final ConfigKey<String> APPROVAL_SECRET = ConfigKey.string("witness.approval.secret", null,
            "HMAC-SHA256 key shared with the approval service: env:NAME, property:NAME (base64), file:PATH, "
                    + "base64:... or hex:...; at least 32 bytes.");
    public static final ConfigKey<Duration> APPROVAL_TIMEOUT = ConfigKey.duration("witness.approval.timeout", "30s",
            "Longest a call waits for a decision, polling included; then it is denied (fail closed).");
    public static final ConfigKey<Duration> APPROVAL_CONNECT_TIMEOUT = ConfigKey.duration(
            "witness.approval.connectTimeout", "5s", "TCP/TLS connect timeout to the approval service.");
    public static final ConfigKey<Duration> APPROVAL_POLL_INTERVAL = ConfigKey.duration("witness.approval.pollInterval",
            "250ms", "First wait before polling the status URL of a 202 answer; doubles up to pollMaxInterval.");
    public static final ConfigKey<Duration> APPROVAL_POLL_MAX_INTERVAL = ConfigKey.duration(
            "witness.approval.pollMaxInterval", "5s", "Longest wait between two polls of a status URL.");
    public static final ConfigKey<Duration> APPROVAL_MAX_GRANT = ConfigKey.duration("witness.approval.maxGrant", "8h",
            "Longest time window a granted approval is reused for, whatever the service says.");
    public static final ConfigKey<Integer> APPROVAL_MAX_PENDING = ConfigKey.integer("witness.approval.maxPending", 256,
            1, 1 << 16, "Distinct approvals that may be waited for at once; beyond, calls are denied at once.");
    public static final ConfigKey<Boolean> APPROVAL_FAIL_OPEN = ConfigKey.bool("witness.approval.failOpen", false,
            "true lets a call run when the approval service times out, fails or answers badly (logged at start).");

    @Override
    public Collection<ConfigKey<?>> keys() {
        return List.of(POLICY, CACHE_SIZE, APPROVAL_URL, APPROVAL_SECRET, APPROVAL_TIMEOUT, APPROVAL_CONNECT_TIMEOUT,
                APPROVAL_POLL_INTERVAL, APPROVAL_POLL_MAX_INTERVAL, APPROVAL_MAX_GRANT, APPROVAL_MAX_PENDING,
                APPROVAL_FAIL_OPEN);
    }
}
