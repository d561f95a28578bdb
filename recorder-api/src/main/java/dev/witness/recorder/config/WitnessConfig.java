package dev.witness.recorder.config;

import dev.witness.storage.StoreProvider;
import dev.witness.storage.StoreProviders;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The resolved {@code witness.*} settings. Immutable. One loader serves every way in: a
 * {@code witness.properties} file on the class path, environment variables ({@code WITNESS_STORE}
 * for {@code witness.store}), system properties, a map (Kafka client configs, JDBC URL
 * parameters) and code, later sources overriding earlier ones in that order.
 *
 * <p>Every value is checked when the configuration is built. Unknown {@code witness.*} keys and
 * bad values fail with one {@link ConfigException} listing each problem with its key, where the
 * value came from (file and line, system property, ...) and what was expected.
 */
public final class WitnessConfig {
    /** The class-path resource read by {@link Builder#fromEnvironment()}. */
    public static final String PROPERTIES_RESOURCE = "witness.properties";
    private static final String PREFIX = "witness.";

    private final Map<String, Setting> settings;
    private final Map<String, Object> parsed;

    private WitnessConfig(Map<String, Setting> settings, Map<String, Object> parsed) {
        this.settings = Collections.unmodifiableMap(new TreeMap<>(settings));
        this.parsed = parsed;
    }

    /** Defaults, overridden by {@code witness.properties}, the environment and system properties. */
    public static WitnessConfig load() {
        return builder().fromEnvironment().build();
    }

    /**
     * As {@link #load()}, then the {@code witness.*} entries of {@code overrides} (other keys are
     * ignored, so a whole Kafka client config can be passed).
     *
     * @param origin names the map in error messages, e.g. "producer config" or "JDBC URL"
     */
    public static WitnessConfig load(Map<String, ?> overrides, String origin) {
        return builder().fromEnvironment().putAll(overrides, origin).build();
    }

    /** An empty builder: defaults only until sources are added. */
    public static Builder builder() {
        return new Builder();
    }

    /** The value of {@code key}: as set, or its default. {@code null} only for an unset key without default. */
    @SuppressWarnings("unchecked")
    public <T> T get(ConfigKey<T> key) {
        if (parsed.containsKey(key.name())) {
            return (T) parsed.get(key.name());
        }
        return key.defaultText() == null ? null : key.parse(key.defaultText());
    }

    /** The options for the store backend of {@code scheme}: {@code witness.store.<scheme>.x} as {@code x}. */
    public Map<String, String> storeOptions(String scheme) {
        String prefix = CoreKeys.STORE_OPTION_PREFIX + scheme + ".";
        Map<String, String> options = new TreeMap<>();
        settings.forEach((k, s) -> {
            if (k.startsWith(prefix)) {
                options.put(k.substring(prefix.length()), s.value);
            }
        });
        return options;
    }

    /** Every explicitly set key with its value, sorted (defaults omitted). */
    public Map<String, String> explicitSettings() {
        Map<String, String> out = new TreeMap<>();
        settings.forEach((k, s) -> out.put(k, s.value));
        return out;
    }

    /** Where the value of {@code key} came from, or "default". */
    public String originOf(String key) {
        Setting s = settings.get(key);
        return s == null ? "default" : s.origin;
    }

    /** A builder holding this configuration's settings, to derive a variant. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.settings.putAll(settings);
        return b;
    }

    @Override
    public String toString() {
        return "WitnessConfig" + explicitSettings();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WitnessConfig c && explicitSettings().equals(c.explicitSettings());
    }

    @Override
    public int hashCode() {
        return explicitSettings().hashCode();
    }

    private record Setting(String value, String origin) {
    }

    /** Collects settings from sources, later ones winning, then checks them all in {@link #build()}. */
    public static final class Builder {
        private final Map<String, Setting> settings = new LinkedHashMap<>();
        private ClassLoader classLoader = Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader() : WitnessConfig.class.getClassLoader();

        private Builder() {
        }

        /** The class loader used to find {@code witness.properties}, key providers and store providers. */
        public Builder classLoader(ClassLoader loader) {
            this.classLoader = loader;
            return this;
        }

        /** Adds {@code witness.properties} from the class path, then environment variables, then system properties. */
        public Builder fromEnvironment() {
            URL resource = classLoader.getResource(PROPERTIES_RESOURCE);
            if (resource != null) {
                try (InputStream in = resource.openStream()) {
                    readProperties(new InputStreamReader(in, StandardCharsets.UTF_8), resource.toString());
                } catch (IOException e) {
                    throw new ConfigException("cannot read " + resource + ": " + e.getMessage(), e);
                }
            }
            Map<String, String> env = new TreeMap<>(System.getenv());
            env.forEach((name, value) -> {
                if (name.startsWith("WITNESS_")) {
                    settings.put(envToKey(name), new Setting(value, "environment variable " + name));
                }
            });
            Properties sys = System.getProperties();
            for (String name : sys.stringPropertyNames()) {
                if (name.startsWith(PREFIX)) {
                    settings.put(name, new Setting(sys.getProperty(name), "system property " + name));
                }
            }
            return this;
        }

        /** Adds the {@code witness.*} keys of a properties file; errors name the file and line. */
        public Builder propertiesFile(Path file) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                readProperties(r, file.toString());
            } catch (IOException e) {
                throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage(), e);
            }
            return this;
        }

        /** Adds the {@code witness.*} entries of a map; others are ignored. */
        public Builder putAll(Map<String, ?> values, String origin) {
            values.forEach((k, v) -> {
                if (k != null && k.startsWith(PREFIX) && v != null) {
                    settings.put(k, new Setting(v.toString(), origin));
                }
            });
            return this;
        }

        /** Sets one key from code. */
        public Builder put(String key, Object value) {
            settings.put(key, new Setting(String.valueOf(value), "code"));
            return this;
        }

        /** Sets one key from code. */
        public <T> Builder put(ConfigKey<T> key, T value) {
            String text = value instanceof Enum<?> e ? e.name().toLowerCase(Locale.ROOT) : String.valueOf(value);
            return put(key.name(), text);
        }

        /** Checks every setting and builds the configuration. */
        public WitnessConfig build() {
            Map<String, ConfigKey<?>> known = new TreeMap<>();
            for (ConfigKeyProvider p : ServiceLoader.load(ConfigKeyProvider.class, classLoader)) {
                for (ConfigKey<?> k : p.keys()) {
                    known.put(k.name(), k);
                }
            }
            Map<String, StoreProvider> stores = StoreProviders.discover(classLoader);
            canonicalizeEnvironmentNames(known, stores);
            List<String> problems = new ArrayList<>();
            Map<String, Object> parsed = new LinkedHashMap<>();
            for (Map.Entry<String, Setting> e : settings.entrySet()) {
                String name = e.getKey();
                Setting s = e.getValue();
                ConfigKey<?> key = known.get(name);
                if (key != null) {
                    try {
                        parsed.put(name, key.parse(s.value));
                    } catch (IllegalArgumentException ex) {
                        problems.add(name + "=" + s.value + " (" + s.origin + "): expected " + key.expected());
                    }
                } else if (name.startsWith(CoreKeys.STORE_OPTION_PREFIX)) {
                    String rest = name.substring(CoreKeys.STORE_OPTION_PREFIX.length());
                    int dot = rest.indexOf('.');
                    StoreProvider provider = dot < 0 ? null : stores.get(rest.substring(0, dot));
                    if (provider == null) {
                        problems.add(name + " (" + s.origin + "): unknown key; store options are witness.store."
                                + "<scheme>.<option> with a scheme of " + stores.keySet());
                    } else if (!provider.optionKeys().contains(rest.substring(dot + 1))) {
                        problems.add(name + " (" + s.origin + "): unknown option of the " + rest.substring(0, dot)
                                + " store; known: " + new java.util.TreeSet<>(provider.optionKeys()));
                    }
                } else {
                    problems.add(name + " (" + s.origin + "): unknown key" + hint(name, known.keySet()));
                }
            }
            if (!problems.isEmpty()) {
                throw new ConfigException("invalid Witness configuration:\n  " + String.join("\n  ", problems));
            }
            return new WitnessConfig(settings, parsed);
        }

        /**
         * Environment variable names lose the case of camelCase keys (WITNESS_QUEUE_CAPACITY,
         * WITNESS_STORE_FILE_SEGMENTBYTES): give them back the known key's spelling.
         */
        private void canonicalizeEnvironmentNames(Map<String, ConfigKey<?>> known, Map<String, StoreProvider> stores) {
            Map<String, String> canonical = new TreeMap<>();
            known.keySet().forEach(k -> canonical.put(k.toLowerCase(Locale.ROOT), k));
            stores.forEach((scheme, p) -> p.optionKeys().forEach(o -> {
                String k = CoreKeys.STORE_OPTION_PREFIX + scheme + "." + o;
                canonical.put(k.toLowerCase(Locale.ROOT), k);
            }));
            for (Map.Entry<String, Setting> e : new ArrayList<>(settings.entrySet())) {
                String c = canonical.get(e.getKey());
                if (c != null && !c.equals(e.getKey()) && e.getValue().origin.startsWith("environment")) {
                    settings.remove(e.getKey());
                    settings.putIfAbsent(c, e.getValue());
                }
            }
        }

        private void readProperties(Reader reader, String origin) throws IOException {
            List<String> lines = new BufferedReader(reader).lines().toList();
            Properties props = new Properties();
            props.load(new StringReader(String.join("\n", lines)));
            for (String name : new java.util.TreeSet<>(props.stringPropertyNames())) {
                if (name.startsWith(PREFIX)) {
                    settings.put(name, new Setting(props.getProperty(name), origin + " line " + lineOf(lines, name)));
                }
            }
        }

        private static int lineOf(List<String> lines, String key) {
            for (int i = 0; i < lines.size(); i++) {
                String l = lines.get(i).stripLeading();
                if (l.startsWith(key) && (l.length() == key.length() || "=: \t".indexOf(l.charAt(key.length())) >= 0)) {
                    return i + 1;
                }
            }
            return 0;
        }

        private static String envToKey(String env) {
            // WITNESS_QUEUE_CAPACITY -> witness.queue.capacity; camelCase keys are matched case-insensitively below
            return env.toLowerCase(Locale.ROOT).replace('_', '.');
        }

        private static String hint(String name, java.util.Set<String> known) {
            String best = null;
            int bestDistance = Integer.MAX_VALUE;
            for (String k : known) {
                int d = distance(name.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT));
                if (d < bestDistance) {
                    bestDistance = d;
                    best = k;
                }
            }
            return best != null && bestDistance <= Math.max(2, name.length() / 4) ? "; did you mean " + best + "?" : "";
        }

        private static int distance(String a, String b) {
            int[] prev = new int[b.length() + 1];
            int[] cur = new int[b.length() + 1];
            for (int j = 0; j <= b.length(); j++) prev[j] = j;
            for (int i = 1; i <= a.length(); i++) {
                cur[0] = i;
                for (int j = 1; j <= b.length(); j++) {
                    int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                    cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
                }
                int[] t = prev; prev = cur; cur = t;
            }
            return prev[b.length()];
        }
    }
}
