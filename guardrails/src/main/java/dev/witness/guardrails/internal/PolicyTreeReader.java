package dev.witness.guardrails.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.witness.guardrails.PolicyException;
import dev.witness.masking.RulesFormat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a YAML or JSON policy into a {@link PolicyNode} tree with locations, with Jackson's
 * streaming parsers, as the masking rules loader does. Syntax errors name the line, the column
 * and the rule being read; duplicate keys are an error (YAML would silently keep the last).
 */
final class PolicyTreeReader {
    private static final JsonFactory JSON = new JsonFactory();
    private static final YAMLFactory YAML = new YAMLFactory();

    private final String source;
    private final RulesFormat format;
    private String currentRule;
    private int ruleIndex;

    PolicyTreeReader(String source, RulesFormat format) {
        this.source = source;
        this.format = format;
    }

    PolicyNode read(String text) {
        try (JsonParser p = (format == RulesFormat.JSON ? JSON : YAML).createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new PolicyException(source, 1, 1, null, "the document is empty",
                        "a mapping with 'version: 1' and 'rules'", null);
            }
            PolicyNode root = node(p, t, 0);
            if (p.nextToken() != null) {
                int[] at = location(p.currentTokenLocation());
                throw new PolicyException(source, at[0], at[1], null, "content after the end of the document",
                        "a single document", null);
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            int[] at = loc == null ? new int[] {0, 0} : location(loc);
            throw new PolicyException(source, at[0], at[1], currentRule,
                    "malformed " + format + ": " + e.getOriginalMessage().lines().findFirst().orElse(""),
                    "valid " + format, e);
        } catch (IOException e) {
            throw new PolicyException(source, 0, 0, null, "cannot be read: " + e.getMessage(),
                    "a readable " + format + " document", e);
        }
    }

    private static int[] location(JsonLocation loc) {
        return new int[] {Math.max(loc.getLineNr(), 0), Math.max(loc.getColumnNr(), 0)};
    }

    private PolicyNode node(JsonParser p, JsonToken t, int depth) throws IOException {
        int[] at = location(p.currentTokenLocation());
        switch (t) {
            case START_OBJECT:
                return map(p, at, depth);
            case START_ARRAY:
                List<PolicyNode> items = new ArrayList<>();
                JsonToken n;
                while ((n = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (depth == 1) {
                        currentRule = "#" + (++ruleIndex);
                    }
                    items.add(node(p, n, depth + 1));
                }
                return new PolicyNode.ListNode(items, at[0], at[1]);
            case VALUE_STRING:
                return new PolicyNode.Scalar(p.getText(), "string", at[0], at[1]);
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return new PolicyNode.Scalar(p.getText(), "number", at[0], at[1]);
            case VALUE_TRUE:
            case VALUE_FALSE:
                return new PolicyNode.Scalar(p.getText(), "boolean", at[0], at[1]);
            case VALUE_NULL:
                return new PolicyNode.Scalar("null", "null", at[0], at[1]);
            default:
                throw new PolicyException(source, at[0], at[1], currentRule, "unsupported token " + t,
                        "a mapping, list or scalar", null);
        }
    }

    private PolicyNode map(JsonParser p, int[] at, int depth) throws IOException {
        Map<String, PolicyNode> entries = new LinkedHashMap<>();
        Map<String, int[]> keys = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            int[] keyAt = location(p.currentTokenLocation());
            if (entries.containsKey(key)) {
                throw new PolicyException(source, keyAt[0], keyAt[1], currentRule, "duplicate key '" + key + "'",
                        "each key once per mapping", null);
            }
            PolicyNode value = node(p, p.nextToken(), depth + 1);
            if (depth == 2 && "name".equals(key) && value instanceof PolicyNode.Scalar s) {
                currentRule = s.text();
            }
            entries.put(key, value);
            keys.put(key, keyAt);
        }
        return new PolicyNode.MapNode(entries, keys, at[0], at[1]);
    }
}
