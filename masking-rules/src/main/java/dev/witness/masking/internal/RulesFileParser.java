package dev.witness.masking.internal;

import dev.witness.masking.MaskedField;
import dev.witness.masking.MaskingRulesException;
import dev.witness.masking.RulesFormat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Turns a rules document into a {@link RuleSet}, checking everything a user can get wrong and
 * failing on the first mistake with a {@link MaskingRulesException} that names the place, the
 * rule and what was expected. Runs once per load; nothing here is on a hot path.
 */
public final class RulesFileParser {

    static final Set<String> TOP_KEYS = Set.of("version", "keys", "rules");
    static final Set<String> KEY_KEYS = Set.of("hash", "fpe");
    static final List<String> RULE_KEYS = List.of("name", "when", "columns", "columnPattern", "parameters",
            "jsonPaths", "headers", "headerPattern", "kafkaKey", "detect", "strategy", "keepPrefix", "keepSuffix",
            "maskChar");
    static final List<String> SELECTORS = List.of("columns", "columnPattern", "parameters", "jsonPaths", "headers",
            "headerPattern", "kafkaKey", "detect");
    static final Set<String> WHEN_KEYS = Set.of("kinds", "source", "target", "topic");
    static final Set<String> PARAMETER_KEYS = Set.of("sql", "positions");
    static final List<String> STRATEGIES = List.of("redact", "partial", "hash", "fpe");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private final String source;
    private final KeyResolver keys;
    private final boolean fpeAvailable;
    private String rule;

    public RulesFileParser(String source, KeyResolver keys, boolean fpeAvailable) {
        this.source = source;
        this.keys = keys;
        this.fpeAvailable = fpeAvailable;
    }

    /** Reads and compiles {@code text}. */
    public static RuleSet parse(String source, String text, RulesFormat format) {
        return new RulesFileParser(source, KeyResolver.SYSTEM, Ff1Availability.available()).compile(text, format);
    }

    public RuleSet compile(String text, RulesFormat format) {
        RuleNode root = new RuleTreeReader(source, format).read(text);
        RuleNode.MapNode top = map(root, "the top level", "a mapping with 'version: 1' and 'rules'");
        checkKeys(top, TOP_KEYS, "the top level");
        RuleNode version = top.entries().get("version");
        if (version != null && !(version instanceof RuleNode.Scalar s && "1".equals(s.text()))) {
            throw fail(version, "unsupported version " + text(version), "version: 1");
        }
        byte[] hashKey = null;
        byte[] fpeKey = null;
        RuleNode keysNode = top.entries().get("keys");
        if (keysNode != null) {
            RuleNode.MapNode km = map(keysNode, "'keys'", "a mapping with 'hash' and/or 'fpe'");
            checkKeys(km, KEY_KEYS, "'keys'");
            hashKey = key(km, "hash");
            fpeKey = key(km, "fpe");
        }
        RuleNode rulesNode = top.entries().get("rules");
        if (rulesNode == null) {
            throw fail(top, "missing 'rules'", "a list of rules under 'rules'");
        }
        if (!(rulesNode instanceof RuleNode.ListNode list)) {
            throw fail(rulesNode, "'rules' is " + rulesNode.describe(), "a list of rules");
        }
        List<Rule> rules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int index = 0;
        for (RuleNode item : list.items()) {
            index++;
            rule = "#" + index;
            rules.add(rule(item, names, hashKey, fpeKey));
            rule = null;
        }
        return new RuleSet(source, List.copyOf(rules));
    }

    private Rule rule(RuleNode item, Set<String> names, byte[] hashKey, byte[] fpeKey) {
        RuleNode.MapNode m = map(item, "a rule", "a mapping with 'name', a selector and 'strategy'");
        RuleNode nameNode = m.entries().get("name");
        if (nameNode == null) {
            throw fail(m, "missing 'name'", "a unique name such as 'card-numbers'");
        }
        String name = string(nameNode, "'name'");
        if (!NAME.matcher(name).matches()) {
            throw fail(nameNode, "name '" + name + "' has characters a marker cannot hold",
                    "1-64 letters, digits, '_', '.' or '-', starting with a letter or digit");
        }
        rule = name;
        if (!names.add(name.toLowerCase(Locale.ROOT))) {
            throw fail(nameNode, "duplicate rule name '" + name + "'", "each rule name once");
        }
        checkKeys(m, new HashSet<>(RULE_KEYS), "a rule");
        if (SELECTORS.stream().noneMatch(m.entries()::containsKey)) {
            throw fail(m, "selects nothing", "at least one of " + String.join(", ", SELECTORS));
        }
        Scope scope = scope(m.entries().get("when"));
        List<ColumnMatcher> columns = strings(m, "columns").stream().map(ColumnMatcher::parse).toList();
        Pattern columnPattern = pattern(m, "columnPattern");
        List<PositionSelector> parameters = parameters(m.entries().get("parameters"));
        List<JsonPath> jsonPaths = jsonPaths(m);
        Set<String> headers = new LinkedHashSet<>();
        for (String h : strings(m, "headers")) {
            headers.add(h.toLowerCase(Locale.ROOT));
        }
        Pattern headerPattern = pattern(m, "headerPattern");
        boolean kafkaKey = bool(m, "kafkaKey");
        List<Detector> detectors = detectors(m);
        Strategy strategy = strategy(m, name, hashKey, fpeKey);
        return new Rule(name, scope, columns, columnPattern, parameters, jsonPaths, Set.copyOf(headers), headerPattern,
                kafkaKey, detectors, strategy);
    }

    private Scope scope(RuleNode node) {
        if (node == null) {
            return Scope.EVERYWHERE;
        }
        RuleNode.MapNode m = map(node, "'when'", "a mapping of kinds, source, target, topic");
        checkKeys(m, WHEN_KEYS, "'when'");
        Set<MaskedField.Kind> kinds = EnumSet.noneOf(MaskedField.Kind.class);
        for (RuleNode k : list(m, "kinds")) {
            String s = string(k, "a kind");
            try {
                kinds.add(MaskedField.Kind.valueOf(s.toUpperCase(Locale.ROOT).replace('-', '_')));
            } catch (IllegalArgumentException e) {
                throw fail(k, "unknown kind '" + s + "'", "one of " + kindNames());
            }
        }
        return new Scope(Set.copyOf(kinds), glob(m, "source"), glob(m, "target"), glob(m, "topic"));
    }

    private static String kindNames() {
        List<String> out = new ArrayList<>();
        for (MaskedField.Kind k : MaskedField.Kind.values()) {
            out.add(k.name().toLowerCase(Locale.ROOT));
        }
        return String.join(", ", out);
    }

    private Glob glob(RuleNode.MapNode m, String key) {
        RuleNode n = m.entries().get(key);
        return n == null ? null : new Glob(string(n, "'" + key + "'"));
    }

    private List<PositionSelector> parameters(RuleNode node) {
        if (node == null) {
            return List.of();
        }
        if (!(node instanceof RuleNode.ListNode list)) {
            throw fail(node, "'parameters' is " + node.describe(), "a list of {sql: <regex>, positions: [1, 2]}");
        }
        List<PositionSelector> out = new ArrayList<>();
        for (RuleNode item : list.items()) {
            RuleNode.MapNode m = map(item, "a 'parameters' entry", "a mapping with 'sql' and 'positions'");
            checkKeys(m, PARAMETER_KEYS, "a 'parameters' entry");
            Pattern sql = pattern(m, "sql");
            if (sql == null) {
                throw fail(m, "a 'parameters' entry has no 'sql'", "a regular expression the statement must contain");
            }
            Set<Integer> positions = new HashSet<>();
            List<RuleNode> ps = list(m, "positions");
            if (ps.isEmpty()) {
                throw fail(m, "a 'parameters' entry has no 'positions'", "a list of 1-based parameter positions");
            }
            for (RuleNode p : ps) {
                int v = integer(p, "a position");
                if (v < 1) {
                    throw fail(p, "position " + v + " is out of range", "a 1-based position (1 or more)");
                }
                positions.add(v);
            }
            out.add(new PositionSelector(sql, Set.copyOf(positions)));
        }
        return out;
    }

    private List<JsonPath> jsonPaths(RuleNode.MapNode m) {
        List<JsonPath> out = new ArrayList<>();
        for (RuleNode n : list(m, "jsonPaths")) {
            String p = string(n, "a JSON path");
            try {
                out.add(JsonPath.parse(p));
            } catch (IllegalArgumentException e) {
                throw fail(n, "invalid JSON path '" + p + "': " + e.getMessage(),
                        "a path like $.card.number, $.items[*].pan, $['a b'] or $..password");
            }
        }
        return out;
    }

    private List<Detector> detectors(RuleNode.MapNode m) {
        List<Detector> out = new ArrayList<>();
        for (RuleNode n : list(m, "detect")) {
            String d = string(n, "a detector name");
            Detector detector = DetectorCatalog.byName(d.toLowerCase(Locale.ROOT));
            if (detector == null) {
                throw fail(n, "unknown detector '" + d + "'", "one of " + String.join(", ", DetectorCatalog.names()));
            }
            out.add(detector);
        }
        return out;
    }

    private Strategy strategy(RuleNode.MapNode m, String name, byte[] hashKey, byte[] fpeKey) {
        RuleNode node = m.entries().get("strategy");
        if (node == null) {
            throw fail(m, "missing 'strategy'", "one of " + String.join(", ", STRATEGIES));
        }
        String kind = string(node, "'strategy'");
        boolean partial = "partial".equals(kind);
        for (String option : List.of("keepPrefix", "keepSuffix", "maskChar")) {
            if (!partial && m.entries().containsKey(option)) {
                throw fail(m.entries().get(option), "'" + option + "' applies only to strategy partial, not " + kind,
                        "no '" + option + "' or strategy: partial");
            }
        }
        switch (kind) {
            case "redact":
                return new RedactStrategy(name);
            case "partial":
                int prefix = optionalInt(m, "keepPrefix", 0);
                int suffix = optionalInt(m, "keepSuffix", 0);
                char maskChar = '*';
                RuleNode mc = m.entries().get("maskChar");
                if (mc != null) {
                    String s = string(mc, "'maskChar'");
                    if (s.length() != 1 || Character.isLetterOrDigit(s.charAt(0)) || s.charAt(0) == '\''
                            || s.charAt(0) == '"' || Character.isWhitespace(s.charAt(0))) {
                        throw fail(mc, "maskChar '" + s + "' is not one symbol",
                                "one character that is not a letter, digit, quote or space, such as '*' or '#'");
                    }
                    maskChar = s.charAt(0);
                }
                return new PartialStrategy(prefix, suffix, maskChar);
            case "hash":
                if (hashKey == null) {
                    throw fail(node, "strategy hash needs a key", "keys.hash at the top level, e.g. hash: env:WITNESS_MASK_HASH_KEY");
                }
                return new HashStrategy(hashKey);
            case "fpe":
                if (!fpeAvailable) {
                    throw fail(node, "strategy fpe needs BouncyCastle, which is not on the class path",
                            "org.bouncycastle:bcprov-jdk18on as a dependency of the application");
                }
                if (fpeKey == null) {
                    throw fail(node, "strategy fpe needs a key", "keys.fpe at the top level: an AES key of 16, 24 or 32 bytes");
                }
                return new Ff1Strategy(fpeKey, name);
            default:
                throw fail(node, "unknown strategy '" + kind + "'", "one of " + String.join(", ", STRATEGIES));
        }
    }

    private byte[] key(RuleNode.MapNode km, String which) {
        RuleNode n = km.entries().get(which);
        if (n == null) {
            return null;
        }
        String ref = string(n, "keys." + which);
        byte[] key;
        try {
            key = keys.resolve(ref);
        } catch (IllegalArgumentException e) {
            throw fail(n, "keys." + which + " cannot be resolved: " + e.getMessage(), KeyResolver.FORMS);
        }
        if ("hash".equals(which) && key.length < 16) {
            throw fail(n, "keys.hash is " + key.length + " bytes", "at least 16 bytes (32 recommended)");
        }
        if ("fpe".equals(which) && key.length != 16 && key.length != 24 && key.length != 32) {
            throw fail(n, "keys.fpe is " + key.length + " bytes", "an AES key of 16, 24 or 32 bytes");
        }
        return key;
    }

    private void checkKeys(RuleNode.MapNode m, Set<String> allowed, String where) {
        for (Map.Entry<String, int[]> e : m.keys().entrySet()) {
            if (!allowed.contains(e.getKey())) {
                List<String> sorted = allowed.stream().sorted().toList();
                if (where.equals("a rule")) {
                    sorted = RULE_KEYS;
                }
                throw new MaskingRulesException(source, e.getValue()[0], e.getValue()[1], rule,
                        "unknown key '" + e.getKey() + "' in " + where, "one of " + String.join(", ", sorted), null);
            }
        }
    }

    private RuleNode.MapNode map(RuleNode n, String what, String expected) {
        if (n instanceof RuleNode.MapNode m) {
            return m;
        }
        throw fail(n, what + " is " + n.describe(), expected);
    }

    private List<RuleNode> list(RuleNode.MapNode m, String key) {
        RuleNode n = m.entries().get(key);
        if (n == null) {
            return List.of();
        }
        if (n instanceof RuleNode.ListNode l) {
            return l.items();
        }
        throw fail(n, "'" + key + "' is " + n.describe(), "a list, e.g. " + key + ": [a, b]");
    }

    private List<String> strings(RuleNode.MapNode m, String key) {
        List<String> out = new ArrayList<>();
        for (RuleNode n : list(m, key)) {
            String s = string(n, "an entry of '" + key + "'");
            if (s.isBlank()) {
                throw fail(n, "an entry of '" + key + "' is blank", "a non-empty name");
            }
            out.add(s);
        }
        return out;
    }

    private String string(RuleNode n, String what) {
        if (n instanceof RuleNode.Scalar s && !"null".equals(s.type())) {
            return s.text();
        }
        throw fail(n, what + " is " + n.describe(), "a string");
    }

    private int integer(RuleNode n, String what) {
        if (n instanceof RuleNode.Scalar s && "number".equals(s.type())) {
            try {
                return Integer.parseInt(s.text());
            } catch (NumberFormatException e) {
                throw fail(n, what + " is " + n.describe(), "a whole number");
            }
        }
        throw fail(n, what + " is " + n.describe(), "a whole number");
    }

    private int optionalInt(RuleNode.MapNode m, String key, int dflt) {
        RuleNode n = m.entries().get(key);
        if (n == null) {
            return dflt;
        }
        int v = integer(n, "'" + key + "'");
        if (v < 0) {
            throw fail(n, "'" + key + "' is " + v, "0 or more");
        }
        return v;
    }

    private boolean bool(RuleNode.MapNode m, String key) {
        RuleNode n = m.entries().get(key);
        if (n == null) {
            return false;
        }
        if (n instanceof RuleNode.Scalar s && "boolean".equals(s.type())) {
            return Boolean.parseBoolean(s.text());
        }
        throw fail(n, "'" + key + "' is " + n.describe(), "true or false");
    }

    private Pattern pattern(RuleNode.MapNode m, String key) {
        RuleNode n = m.entries().get(key);
        if (n == null) {
            return null;
        }
        String re = string(n, "'" + key + "'");
        try {
            return Pattern.compile(re);
        } catch (PatternSyntaxException e) {
            throw fail(n, "'" + key + "' is not a valid regular expression: " + e.getDescription() + " near index "
                    + e.getIndex(), "a Java regular expression");
        }
    }

    private static String text(RuleNode n) {
        return n instanceof RuleNode.Scalar s ? s.text() : n.describe();
    }

    private MaskingRulesException fail(RuleNode at, String problem, String expected) {
        return new MaskingRulesException(source, at.line(), at.column(), rule, problem, expected, null);
    }
}
