package dev.witness.masking.internal;

/**
 * What one cheap pass over a text found: how many digits, and whether the few characters some
 * detectors need are present at all. Detectors whose trigger is absent are not run, so a value no
 * detector can match costs one scan and no allocation beyond this object.
 */
public final class TextFeatures {

    final int length;
    final int digits;
    final boolean at;
    final boolean equalsOrColon;
    final boolean underscoreOrDash;
    final boolean dash5;
    final boolean upper;

    private TextFeatures(int length, int digits, boolean at, boolean equalsOrColon, boolean underscoreOrDash,
                         boolean dash5, boolean upper) {
        this.length = length;
        this.digits = digits;
        this.at = at;
        this.equalsOrColon = equalsOrColon;
        this.underscoreOrDash = underscoreOrDash;
        this.dash5 = dash5;
        this.upper = upper;
    }

    public static TextFeatures of(CharSequence text) {
        int digits = 0;
        boolean at = false;
        boolean eq = false;
        boolean ud = false;
        boolean upper = false;
        int dashRun = 0;
        boolean dash5 = false;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
                dashRun = 0;
                continue;
            }
            if (c == '-') {
                ud = true;
                if (++dashRun >= 5) {
                    dash5 = true;
                }
                continue;
            }
            dashRun = 0;
            if (c >= 'A' && c <= 'Z') {
                upper = true;
            } else if (c == '@') {
                at = true;
            } else if (c == '=' || c == ':') {
                eq = true;
            } else if (c == '_') {
                ud = true;
            }
        }
        return new TextFeatures(text.length(), digits, at, eq, ud, dash5, upper);
    }
}
