package dev.witness.masking.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every detector by name, in priority order: when two detectors claim overlapping text, the one
 * listed first wins (a private key block before the base64 inside it, a URL password before the
 * e-mail-like {@code secret@host}, a card before a phone number).
 */
public final class DetectorCatalog {

    private static final Map<String, Detector> ALL = new LinkedHashMap<>();
    private static final List<String> DEFAULT_ON = new ArrayList<>();

    static {
        add(new PrivateKeyDetector(), true);
        add(new JwtDetector(), true);
        add(new PasswordDetector(), true);
        add(new GitHubTokenDetector(), true);
        add(new SlackTokenDetector(), true);
        add(new StripeKeyDetector(), true);
        add(new AwsAccessKeyDetector(), true);
        add(new AwsSecretKeyDetector(), true);
        add(new IbanDetector(), true);
        add(new CardNumberDetector(), true);
        add(new SsnDetector(), true);
        add(new EmailDetector(), true);
        add(new PhoneDetector(), true);
        add(new Ipv4Detector(), false);
        add(new Ipv6Detector(), false);
    }

    private DetectorCatalog() {
    }

    private static void add(Detector d, boolean defaultOn) {
        ALL.put(d.name(), d);
        if (defaultOn) {
            DEFAULT_ON.add(d.name());
        }
    }

    /** The detector called {@code name}, or {@code null}. */
    public static Detector byName(String name) {
        return ALL.get(name);
    }

    /** Every detector name, in priority order. */
    public static List<String> names() {
        return List.copyOf(ALL.keySet());
    }

    /** The names of the detectors the built-in rule set turns on (all but the IP detectors). */
    public static List<String> defaultOn() {
        return List.copyOf(DEFAULT_ON);
    }

    /** Priority of a detector: lower runs first and wins overlaps. */
    public static int priority(Detector d) {
        int i = 0;
        for (String n : ALL.keySet()) {
            if (n.equals(d.name())) {
                return i;
            }
            i++;
        }
        return i;
    }
}
