package dev.witness.guardrails.internal;

import dev.witness.guardrails.Action;
import dev.witness.guardrails.PolicyException;
import dev.witness.guardrails.SqlClass;
import dev.witness.masking.RulesFormat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Turns a policy document into rules, failing on the first mistake with a
 * {@link PolicyException} naming the place, the rule and what was expected. Runs once per load.
 */
public final class PolicyParser {
    static final Set<String> TOP_KEYS = Set.of("version", "default", "rules");
    static final List<String> RULE_KEYS = List.of("name", "when", "sql", "kafka", "action", "message");
    static final Set<String> WHEN_KEYS = Set.of("source", "target", "identity", "attributes");
    static final Set<String> SQL_KEYS = Set.of("classes", "tables", "pattern");
    static final Set<String> KAFKA_KEYS = Set.of("topics", "topicPattern");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private final String source;
    private String rule;

    private PolicyParser(String source) {
        this.source = source;
    }

    /** The parsed document: its rules in file order and the action when none matches. */
    public record Parsed(List<PolicyRule> rules, Action defaultAction) {
    }

    public static Parsed parse(String source, String text, RulesFormat format) {
        return new PolicyParser(source).compile(new PolicyTreeReader(source, format).read(text));
    }

    private Parsed compile(PolicyNode root) {
        PolicyNode.MapNode top = map(root, "the top level", "a mapping with 'version: 1' and 'rules'");
        checkKeys(top, TOP_KEYS, "the top level");
        PolicyNode version = top.entries().get("version");
        if (version != null && !(version instanceof PolicyNode.Scalar s && "1".equals(s.text()))) {
            throw fail(version, "unsupported version " + text(version), "version: 1");
        }
        Action dflt = Action.ALLOW;
        PolicyNode d = top.entries().get("default");
        if (d != null) {
            dflt = action(d, "'default'");
        }
        PolicyNode rulesNode = top.entries().get("rules");
        if (rulesNode == null) {
            throw fail(top, "missing 'rules'", "a list of rules under 'rules'");
        }
        if (!(rulesNode instanceof PolicyNode.ListNode list)) {
            throw fail(rulesNode, "'rules' is " + rulesNode.describe(), "a list of rules");
        }
        List<PolicyRule> rules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int index = 0;
        for (PolicyNode item : list.items()) {
            rule = "#" + (++index);
            rules.add(rule(item, names));
            rule = null;
        }
        return new Parsed(List.copyOf(rules), dflt);
    }

    private PolicyRule rule(PolicyNode item, Set<String> names) {
        PolicyNode.MapNode m = map(item, "a rule", "a mapping with 'name', conditions and 'action'");
        PolicyNode nameNode = m.entries().get("name");
        if (nameNode == null) {
            throw fail(m, "missing 'name'", "a unique name such as 'no-drop-in-prod'");
        }
        String name = string(nameNode, "'name'");
        if (!NAME.matcher(name).matches()) {
            throw fail(nameNode, "name '" + name + "' has characters a message cannot hold",
                    "1-64 letters, digits, '_', '.' or '-', starting with a letter or digit");
        }
        rule = name;
        if (!names.add(name.toLowerCase(Locale.ROOT))) {
            throw fail(nameNode, "duplicate rule name '" + name + "'", "each rule name once");
        }
        checkKeys(m, new HashSet<>(RULE_KEYS), "a rule");
        PolicyNode actionNode = m.entries().get("action");
        if (actionNode == null) {
            throw fail(m, "missing 'action'", "one of allow, deny, approve");
        }
        Action action = action(actionNode, "'action'");
        String message = m.entries().containsKey("message") ? string(m.entries().get("message"), "'message'") : null;

        NameGlob src = null;
        NameGlob tgt = null;
        NameGlob identity = null;
        Map<String, NameGlob> attributes = new LinkedHashMap<>();
        PolicyNode whenNode = m.entries().get("when");
        if (whenNode != null) {
            PolicyNode.MapNode w = map(whenNode, "'when'", "a mapping of source, target, identity, attributes");
            checkKeys(w, WHEN_KEYS, "'when'");
            src = glob(w, "source");
            tgt = glob(w, "target");
            identity = glob(w, "identity");
            PolicyNode a = w.entries().get("attributes");
            if (a != null) {
                PolicyNode.MapNode am = map(a, "'attributes'", "a mapping of attribute name to pattern, e.g. {ticket: \"OPS-*\"}");
                for (Map.Entry<String, PolicyNode> e : am.entries().entrySet()) {
                    attributes.put(e.getKey(), new NameGlob(string(e.getValue(), "attribute '" + e.getKey() + "'")));
                }
            }
        }

        boolean hasSql = false;
        int classes = 0;
        List<NameGlob> tables = List.of();
        Pattern sqlPattern = null;
        PolicyNode sqlNode = m.entries().get("sql");
        if (sqlNode != null) {
            hasSql = true;
            PolicyNode.MapNode s = map(sqlNode, "'sql'", "a mapping of classes, tables, pattern");
            checkKeys(s, SQL_KEYS, "'sql'");
            for (PolicyNode c : list(s, "classes")) {
                String cn = string(c, "a class");
                try {
                    classes |= SqlFacts.bit(SqlClass.valueOf(cn.trim().toUpperCase(Locale.ROOT).replace('-', '_')));
                } catch (IllegalArgumentException e) {
                    throw fail(c, "unknown SQL class '" + cn + "'", "one of " + classNames());
                }
            }
            tables = globs(s, "tables");
            sqlPattern = pattern(s, "pattern", 0);
        }
        boolean hasKafka = false;
        List<NameGlob> topics = List.of();
        Pattern topicPattern = null;
        PolicyNode kafkaNode = m.entries().get("kafka");
        if (kafkaNode != null) {
            hasKafka = true;
            PolicyNode.MapNode k = map(kafkaNode, "'kafka'", "a mapping of topics, topicPattern");
            checkKeys(k, KAFKA_KEYS, "'kafka'");
            topics = globs(k, "topics");
            topicPattern = pattern(k, "topicPattern", 0);
        }
        if (hasSql && hasKafka) {
            throw fail(kafkaNode, "a rule has both 'sql' and 'kafka'", "one rule for statements and another for sends");
        }
        return new PolicyRule(name, action, message, src, tgt, identity, Map.copyOf(attributes), hasSql, classes,
                tables, sqlPattern, hasKafka, topics, topicPattern);
    }

    private static String classNames() {
        List<String> out = new ArrayList<>();
        for (SqlClass c : SqlClass.values()) {
            out.add(c.policyName());
        }
        return String.join(", ", out);
    }

    private Action action(PolicyNode n, String what) {
        String s = string(n, what);
        try {
            return Action.valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw fail(n, "unknown action '" + s + "'", "one of allow, deny, approve");
        }
    }

    private NameGlob glob(PolicyNode.MapNode m, String key) {
        PolicyNode n = m.entries().get(key);
        return n == null ? null : new NameGlob(string(n, "'" + key + "'"));
    }

    private List<NameGlob> globs(PolicyNode.MapNode m, String key) {
        List<NameGlob> out = new ArrayList<>();
        for (PolicyNode n : list(m, key)) {
            String s = string(n, "an entry of '" + key + "'");
            if (s.isBlank()) {
                throw fail(n, "an entry of '" + key + "' is blank", "a name or a glob such as 'audit_*'");
            }
            out.add(new NameGlob(s.trim()));
        }
        return List.copyOf(out);
    }

    private Pattern pattern(PolicyNode.MapNode m, String key, int flags) {
        PolicyNode n = m.entries().get(key);
        if (n == null) {
            return null;
        }
        String re = string(n, "'" + key + "'");
        try {
            return Pattern.compile(re, flags);
        } catch (PatternSyntaxException e) {
            throw fail(n, "'" + key + "' is not a valid regular expression: " + e.getDescription() + " near index "
                    + e.getIndex(), "a Java regular expression");
        }
    }

    private void checkKeys(PolicyNode.MapNode m, Set<String> allowed, String where) {
        for (Map.Entry<String, int[]> e : m.keys().entrySet()) {
            if (!allowed.contains(e.getKey())) {
                List<String> sorted = where.equals("a rule") ? RULE_KEYS : allowed.stream().sorted().toList();
                throw new PolicyException(source, e.getValue()[0], e.getValue()[1], rule,
                        "unknown key '" + e.getKey() + "' in " + where, "one of " + String.join(", ", sorted), null);
            }
        }
    }

    private PolicyNode.MapNode map(PolicyNode n, String what, String expected) {
        if (n instanceof PolicyNode.MapNode m) {
            return m;
        }
        throw fail(n, what + " is " + n.describe(), expected);
    }

    private List<PolicyNode> list(PolicyNode.MapNode m, String key) {
        PolicyNode n = m.entries().get(key);
        if (n == null) {
            return List.of();
        }
        if (n instanceof PolicyNode.ListNode l) {
            return l.items();
        }
        throw fail(n, "'" + key + "' is " + n.describe(), "a list, e.g. " + key + ": [a, b]");
    }

    private String string(PolicyNode n, String what) {
        if (n instanceof PolicyNode.Scalar s && !"null".equals(s.type())) {
            return s.text();
        }
        throw fail(n, what + " is " + n.describe(), "a string");
    }

    private static String text(PolicyNode n) {
        return n instanceof PolicyNode.Scalar s ? s.text() : n.describe();
    }

    private PolicyException fail(PolicyNode at, String problem, String expected) {
        return new PolicyException(source, at.line(), at.column(), rule, problem, expected, null);
    }
}
