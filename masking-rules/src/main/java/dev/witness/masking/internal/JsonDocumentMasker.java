package dev.witness.masking.internal;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Masks inside a JSON document in one pass of a validating scanner written for this job, over the
 * UTF-8 bytes themselves ({@link #mask(byte[])}) or the characters of a String
 * ({@link #mask(String)}), and splices replacements into the original at the offsets of the
 * values that change. Nothing is re-serialised: whitespace, key order, number spelling, escapes
 * and bytes of untouched values stay as they were, no tree is built, and a document nothing
 * touches comes back as the same reference (the same array for bytes).
 *
 * <p>Why not jackson-core or json-masker (measured in docs/benchmarks.md, reasoned in
 * docs/masking.md): a jackson parser canonicalises every property name and materialises every
 * value to report offsets; json-masker does not validate (its output for invalid input is
 * undefined, and ours must then fall back to free-text masking), has no {@code ..} or index
 * selectors and cannot mask property names. This scanner validates as strictly as jackson-core's
 * default parser (the tests compare the two), decodes a value only when a rule selects it or a
 * detector may read it, and compares property names against the rules' names in place.
 *
 * <p><b>JSON paths</b> run as a small automaton: every segment of every path is one position; the
 * set of positions alive at a container is a bit set kept per nesting level, and a child's set is
 * computed from its parent's by its name or index. A path whose last position matches selects the
 * child and everything inside it. When two paths select a value, the one first in file order
 * wins, as for the other selectors. A subtree where no position is alive, no path selected an
 * ancestor and no detector runs is only validated.
 *
 * <p>Values selected by a path get the path rule's strategy; other string values (and property
 * names and numbers) go through the detectors. A replaced number stays a number when the
 * strategy's output is a valid JSON number (FF1 on digits); otherwise it becomes a string, as do
 * replaced booleans. {@code null} is never replaced. Invalid input (including more than
 * {@value #MAX_DEPTH} nested containers) gives {@code null}, and the caller falls back to
 * free-text masking. Malformed UTF-8 inside an untouched string is kept byte for byte; a
 * replaced value is decoded with U+FFFD for malformed sequences, as {@code new String} does.
 * Immutable and thread-safe: each call has its own scanner.
 */
public final class JsonDocumentMasker {

    /** Containers nested deeper than this make the document invalid here (jackson's default limit too). */
    static final int MAX_DEPTH = 1000;

    private static final int NONE = Integer.MAX_VALUE;
    private static final byte NAME = 0;
    private static final byte INDEX = 1;
    private static final byte ANY = 2;
    private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    /** A path and the strategy of the rule that named it. */
    public record PathBinding(JsonPath path, Strategy strategy) {
    }

    // ---- the path automaton, one entry per position (a segment of a path)
    private final int words;
    private final long[] initial;
    private final byte[] kind;
    private final boolean[] deep;
    private final boolean[] last;
    private final int[] pathOf;
    private final String[] names;
    private final char[][] charNames;
    private final byte[][] utf8Names;
    /** The names in ISO-8859-1; {@code null} where {@link #latin1Exact}. */
    private final byte[][] latin1Names;
    /** Names holding '?' or a char above U+00FF: compared against the String itself in ISO-8859-1 mode. */
    private final boolean[] latin1Exact;
    private final int[] indexes;
    /** Positions that stay alive below a match (the {@code ..} segments); only used with one word. */
    private final long deepMask;
    /** Positions that match any name or index ({@code *}). */
    private final long anyMask;
    /** Positions of index segments ({@code [n]}). */
    private final long indexMask;
    /**
     * Name positions by the length and first code unit of the name ({@link #nameSlot}), for chars
     * and UTF-8 alike: a key whose slot holds no alive position is not compared at all.
     */
    private final long[] nameSlots;
    /** Per path p, the positions of paths before p: once p selects a value, only they can still win. */
    private final long[][] before;
    private final Strategy[] strategies;
    /** Per path, the quoted marker when its strategy is redact (the output does not depend on the value), else null. */
    private final String[] quotedMarkers;
    private final char[][] charMarkers;
    private final byte[][] utf8Markers;

    private final TextMasker text;
    private final boolean detectors;
    /** The password detector's strategy: in JSON, "password": "x" is a key and a value, not text. */
    private final Strategy passwordStrategy;

    public JsonDocumentMasker(List<PathBinding> paths, TextMasker text) {
        int positions = 0;
        for (PathBinding b : paths) {
            positions += b.path().segments().length;
        }
        this.words = (positions + 63) >>> 6;
        this.initial = new long[words];
        this.kind = new byte[positions];
        this.deep = new boolean[positions];
        this.last = new boolean[positions];
        this.pathOf = new int[positions];
        this.names = new String[positions];
        this.charNames = new char[positions][];
        this.utf8Names = new byte[positions][];
        this.latin1Names = new byte[positions][];
        this.latin1Exact = new boolean[positions];
        this.indexes = new int[positions];
        this.before = new long[paths.size()][];
        this.strategies = new Strategy[paths.size()];
        this.quotedMarkers = new String[paths.size()];
        this.charMarkers = new char[paths.size()][];
        this.utf8Markers = new byte[paths.size()][];
        int p = 0;
        for (int path = 0; path < paths.size(); path++) {
            strategies[path] = paths.get(path).strategy();
            if (strategies[path] instanceof RedactStrategy redact) {
                quotedMarkers[path] = quote(redact.marker());
                charMarkers[path] = quotedMarkers[path].toCharArray();
                utf8Markers[path] = quotedMarkers[path].getBytes(StandardCharsets.UTF_8);
            }
            JsonPath.Segment[] segments = paths.get(path).path().segments();
            initial[p >>> 6] |= 1L << p;
            for (int s = 0; s < segments.length; s++, p++) {
                JsonPath.Segment seg = segments[s];
                kind[p] = seg.wildcard() ? ANY : seg.name() != null ? NAME : INDEX;
                deep[p] = seg.deep();
                last[p] = s == segments.length - 1;
                pathOf[p] = path;
                names[p] = seg.name();
                charNames[p] = seg.name() == null ? null : seg.name().toCharArray();
                utf8Names[p] = seg.name() == null ? null : seg.name().getBytes(StandardCharsets.UTF_8);
                latin1Exact[p] = seg.name() != null && !latin1Safe(seg.name());
                latin1Names[p] = seg.name() == null || latin1Exact[p] ? null
                        : seg.name().getBytes(StandardCharsets.ISO_8859_1);
                indexes[p] = seg.index();
            }
        }
        for (int path = 0; path < paths.size(); path++) {
            long[] b = new long[words];
            for (int q = 0; q < positions; q++) {
                if (pathOf[q] < path) {
                    b[q >>> 6] |= 1L << q;
                }
            }
            before[path] = b;
        }
        long deepBits = 0;
        long anyBits = 0;
        long indexBits = 0;
        long[] slots = new long[SLOTS];
        for (int q = 0; q < Math.min(positions, 64); q++) {
            long bit = 1L << q;
            deepBits |= deep[q] ? bit : 0;
            anyBits |= kind[q] == ANY ? bit : 0;
            indexBits |= kind[q] == INDEX ? bit : 0;
            if (kind[q] == NAME && !names[q].isEmpty()) {
                slots[nameSlot(charNames[q].length, charNames[q][0])] |= bit;
                slots[nameSlot(utf8Names[q].length, utf8Names[q][0] & 0xFF)] |= bit;
                slots[nameSlot(charNames[q].length, '?')] |= bit; // its first char as ISO-8859-1 bytes may be '?'
            }
        }
        this.deepMask = deepBits;
        this.anyMask = anyBits;
        this.indexMask = indexBits;
        this.nameSlots = slots;
        this.text = text;
        this.detectors = !text.isEmpty();
        this.passwordStrategy = text.strategyOf("password");
    }

    public boolean isEmpty() {
        return strategies.length == 0 && !detectors;
    }

    /** True if {@code value}'s first non-blank character opens an object or array. */
    public static boolean looksLikeJson(String value) {
        for (int i = 0, n = value.length(); i < n; i++) {
            char c = value.charAt(i);
            if (c == '{' || c == '[') {
                return true;
            }
            if (!Character.isWhitespace(c)) {
                return false;
            }
        }
        return false;
    }

    /** The masked document, the same reference when nothing changed, or {@code null} if not valid JSON. */
    public String mask(String json) {
        // Scan an ISO-8859-1 copy, eight bytes at a time (for the usual Latin-1 String it is one
        // array copy). Other chars become '?' there, which is as neutral to the grammar as they are
        // (they are only valid inside strings), and everything read as text comes from the String
        // itself; offsets stay char offsets unless a surrogate pair became one '?': then the chars
        // are scanned in place.
        byte[] latin1 = json.getBytes(StandardCharsets.ISO_8859_1);
        if (latin1.length == json.length()) {
            ByteScan scan = new ByteScan(this, latin1, json);
            return scan.run() ? splice(json, scan) : null;
        }
        CharScan scan = new CharScan(this, json);
        return scan.run() ? splice(json, scan) : null;
    }

    /** The masked UTF-8 document, the same array when nothing changed, or {@code null} if not valid JSON. */
    public byte[] mask(byte[] utf8Json) {
        ByteScan scan = new ByteScan(this, utf8Json, null);
        return scan.run() ? scan.output() : null;
    }

    /** True if {@code name} is the same in ISO-8859-1 and has no '?' (what other chars become there). */
    private static boolean latin1Safe(String name) {
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) > 0xFF || name.charAt(i) == '?') {
                return false;
            }
        }
        return true;
    }

    /** Entries of {@link #nameSlots}: small enough to stay in the L1 cache; collisions are compared anyway. */
    private static final int SLOTS = 512;

    /** The {@link #nameSlots} entry of a name of {@code length} units starting with {@code first}. */
    static int nameSlot(int length, int first) {
        return (length & 15) << 5 | (first & 31);
    }

    static boolean isJsonNumber(String s) {
        return JSON_NUMBER.matcher(s).matches();
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        JsonStringEncoder.getInstance().quoteAsString(s, sb);
        return sb.append('"').toString();
    }

    /** Thrown (without a stack trace) where the input stops being valid JSON. */
    private static final class Invalid extends RuntimeException {
        static final Invalid INSTANCE = new Invalid();

        private Invalid() {
            super("invalid JSON", null, false, false);
        }
    }

    /**
     * What both scanners share: the path automaton, what happens to a value a rule may change,
     * and the edits. The grammar itself is in {@link ByteScan} and {@link CharScan}, written twice
     * on purpose: with one grammar over an abstract "unit at i", a JVM that masks both Strings and
     * byte arrays (every JVM running the Recorder) dispatches each unit read between two classes,
     * which measured about 30% slower. Only calls made for values a rule may change (and for
     * property names a path may name) go through the abstract methods here. Not thread-safe; one
     * per call.
     */
    private abstract static class Scan {
        final JsonDocumentMasker m;
        /** Alive positions per nesting level, {@code m.words} longs per level. */
        long[] states;
        int edits;
        int[] editStart;
        int[] editEnd;
        /** The replacement text, or {@code null} for the redaction marker of path {@code editPath}. */
        String[] editText;
        int[] editPath;

        Scan(JsonDocumentMasker m) {
            this.m = m;
            this.states = new long[Math.max(m.words, 1) * 8];
            System.arraycopy(m.initial, 0, states, 0, m.words);
        }

        /** The code units {@code [start, end)} as text (UTF-8 decoded for bytes). */
        abstract String raw(int start, int end);

        /** True if the unescaped content {@code [start, end)} equals the name of position {@code p}. */
        abstract boolean nameAt(int start, int end, int p);

        /** True if the code units {@code [start, end)} are the quoted redaction marker of {@code path}. */
        abstract boolean isMarker(int start, int end, int path);

        /**
         * Moves the automaton from the container at {@code level} to its child named
         * {@code keyStart..keyEnd} (whose first unit is {@code first}), or at {@code index} when
         * {@code keyStart < 0}, writing the child's alive positions at {@code level + 1}; returns
         * the path that selects the child (the lowest of {@code selected} and those matching here).
         */
        final int step(int level, int keyStart, int keyEnd, boolean keyEscaped, int first, int index, int selected) {
            int w = m.words;
            if (w == 0) {
                return selected;
            }
            if (w == 1) {
                return step1(level, keyStart, keyEnd, keyEscaped, first, index, selected);
            }
            int from = level * w;
            int to = from + w;
            if (to + w > states.length) {
                states = Arrays.copyOf(states, Math.max(states.length * 2, to + w));
            }
            long[] st = states;
            Arrays.fill(st, to, to + w, 0L);
            int chosen = selected;
            String decodedKey = null;
            for (int k = 0; k < w; k++) {
                long bits = st[from + k];
                while (bits != 0) {
                    int p = (k << 6) + Long.numberOfTrailingZeros(bits);
                    bits &= bits - 1;
                    if (m.deep[p]) {
                        st[to + k] |= 1L << p;
                    }
                    boolean match;
                    byte kind = m.kind[p];
                    if (kind == ANY) {
                        match = true;
                    } else if (kind == NAME) {
                        if (keyStart < 0) {
                            match = false;
                        } else if (keyEscaped) {
                            if (decodedKey == null) {
                                decodedKey = decode(keyStart, keyEnd, true);
                            }
                            match = m.names[p].equals(decodedKey);
                        } else {
                            match = nameAt(keyStart, keyEnd, p);
                        }
                    } else {
                        match = keyStart < 0 && index == m.indexes[p];
                    }
                    if (match) {
                        if (m.last[p]) {
                            chosen = Math.min(chosen, m.pathOf[p]);
                        } else {
                            st[to + ((p + 1) >>> 6)] |= 1L << (p + 1);
                        }
                    }
                }
            }
            if (chosen != NONE) {
                long[] keep = m.before[chosen];
                for (int k = 0; k < w; k++) {
                    st[to + k] &= keep[k];
                }
            }
            return chosen;
        }

        /** {@link #step} when every position fits in one long (64 path segments or fewer). */
        private int step1(int level, int keyStart, int keyEnd, boolean keyEscaped, int first, int index, int selected) {
            long[] st = states;
            if (level + 1 >= st.length) {
                st = states = Arrays.copyOf(st, st.length * 2);
            }
            long bits = st[level];
            if (bits == 0) {
                st[level + 1] = 0;
                return selected;
            }
            JsonDocumentMasker m = this.m;
            long out = bits & m.deepMask;
            int chosen = selected;
            long candidates;
            if (keyStart < 0) {
                candidates = bits & (m.anyMask | m.indexMask);
            } else if (keyEscaped || keyEnd == keyStart) {
                candidates = bits & ~m.indexMask;
            } else {
                candidates = bits & (m.anyMask | m.nameSlots[nameSlot(keyEnd - keyStart, first)]);
            }
            String decodedKey = null;
            while (candidates != 0) {
                int p = Long.numberOfTrailingZeros(candidates);
                candidates &= candidates - 1;
                boolean match;
                byte kind = m.kind[p];
                if (kind == ANY) {
                    match = true;
                } else if (kind == INDEX) {
                    match = index == m.indexes[p];
                } else if (keyEscaped) {
                    if (decodedKey == null) {
                        decodedKey = decode(keyStart, keyEnd, true);
                    }
                    match = m.names[p].equals(decodedKey);
                } else {
                    match = nameAt(keyStart, keyEnd, p);
                }
                if (match) {
                    if (m.last[p]) {
                        chosen = Math.min(chosen, m.pathOf[p]);
                    } else {
                        out |= 1L << (p + 1);
                    }
                }
            }
            if (chosen != NONE) {
                out &= m.before[chosen][0];
            }
            st[level + 1] = out;
            return chosen;
        }

        /**
         * Detectors over a property name (content {@code [start, end)}); returns it decoded, for
         * the password-like key check of its value.
         */
        final String name(int start, int end, boolean escaped) {
            String key = decode(start, end, escaped);
            String masked = m.text.mask(key);
            if (masked != key && !masked.equals(key)) {
                edit(start - 1, end + 1, quote(masked), -1);
            }
            return key;
        }

        /**
         * A string value {@code [start, end)} (quotes included) that a path selects or detectors
         * may read; {@code key} is its decoded property name when detectors run.
         */
        final void stringValue(int start, int end, boolean escaped, int selected, String key) {
            if (selected != NONE) {
                String marker = m.quotedMarkers[selected];
                if (marker != null) {
                    if (!isMarker(start, end, selected)) {
                        edit(start, end, null, selected);
                    }
                    return;
                }
                String value = decode(start + 1, end - 1, escaped);
                replaceString(start, end, value, m.strategies[selected].apply(value));
                return;
            }
            if (key != null && m.passwordStrategy != null && PasswordDetector.passwordKey(key)) {
                String value = decode(start + 1, end - 1, escaped);
                if (!PasswordDetector.placeholder(value)) {
                    replaceString(start, end, value, m.passwordStrategy.apply(value));
                    return;
                }
            }
            // a decoded string is never longer (in chars) than its code units: short ones hold no secret
            if (end - start - 2 < TextMasker.MIN_LENGTH) {
                return;
            }
            String value = decode(start + 1, end - 1, escaped);
            String masked = m.text.mask(value);
            if (masked != value) {
                replaceString(start, end, value, masked);
            }
        }

        private void replaceString(int start, int end, String value, String masked) {
            if (!masked.equals(value)) {
                edit(start, end, quote(masked), -1);
            }
        }

        /** A number {@code [start, end)} that a path selects or detectors may read. */
        final void numberValue(int start, int end, int selected) {
            if (selected != NONE && m.quotedMarkers[selected] != null) {
                edit(start, end, null, selected);
                return;
            }
            String value = raw(start, end);
            String masked = selected != NONE ? m.strategies[selected].apply(value) : m.text.mask(value);
            if (masked != value && !masked.equals(value)) {
                edit(start, end, isJsonNumber(masked) ? masked : quote(masked), -1);
            }
        }

        /** {@code true} or {@code false} at {@code [start, end)}, selected by a path. */
        final void literalValue(int start, int end, String word, int selected) {
            String masked = m.strategies[selected].apply(word);
            if (!masked.equals(word)) {
                edit(start, end, quote(masked), -1);
            }
        }

        final String decode(int start, int end, boolean escaped) {
            String raw = raw(start, end);
            return escaped ? unescape(raw) : raw;
        }

        final String replacement(int e) {
            return editText[e] != null ? editText[e] : m.quotedMarkers[editPath[e]];
        }

        final void edit(int start, int end, String replacement, int markerPath) {
            if (editStart == null) {
                editStart = new int[8];
                editEnd = new int[8];
                editText = new String[8];
                editPath = new int[8];
            } else if (edits == editStart.length) {
                editStart = Arrays.copyOf(editStart, edits * 2);
                editEnd = Arrays.copyOf(editEnd, edits * 2);
                editText = Arrays.copyOf(editText, edits * 2);
                editPath = Arrays.copyOf(editPath, edits * 2);
            }
            editStart[edits] = start;
            editEnd[edits] = end;
            editText[edits] = replacement;
            editPath[edits] = markerPath;
            edits++;
        }
    }

    /** {@code source} with the edits of {@code scan} (made at char offsets) applied; {@code source} itself if none. */
    private static String splice(String source, Scan scan) {
        if (scan.edits == 0) {
            return source;
        }
        int length = source.length();
        for (int e = 0; e < scan.edits; e++) {
            length += scan.replacement(e).length() - (scan.editEnd[e] - scan.editStart[e]);
        }
        StringBuilder out = new StringBuilder(length);
        int at = 0;
        for (int e = 0; e < scan.edits; e++) {
            out.append(source, at, scan.editStart[e]).append(scan.replacement(e));
            at = scan.editEnd[e];
        }
        return out.append(source, at, source.length()).toString();
    }

    /** The content of a JSON string with its (already validated) escapes resolved. */
    static String unescape(String raw) {
        StringBuilder sb = new StringBuilder(raw.length());
        for (int i = 0, n = raw.length(); i < n; i++) {
            char c = raw.charAt(i);
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = raw.charAt(++i);
            switch (e) {
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    sb.append((char) Integer.parseInt(raw, i + 1, i + 5, 16));
                    i += 4;
                }
                default -> sb.append(e);
            }
        }
        return sb.toString();
    }

    // SWAR constants for ByteScan.stringEnd: a byte is flagged when it is '"', '\\' or below 0x20;
    // the lowest flagged byte of a word is exact (borrows only spill into higher bytes)
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long QUOTES = 0x2222222222222222L;
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
    private static final long SPACES = 0x2020202020202020L;

    private static boolean digit(int c) {
        return c >= '0' && c <= '9';
    }

    /** A number or literal must be followed by a delimiter ({@code 1[}, {@code true1} are invalid, as in jackson). */
    private static void endOfToken(int c) {
        if (!(c == -1 || c == ',' || c == ']' || c == '}' || c == ' ' || c == '\n' || c == '\r' || c == '\t')) {
            throw Invalid.INSTANCE;
        }
    }

    /** The grammar over UTF-8 bytes; multi-byte sequences occur only inside strings, where they pass as content (keep in step with {@link CharScan}: the two differ only in the unit type). */
    private static final class ByteScan extends Scan {
        private final byte[] u;
        private int pos;
        /** Set by {@link #stringEnd} when the string it skipped holds a backslash escape. */
        private boolean escaped;

        /**
         * The String {@code u} is the ISO-8859-1 copy of (text is read from it, and chars it
         * could not hold are '?' in {@code u}), or {@code null} when {@code u} is UTF-8.
         */
        private final String latin1Source;
        private final byte[][] names;

        ByteScan(JsonDocumentMasker m, byte[] u, String latin1Source) {
            super(m);
            this.u = u;
            this.latin1Source = latin1Source;
            this.names = latin1Source != null ? m.latin1Names : m.utf8Names;
        }

        boolean run() {
            try {
                skipWhitespace();
                while (pos < u.length) {
                    value(0, NONE, null);
                    skipWhitespace();
                }
                return true;
            } catch (Invalid | StackOverflowError e) {
                return false;
            }
        }

        /** The unit at {@code i} (0-255), or -1 past the end. */
        private int at(int i) {
            byte[] u = this.u;
            return i < u.length ? u[i] & 0xFF : -1;
        }

        private void skipWhitespace() {
            int c;
            while ((c = at(pos)) == ' ' || c == '\n' || c == '\r' || c == '\t') {
                pos++;
            }
        }

        /**
         * The value at {@link #pos}. A container's alive positions are at {@code level};
         * {@code selected} is the path that selects it (or {@link #NONE}); {@code key} its
         * decoded property name when detectors run.
         */
        private void value(int level, int selected, String key) {
            int c = at(pos);
            switch (c) {
                case '"' -> string(selected, key);
                case '{' -> {
                    if (level >= MAX_DEPTH) {
                        throw Invalid.INSTANCE;
                    }
                    object(level, selected);
                }
                case '[' -> {
                    if (level >= MAX_DEPTH) {
                        throw Invalid.INSTANCE;
                    }
                    array(level, selected);
                }
                case 't' -> literal("true", selected);
                case 'f' -> literal("false", selected);
                case 'n' -> literal("null", NONE);
                default -> number(selected);
            }
        }

        private void object(int level, int selected) {
            pos++;
            int c = at(pos);
            if (c != '"') {
                skipWhitespace();
                c = at(pos);
                if (c == '}') {
                    pos++;
                    return;
                }
            }
            while (true) {
                if (c != '"') {
                    throw Invalid.INSTANCE;
                }
                int keyStart = pos + 1;
                escaped = false;
                int keyEnd = stringEnd(keyStart);
                boolean keyEscaped = escaped;
                pos = keyEnd + 1;
                String key = m.detectors ? name(keyStart, keyEnd, keyEscaped) : null;
                if (at(pos) != ':') {
                    skipWhitespace();
                    if (at(pos) != ':') {
                        throw Invalid.INSTANCE;
                    }
                }
                if (at(++pos) <= ' ') {
                    skipWhitespace();
                }
                int childSelected = step(level, keyStart, keyEnd, keyEscaped, at(keyStart), -1, selected);
                value(level + 1, childSelected, key);
                c = at(pos);
                if (c != ',' && c != '}') {
                    skipWhitespace();
                    c = at(pos);
                }
                pos++;
                if (c == '}') {
                    return;
                }
                if (c != ',') {
                    throw Invalid.INSTANCE;
                }
                c = at(pos);
                if (c != '"') {
                    skipWhitespace();
                    c = at(pos);
                }
            }
        }

        private void array(int level, int selected) {
            pos++;
            skipWhitespace();
            if (at(pos) == ']') {
                pos++;
                return;
            }
            for (int index = 0; ; index++) {
                int childSelected = step(level, -1, -1, false, -1, index, selected);
                value(level + 1, childSelected, null);
                int c = at(pos);
                if (c != ',' && c != ']') {
                    skipWhitespace();
                    c = at(pos);
                }
                pos++;
                if (c == ']') {
                    return;
                }
                if (c != ',') {
                    throw Invalid.INSTANCE;
                }
                if (at(pos) <= ' ') {
                    skipWhitespace();
                }
            }
        }

        private void string(int selected, String key) {
            int start = pos;
            escaped = false;
            pos = stringEnd(start + 1) + 1;
            if (selected != NONE || m.detectors) {
                stringValue(start, pos, escaped, selected, key);
            }
        }

        /** Index of the closing quote of the string whose content starts at {@code i}; sets {@link #escaped}. */
        private int stringEnd(int i) {
            byte[] u = this.u;
            int n = u.length;
            while (true) {
                // eight bytes at a time up to the first quote, backslash or control byte
                while (i + 8 <= n) {
                    long w = (long) LONGS.get(u, i);
                    long q = w ^ QUOTES;
                    long b = w ^ BACKSLASHES;
                    long special = (((q - ONES) & ~q) | ((b - ONES) & ~b) | ((w - SPACES) & ~w)) & HIGHS;
                    if (special != 0) {
                        i += Long.numberOfTrailingZeros(special) >>> 3;
                        break;
                    }
                    i += 8;
                }
                if (i >= n) {
                    throw Invalid.INSTANCE;
                }
                byte c = u[i];
                if (c == '"') {
                    return i;
                }
                if (c == '\\') {
                    escaped = true;
                    i = escapeEnd(i);
                } else if (c >= 0 && c < 0x20) {
                    throw Invalid.INSTANCE;
                } else {
                    i++;
                }
            }
        }

        /** After a backslash at {@code i}: the index after the escape; throws if it is not a JSON escape. */
        private int escapeEnd(int i) {
            switch (at(i + 1)) {
                case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
                    return i + 2;
                }
                case 'u' -> {
                    for (int k = i + 2; k < i + 6; k++) {
                        if (Character.digit(at(k), 16) < 0) {
                            throw Invalid.INSTANCE;
                        }
                    }
                    return i + 6;
                }
                default -> throw Invalid.INSTANCE;
            }
        }

        private void number(int selected) {
            int start = pos;
            int c = at(pos);
            if (c == '-') {
                c = at(++pos);
            }
            if (c == '0') {
                c = at(++pos);
            } else if (c >= '1' && c <= '9') {
                c = digits();
            } else {
                throw Invalid.INSTANCE;
            }
            if (c == '.') {
                pos++;
                if (!digit(at(pos))) {
                    throw Invalid.INSTANCE;
                }
                c = digits();
            }
            if (c == 'e' || c == 'E') {
                c = at(++pos);
                if (c == '+' || c == '-') {
                    c = at(++pos);
                }
                if (!digit(c)) {
                    throw Invalid.INSTANCE;
                }
                c = digits();
            }
            endOfToken(c);
            if (selected != NONE || (m.detectors && pos - start >= TextMasker.MIN_LENGTH)) {
                numberValue(start, pos, selected);
            }
        }

        /** Steps over digits from {@link #pos}; returns the unit after them. */
        private int digits() {
            int c;
            while (digit(c = at(pos))) {
                pos++;
            }
            return c;
        }

        private void literal(String word, int selected) {
            int start = pos;
            for (int i = 0; i < word.length(); i++) {
                if (at(pos + i) != word.charAt(i)) {
                    throw Invalid.INSTANCE;
                }
            }
            pos += word.length();
            endOfToken(at(pos));
            if (selected != NONE) {
                literalValue(start, pos, word, selected);
            }
        }

        @Override
        boolean nameAt(int start, int end, int p) {
            if (latin1Source != null && m.latin1Exact[p]) {
                String name = m.names[p];
                return name.length() == end - start && latin1Source.regionMatches(start, name, 0, name.length());
            }
            byte[] name = names[p];
            return name.length == end - start && same(u, start, name);
        }

        @Override
        boolean isMarker(int start, int end, int path) {
            byte[] marker = m.utf8Markers[path];
            return marker.length == end - start && same(u, start, marker);
        }

        /** {@code expected} at {@code u[start...]} (a loop: these are a few units, too short for a vectorised compare). */
        private static boolean same(byte[] u, int start, byte[] expected) {
            for (int i = 0; i < expected.length; i++) {
                if (u[start + i] != expected[i]) {
                    return false;
                }
            }
            return true;
        }

        @Override
        String raw(int start, int end) {
            return latin1Source != null ? latin1Source.substring(start, end)
                    : new String(u, start, end - start, StandardCharsets.UTF_8);
        }

        byte[] output() {
            if (edits == 0) {
                return u;
            }
            byte[][] replacements = new byte[edits][];
            int length = u.length;
            for (int e = 0; e < edits; e++) {
                replacements[e] = editText[e] == null ? m.utf8Markers[editPath[e]]
                        : editText[e].getBytes(StandardCharsets.UTF_8);
                length += replacements[e].length - (editEnd[e] - editStart[e]);
            }
            byte[] out = new byte[length];
            int at = 0;
            int o = 0;
            for (int e = 0; e < edits; e++) {
                int keep = editStart[e] - at;
                System.arraycopy(u, at, out, o, keep);
                o += keep;
                System.arraycopy(replacements[e], 0, out, o, replacements[e].length);
                o += replacements[e].length;
                at = editEnd[e];
            }
            System.arraycopy(u, at, out, o, u.length - at);
            return out;
        }
    }

    /** The grammar over the chars of a String (read in place: a copy to a char[] measured slower) (keep in step with {@link ByteScan}: the two differ only in the unit type). */
    private static final class CharScan extends Scan {
        private final String u;
        private int pos;
        /** Set by {@link #stringEnd} when the string it skipped holds a backslash escape. */
        private boolean escaped;

        CharScan(JsonDocumentMasker m, String u) {
            super(m);
            this.u = u;
        }

        boolean run() {
            try {
                skipWhitespace();
                while (pos < u.length()) {
                    value(0, NONE, null);
                    skipWhitespace();
                }
                return true;
            } catch (Invalid | StackOverflowError e) {
                return false;
            }
        }

        /** The unit at {@code i}, or -1 past the end. */
        private int at(int i) {
            String u = this.u;
            return i < u.length() ? u.charAt(i) : -1;
        }

        private void skipWhitespace() {
            int c;
            while ((c = at(pos)) == ' ' || c == '\n' || c == '\r' || c == '\t') {
                pos++;
            }
        }

        /**
         * The value at {@link #pos}. A container's alive positions are at {@code level};
         * {@code selected} is the path that selects it (or {@link #NONE}); {@code key} its
         * decoded property name when detectors run.
         */
        private void value(int level, int selected, String key) {
            int c = at(pos);
            switch (c) {
                case '"' -> string(selected, key);
                case '{' -> {
                    if (level >= MAX_DEPTH) {
                        throw Invalid.INSTANCE;
                    }
                    object(level, selected);
                }
                case '[' -> {
                    if (level >= MAX_DEPTH) {
                        throw Invalid.INSTANCE;
                    }
                    array(level, selected);
                }
                case 't' -> literal("true", selected);
                case 'f' -> literal("false", selected);
                case 'n' -> literal("null", NONE);
                default -> number(selected);
            }
        }

        private void object(int level, int selected) {
            pos++;
            int c = at(pos);
            if (c != '"') {
                skipWhitespace();
                c = at(pos);
                if (c == '}') {
                    pos++;
                    return;
                }
            }
            while (true) {
                if (c != '"') {
                    throw Invalid.INSTANCE;
                }
                int keyStart = pos + 1;
                escaped = false;
                int keyEnd = stringEnd(keyStart);
                boolean keyEscaped = escaped;
                pos = keyEnd + 1;
                String key = m.detectors ? name(keyStart, keyEnd, keyEscaped) : null;
                if (at(pos) != ':') {
                    skipWhitespace();
                    if (at(pos) != ':') {
                        throw Invalid.INSTANCE;
                    }
                }
                if (at(++pos) <= ' ') {
                    skipWhitespace();
                }
                int childSelected = step(level, keyStart, keyEnd, keyEscaped, at(keyStart), -1, selected);
                value(level + 1, childSelected, key);
                c = at(pos);
                if (c != ',' && c != '}') {
                    skipWhitespace();
                    c = at(pos);
                }
                pos++;
                if (c == '}') {
                    return;
                }
                if (c != ',') {
                    throw Invalid.INSTANCE;
                }
                c = at(pos);
                if (c != '"') {
                    skipWhitespace();
                    c = at(pos);
                }
            }
        }

        private void array(int level, int selected) {
            pos++;
            skipWhitespace();
            if (at(pos) == ']') {
                pos++;
                return;
            }
            for (int index = 0; ; index++) {
                int childSelected = step(level, -1, -1, false, -1, index, selected);
                value(level + 1, childSelected, null);
                int c = at(pos);
                if (c != ',' && c != ']') {
                    skipWhitespace();
                    c = at(pos);
                }
                pos++;
                if (c == ']') {
                    return;
                }
                if (c != ',') {
                    throw Invalid.INSTANCE;
                }
                if (at(pos) <= ' ') {
                    skipWhitespace();
                }
            }
        }

        private void string(int selected, String key) {
            int start = pos;
            escaped = false;
            pos = stringEnd(start + 1) + 1;
            if (selected != NONE || m.detectors) {
                stringValue(start, pos, escaped, selected, key);
            }
        }

        /** Index of the closing quote of the string whose content starts at {@code i}; sets {@link #escaped}. */
        private int stringEnd(int i) {
            String u = this.u;
            int n = u.length();
            while (i < n) {
                char c = u.charAt(i);
                if (c == '"') {
                    return i;
                }
                if (c == '\\') {
                    escaped = true;
                    i = escapeEnd(i);
                } else if (c < 0x20) {
                    throw Invalid.INSTANCE;
                } else {
                    i++;
                }
            }
            throw Invalid.INSTANCE;
        }

        /** After a backslash at {@code i}: the index after the escape; throws if it is not a JSON escape. */
        private int escapeEnd(int i) {
            switch (at(i + 1)) {
                case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
                    return i + 2;
                }
                case 'u' -> {
                    for (int k = i + 2; k < i + 6; k++) {
                        if (Character.digit(at(k), 16) < 0) {
                            throw Invalid.INSTANCE;
                        }
                    }
                    return i + 6;
                }
                default -> throw Invalid.INSTANCE;
            }
        }

        private void number(int selected) {
            int start = pos;
            int c = at(pos);
            if (c == '-') {
                c = at(++pos);
            }
            if (c == '0') {
                c = at(++pos);
            } else if (c >= '1' && c <= '9') {
                c = digits();
            } else {
                throw Invalid.INSTANCE;
            }
            if (c == '.') {
                pos++;
                if (!digit(at(pos))) {
                    throw Invalid.INSTANCE;
                }
                c = digits();
            }
            if (c == 'e' || c == 'E') {
                c = at(++pos);
                if (c == '+' || c == '-') {
                    c = at(++pos);
                }
                if (!digit(c)) {
                    throw Invalid.INSTANCE;
                }
                c = digits();
            }
            endOfToken(c);
            if (selected != NONE || (m.detectors && pos - start >= TextMasker.MIN_LENGTH)) {
                numberValue(start, pos, selected);
            }
        }

        /** Steps over digits from {@link #pos}; returns the unit after them. */
        private int digits() {
            int c;
            while (digit(c = at(pos))) {
                pos++;
            }
            return c;
        }

        private void literal(String word, int selected) {
            int start = pos;
            for (int i = 0; i < word.length(); i++) {
                if (at(pos + i) != word.charAt(i)) {
                    throw Invalid.INSTANCE;
                }
            }
            pos += word.length();
            endOfToken(at(pos));
            if (selected != NONE) {
                literalValue(start, pos, word, selected);
            }
        }

        @Override
        boolean nameAt(int start, int end, int p) {
            char[] name = m.charNames[p];
            return name.length == end - start && same(u, start, name);
        }

        @Override
        boolean isMarker(int start, int end, int path) {
            char[] marker = m.charMarkers[path];
            return marker.length == end - start && same(u, start, marker);
        }

        /** {@code expected} at {@code u[start...]} (a loop: these are a few units, too short for a vectorised compare). */
        private static boolean same(String u, int start, char[] expected) {
            for (int i = 0; i < expected.length; i++) {
                if (u.charAt(start + i) != expected[i]) {
                    return false;
                }
            }
            return true;
        }

        @Override
        String raw(int start, int end) {
            return u.substring(start, end);
        }


    }
}
