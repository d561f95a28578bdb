package dev.witness.recorder.internal;

import java.net.InetAddress;

/** This machine's name, looked up once (a DNS lookup can be slow, so never on a hot path). */
final class Host {
    static final String NAME = lookup();

    private Host() {
    }

    private static String lookup() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
