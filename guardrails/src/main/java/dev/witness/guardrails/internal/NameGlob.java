package dev.witness.guardrails.internal;

import java.util.regex.Pattern;

/** A case-insensitive name pattern: {@code *} any run of characters, {@code ?} one character. */
public final class NameGlob {
    private final String text;
    private final Pattern pattern;

    public NameGlob(String text) {
        this.text = text;
        StringBuilder re = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '*') {
                re.append(".*");
            } else if (c == '?') {
                re.append('.');
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        this.pattern = text.indexOf('*') < 0 && text.indexOf('?') < 0 ? null
                : Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    }

    public boolean matches(String name) {
        if (name == null) {
            return false;
        }
        return pattern == null ? text.equalsIgnoreCase(name) : pattern.matcher(name).matches();
    }

    @Override
    public String toString() {
        return text;
    }
}
