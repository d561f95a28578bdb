package dev.witness.masking.internal;

import org.bouncycastle.crypto.fpe.FPEFF1Engine;
import org.bouncycastle.crypto.params.FPEParameters;
import org.bouncycastle.crypto.params.KeyParameter;

import java.nio.charset.StandardCharsets;

/**
 * Format-preserving encryption with NIST SP 800-38G FF1 (AES, BouncyCastle). Only letters and
 * digits are enciphered; every other character stays where it is. A value whose letters-and-digits
 * are all digits is enciphered in radix 10 (a card stays 16 digits, an SSN keeps its dashes);
 * anything else in radix 62 over {@code 0-9A-Za-z}. The tweak is the rule name in UTF-8, so two
 * rules with one key give unrelated outputs. Values too short for FF1's domain (fewer than 6
 * digits, or 4 alphanumerics) are redacted instead: enciphering them would be guessable.
 *
 * <p>Whoever holds the key can reverse it with {@link #decrypt}; nobody else can. Not
 * idempotent: a ciphertext looks like any other value and is enciphered again.
 *
 * <p>This class is the only one that touches BouncyCastle, which is an optional dependency; the
 * loader checks {@link Ff1Availability#available()} before it constructs one.
 */
public final class Ff1Strategy implements Strategy {

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private final byte[] key;
    private final byte[] tweak;
    private final RedactStrategy tooShort;

    public Ff1Strategy(byte[] key, String ruleName) {
        this.key = key.clone();
        this.tweak = ruleName.getBytes(StandardCharsets.UTF_8);
        this.tooShort = new RedactStrategy(ruleName);
    }

    @Override
    public String apply(String value) {
        return transform(value, true);
    }

    /** The inverse of {@link #apply}: what the key holder runs to recover a value. */
    public String decrypt(String value) {
        return transform(value, false);
    }

    private String transform(String value, boolean encrypt) {
        int digits = 0;
        int alnum = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Chars.alnum(c)) {
                alnum++;
                if (Chars.digit(c)) {
                    digits++;
                }
            }
        }
        boolean numeric = digits == alnum;
        int radix = numeric ? 10 : 62;
        if ((numeric && digits < 6) || (!numeric && alnum < 4)) {
            return encrypt ? tooShort.apply(value) : value;
        }
        byte[] symbols = new byte[alnum];
        int k = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Chars.alnum(c)) {
                symbols[k++] = (byte) ALPHABET.indexOf(c);
            }
        }
        FPEFF1Engine engine = new FPEFF1Engine();
        engine.init(encrypt, new FPEParameters(new KeyParameter(key), radix, tweak));
        byte[] result = new byte[alnum];
        engine.processBlock(symbols, 0, alnum, result, 0);
        StringBuilder sb = new StringBuilder(value.length());
        k = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\n' || c == '\r' || c == '\'' || c == '"') {
                sb.append('*');
            } else {
                sb.append(Chars.alnum(c) ? ALPHABET.charAt(result[k++]) : c);
            }
        }
        return sb.toString();
    }

    @Override
    public String kind() {
        return "fpe";
    }
}
