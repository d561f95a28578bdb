package dev.witness.masking;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;

/** Makes valid secrets and near-miss look-alikes for tests, from a seeded random source. */
final class Secrets {

    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private final Random random;

    Secrets(long seed) {
        this.random = new Random(seed);
    }

    String digits(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append((char) ('0' + random.nextInt(10)));
        }
        return sb.toString();
    }

    String alnum(int n) {
        StringBuilder sb;
        do {
            sb = new StringBuilder();
            for (int i = 0; i < n; i++) {
                sb.append(ALNUM.charAt(random.nextInt(ALNUM.length())));
            }
        } while (!mixed(sb));
        return sb.toString();
    }

    private static boolean mixed(CharSequence s) {
        return s.chars().anyMatch(Character::isUpperCase) && s.chars().anyMatch(Character::isLowerCase)
                && s.chars().anyMatch(Character::isDigit);
    }

    static int luhnCheckDigit(String payload) {
        int sum = 0;
        boolean dbl = true;
        for (int i = payload.length() - 1; i >= 0; i--) {
            int v = payload.charAt(i) - '0';
            if (dbl) {
                v *= 2;
                if (v > 9) {
                    v -= 9;
                }
            }
            sum += v;
            dbl = !dbl;
        }
        return (10 - sum % 10) % 10;
    }

    String card() {
        String[][] kinds = {{"4", "16"}, {"51", "16"}, {"55", "16"}, {"2221", "16"}, {"34", "15"}, {"37", "15"},
            {"6011", "16"}, {"3530", "16"}, {"4", "13"}};
        String[] k = kinds[random.nextInt(kinds.length)];
        String payload = k[0] + digits(Integer.parseInt(k[1]) - k[0].length() - 1);
        return payload + luhnCheckDigit(payload);
    }

    /** A card formatted in groups of four, by space or dash, or compact. */
    String formattedCard() {
        String c = card();
        int style = random.nextInt(3);
        if (style == 0 || c.length() != 16) {
            return c;
        }
        String sep = style == 1 ? " " : "-";
        return c.substring(0, 4) + sep + c.substring(4, 8) + sep + c.substring(8, 12) + sep + c.substring(12);
    }

    /** 16 digits with a Visa prefix whose Luhn check fails: an order number. */
    String luhnFailing() {
        String c = card();
        char last = c.charAt(c.length() - 1);
        return c.substring(0, c.length() - 1) + (char) ('0' + ((last - '0' + 1 + random.nextInt(8)) % 10));
    }

    String ssn() {
        int area;
        do {
            area = 1 + random.nextInt(899);
        } while (area == 666);
        return String.format("%03d-%02d-%04d", area, 1 + random.nextInt(99), 1 + random.nextInt(9999));
    }

    String invalidSsn() {
        switch (random.nextInt(4)) {
            case 0:
                return String.format("000-%02d-%04d", 1 + random.nextInt(99), 1 + random.nextInt(9999));
            case 1:
                return String.format("666-%02d-%04d", 1 + random.nextInt(99), 1 + random.nextInt(9999));
            case 2:
                return String.format("9%02d-%02d-%04d", random.nextInt(100), 1 + random.nextInt(99), 1 + random.nextInt(9999));
            default:
                return String.format("%03d-00-%04d", 1 + random.nextInt(899), 1 + random.nextInt(9999));
        }
    }

    String iban() {
        String[][] countries = {{"DE", "18"}, {"GB", "18"}, {"FR", "23"}, {"NL", "14"}, {"ES", "20"}};
        String[] c = countries[random.nextInt(countries.length)];
        String bban = c[0].equals("GB") || c[0].equals("NL")
                ? upper(4) + digits(Integer.parseInt(c[1]) - 4) : digits(Integer.parseInt(c[1]));
        int check = 98 - mod97(bban + c[0] + "00");
        String iban = c[0] + String.format("%02d", check) + bban;
        if (random.nextBoolean()) {
            return iban;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < iban.length(); i += 4) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(iban, i, Math.min(i + 4, iban.length()));
        }
        return sb.toString();
    }

    String ibanBadCheck() {
        String good = iban().replace(" ", "");
        int check = Integer.parseInt(good.substring(2, 4));
        return good.substring(0, 2) + String.format("%02d", (check + 1 + random.nextInt(90)) % 97 + 2 > 98 ? 2 : (check + 1 + random.nextInt(90)) % 97 + 2) + good.substring(4);
    }

    private String upper(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append((char) ('A' + random.nextInt(26)));
        }
        return sb.toString();
    }

    static int mod97(String s) {
        int rem = 0;
        for (char c : s.toCharArray()) {
            if (Character.isDigit(c)) {
                rem = (rem * 10 + (c - '0')) % 97;
            } else {
                rem = (rem * 100 + (c - 'A' + 10)) % 97;
            }
        }
        return rem;
    }

    String email() {
        String[] names = {"alice", "bob.smith", "c_doe", "dev+test", "j.random"};
        String[] domains = {"example.com", "mail.example.org", "corp.co.uk", "test.io"};
        return names[random.nextInt(names.length)] + random.nextInt(1000) + "@" + domains[random.nextInt(domains.length)];
    }

    String phone() {
        switch (random.nextInt(5)) {
            case 0:
                return "+1 " + (2 + random.nextInt(8)) + digits(2) + " " + (2 + random.nextInt(8)) + digits(2) + " " + digits(4);
            case 1:
                return "+44 20 " + digits(4) + " " + digits(4);
            case 2:
                return "(" + (2 + random.nextInt(8)) + digits(2) + ") " + (2 + random.nextInt(8)) + digits(2) + "-" + digits(4);
            case 3:
                return (2 + random.nextInt(8)) + digits(2) + "-" + (2 + random.nextInt(8)) + digits(2) + "-" + digits(4);
            default:
                return "0" + (1 + random.nextInt(9)) + " " + digits(2) + " " + digits(2) + " " + digits(2) + " " + digits(2);
        }
    }

    String jwt() {
        Base64.Encoder e = Base64.getUrlEncoder().withoutPadding();
        String header = e.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = e.encodeToString(("{\"sub\":\"" + random.nextInt(100000) + "\",\"name\":\"x\"}")
                .getBytes(StandardCharsets.UTF_8));
        byte[] sig = new byte[32];
        random.nextBytes(sig);
        return header + "." + payload + "." + e.encodeToString(sig);
    }

    String awsAccessKey() {
        String b32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        StringBuilder sb = new StringBuilder(random.nextBoolean() ? "AKIA" : "ASIA");
        for (int i = 0; i < 16; i++) {
            sb.append(b32.charAt(random.nextInt(32)));
        }
        return sb.toString();
    }

    String awsSecretKey() {
        String chars = ALNUM + "/+";
        while (true) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 40; i++) {
                sb.append(chars.charAt(random.nextInt(chars.length())));
            }
            if (mixed(sb)) {
                return sb.toString();
            }
        }
    }

    String githubToken() {
        return "gh" + "pousr".charAt(random.nextInt(5)) + "_" + alnum(36);
    }

    String slackToken() {
        return "xoxb-" + digits(11) + "-" + digits(12) + "-" + alnum(24);
    }

    String stripeKey() {
        return (random.nextBoolean() ? "sk_live_" : "rk_test_") + alnum(24 + random.nextInt(20));
    }

    String privateKey() {
        byte[] body = new byte[96];
        random.nextBytes(body);
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(body);
        return "-----BEGIN PRIVATE KEY-----\n" + b64 + "\n-----END PRIVATE KEY-----";
    }

    /** A password and the connection string that holds it. */
    String[] passwordInConnectionString() {
        String pw = alnum(8 + random.nextInt(8));
        switch (random.nextInt(3)) {
            case 0:
                return new String[] {pw, "postgresql://app:" + pw + "@db.internal:5432/orders"};
            case 1:
                return new String[] {pw, "Server=db;User Id=app;Password=" + pw + ";Database=orders"};
            default:
                return new String[] {pw, "jdbc:mysql://db/orders?user=app&password=" + pw};
        }
    }

    String ipv4() {
        return (1 + random.nextInt(223)) + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
    }

    String ipv6() {
        StringBuilder sb = new StringBuilder("2001:db8");
        for (int i = 0; i < 6; i++) {
            sb.append(':').append(Integer.toHexString(random.nextInt(65536)));
        }
        return sb.toString();
    }

    int nextInt(int bound) {
        return random.nextInt(bound);
    }

    boolean nextBoolean() {
        return random.nextBoolean();
    }
}
