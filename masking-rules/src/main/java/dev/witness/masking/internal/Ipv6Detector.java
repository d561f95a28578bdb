package dev.witness.masking.internal;

import java.util.List;

/**
 * IPv6 addresses: eight groups of one to four hex digits, or fewer with one {@code ::}, optionally
 * ending in a dotted IPv4 address. Validated by a strict parser, so times such as
 * {@code 10:30:00} and MAC-like strings of the wrong shape do not match. Opt-in.
 */
final class Ipv6Detector implements Detector {

    @Override
    public String name() {
        return "ipv6";
    }

    @Override
    public boolean mayMatch(TextFeatures f) {
        return f.equalsOrColon && f.length >= 3;
    }

    private static boolean addressChar(char c) {
        return Chars.digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
    }

    @Override
    public void find(String s, List<Span> out) {
        int n = s.length();
        int i = 0;
        while (i < n) {
            if (!addressChar(s.charAt(i)) || Chars.letterOrDigitAt(s, i - 1)) {
                i++;
                continue;
            }
            int j = i;
            while (j < n && addressChar(s.charAt(j))) {
                j++;
            }
            int end = j;
            while (end > i && s.charAt(end - 1) == '.') {
                end--;
            }
            if (!Chars.letterOrDigitAt(s, j) && valid(s.substring(i, end))) {
                out.add(new Span(i, end));
            }
            i = Math.max(j, i + 1);
        }
    }

    static boolean valid(String a) {
        if (a.length() < 2 || a.indexOf(':') < 0) {
            return false;
        }
        int doubleColon = a.indexOf("::");
        if (doubleColon >= 0 && a.indexOf("::", doubleColon + 1) >= 0) {
            return false;
        }
        int groups = 0;
        String[] halves = doubleColon >= 0
                ? new String[] {a.substring(0, doubleColon), a.substring(doubleColon + 2)}
                : new String[] {a};
        for (int h = 0; h < halves.length; h++) {
            if (halves[h].isEmpty()) {
                continue;
            }
            String[] parts = halves[h].split(":", -1);
            for (int k = 0; k < parts.length; k++) {
                String p = parts[k];
                boolean last = h == halves.length - 1 && k == parts.length - 1;
                if (last && p.indexOf('.') >= 0) {
                    if (!ipv4(p)) {
                        return false;
                    }
                    groups += 2;
                } else if (p.isEmpty() || p.length() > 4 || !p.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                    return false;
                } else {
                    groups++;
                }
            }
        }
        return doubleColon >= 0 ? groups <= 7 : groups == 8;
    }

    private static boolean ipv4(String p) {
        String[] o = p.split("\\.", -1);
        if (o.length != 4) {
            return false;
        }
        for (String x : o) {
            if (x.isEmpty() || x.length() > 3 || !x.chars().allMatch(Character::isDigit)
                    || Integer.parseInt(x) > 255 || (x.length() > 1 && x.charAt(0) == '0')) {
                return false;
            }
        }
        return true;
    }
}
