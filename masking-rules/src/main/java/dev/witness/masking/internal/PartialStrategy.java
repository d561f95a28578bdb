package dev.witness.masking.internal;

/**
 * Keeps the first {@code keepPrefix} and last {@code keepSuffix} letters or digits and replaces
 * every other letter or digit with the mask character; separators stay, so
 * {@code 4111 1111 1111 1234} becomes {@code **** **** **** 1234}. When the kept parts would
 * cover the whole value, everything is masked: a partial rule never reveals a value entirely.
 * Idempotent: the mask character is not a letter or digit.
 */
final class PartialStrategy implements Strategy {

    private final int keepPrefix;
    private final int keepSuffix;
    private final char maskChar;

    PartialStrategy(int keepPrefix, int keepSuffix, char maskChar) {
        this.keepPrefix = keepPrefix;
        this.keepSuffix = keepSuffix;
        this.maskChar = maskChar;
    }

    @Override
    public String apply(String value) {
        int significant = 0;
        for (int i = 0; i < value.length(); i++) {
            if (Character.isLetterOrDigit(value.charAt(i))) {
                significant++;
            }
        }
        boolean revealAll = keepPrefix + keepSuffix >= significant;
        StringBuilder sb = new StringBuilder(value.length());
        int index = 0;
        boolean changed = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\n' || c == '\r' || c == '\'' || c == '"') {
                sb.append(maskChar);
                changed = true;
            } else if (!Character.isLetterOrDigit(c)) {
                sb.append(c);
            } else {
                boolean keep = !revealAll && (index < keepPrefix || index >= significant - keepSuffix);
                sb.append(keep ? c : maskChar);
                changed |= !keep;
                index++;
            }
        }
        return changed ? sb.toString() : value;
    }

    @Override
    public String kind() {
        return "partial";
    }
}
