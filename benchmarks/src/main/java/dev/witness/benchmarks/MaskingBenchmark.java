package dev.witness.benchmarks;

import dev.blaauwendraad.masker.json.JsonMasker;
import dev.blaauwendraad.masker.json.config.JsonMaskingConfig;
import dev.blaauwendraad.masker.json.config.KeyMaskingConfig;
import dev.witness.masking.MaskedField;
import dev.witness.masking.Maskers;
import dev.witness.masking.RuleMasker;
import dev.witness.masking.RulesFormat;
import org.openjdk.jmh.annotations.*;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Masking throughput, read as MB/s = ops/s x the input's UTF-8 size (printed at set-up and in
 * docs/benchmarks.md).
 *
 * <p>{@link #json}: our engine ({@code RuleMasker.maskJson}) against json-masker on the same
 * documents with the same key rules: the values of the keys {@code email}, {@code ssn} and
 * {@code card}, at any depth, become {@code "[email]"}, {@code "[ssn]"}, {@code "[card]"}. The
 * set-up checks that both peers give byte-identical output, so both do the same work. Inputs
 * are given as a String (a JDBC JSON column) and as UTF-8 bytes (a Kafka value).
 *
 * <p>{@link #freeText}: the built-in rule set ({@code witness.masking.rules=builtin}, every
 * default-on detector) over application log lines, SQL statements with literals, and a JSON
 * document whose every string goes through the detectors. Each line or statement is one value,
 * as the Recorder masks one error message or one SQL text at a time.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MaskingBenchmark {

    static final List<String> KEYS = List.of("email", "ssn", "card");

    /** The JSON maskers compared; both configured with {@link #KEYS}. */
    public enum JsonPeer {
        WITNESS {
            @Override
            Masking create() {
                StringBuilder yaml = new StringBuilder("version: 1\nrules:\n");
                for (String key : KEYS) {
                    yaml.append("  - { name: ").append(key).append(", jsonPaths: [\"$..").append(key)
                            .append("\"], strategy: redact }\n");
                }
                RuleMasker masker = Maskers.fromString(yaml.toString(), RulesFormat.YAML);
                MaskedField field = MaskedField.of(MaskedField.Kind.KAFKA_VALUE);
                return new Masking() {
                    @Override
                    public String mask(String json) {
                        return masker.maskJson(field, json);
                    }

                    @Override
                    public byte[] mask(byte[] json) {
                        return masker.maskJson(field, json);
                    }
                };
            }
        },
        JSON_MASKER {
            @Override
            Masking create() {
                Map<String, KeyMaskingConfig> keys = new LinkedHashMap<>();
                for (String key : KEYS) {
                    keys.put(key, KeyMaskingConfig.builder().maskStringsWith("[" + key + "]").build());
                }
                JsonMasker masker = JsonMasker.getMasker(JsonMaskingConfig.builder()
                        .maskKeys(keys).caseSensitiveTargetKeys().build());
                return new Masking() {
                    @Override
                    public String mask(String json) {
                        return masker.mask(json);
                    }

                    @Override
                    public byte[] mask(byte[] json) {
                        return masker.mask(json);
                    }
                };
            }
        };

        abstract Masking create();
    }

    /** One JSON masker, for both input forms. */
    interface Masking {
        String mask(String json);

        byte[] mask(byte[] json);
    }

    /** The documents: customer orders with the keys to mask nested in them. */
    public enum Document {
        /** One order object, about 1 KB. */
        OBJECT_1KB {
            @Override
            String json() {
                return order(new Random(42), 1042);
            }
        },
        /** An array of orders, about 100 KB. */
        ARRAY_100KB {
            @Override
            String json() {
                Random random = new Random(42);
                StringBuilder sb = new StringBuilder("[");
                for (int i = 0; sb.length() < 100 * 1024; i++) {
                    sb.append(i == 0 ? "" : ",").append(order(random, 1000 + i));
                }
                return sb.append(']').toString();
            }
        };

        abstract String json();
    }

    /** How the document reaches the masker. */
    public enum Input { STRING, BYTES }

    @State(Scope.Benchmark)
    public static class JsonState {
        @Param
        public JsonPeer peer;
        @Param
        public Document document;
        @Param
        public Input input;

        Masking masking;
        String text;
        byte[] bytes;

        @Setup
        public void setUp() {
            masking = peer.create();
            text = document.json();
            bytes = text.getBytes(StandardCharsets.UTF_8);
            String ours = JsonPeer.WITNESS.create().mask(text);
            String theirs = JsonPeer.JSON_MASKER.create().mask(text);
            if (!ours.equals(theirs) || ours.equals(text)
                    || !Arrays.equals(masking.mask(bytes), ours.getBytes(StandardCharsets.UTF_8))) {
                throw new IllegalStateException("the peers do not mask alike:\n" + ours + "\n" + theirs);
            }
            System.out.println("\n" + document + ": " + bytes.length + " bytes");
        }
    }

    @Benchmark
    public Object json(JsonState s) {
        return s.input == Input.STRING ? s.masking.mask(s.text) : s.masking.mask(s.bytes);
    }

    /** Realistic text for the detectors. */
    public enum Text {
        /** Application log lines: most carry no secret; some an email, card, token or password. */
        LOG_LINES(MaskedField.Kind.ERROR_MESSAGE) {
            @Override
            List<String> inputs() {
                return logLines(new Random(7), 200);
            }
        },
        /** SQL statements with literals, as a Statement (not a PreparedStatement) sends them. */
        SQL_STATEMENTS(MaskedField.Kind.SQL_TEXT) {
            @Override
            List<String> inputs() {
                return sqlStatements(new Random(7), 200);
            }
        },
        /** The 1 KB order document: every string and number goes through the detectors. */
        JSON_1KB(MaskedField.Kind.KAFKA_VALUE) {
            @Override
            List<String> inputs() {
                return List.of(Document.OBJECT_1KB.json());
            }
        };

        final MaskedField field;

        Text(MaskedField.Kind kind) {
            this.field = MaskedField.of(kind);
        }

        abstract List<String> inputs();
    }

    @State(Scope.Benchmark)
    public static class TextState {
        @Param
        public Text text;

        RuleMasker builtin;
        String[] values;

        @Setup
        public void setUp() {
            builtin = Maskers.builtin();
            values = text.inputs().toArray(new String[0]);
            long bytes = 0;
            int changed = 0;
            for (String v : values) {
                bytes += v.getBytes(StandardCharsets.UTF_8).length;
                changed += builtin.mask(text.field, v).equals(v) ? 0 : 1;
            }
            System.out.println("\n" + text + ": " + values.length + " values, " + bytes + " bytes, " + changed
                    + " changed by the built-in rules");
        }
    }

    @Benchmark
    public void freeText(TextState s, Blackhole bh) {
        RuleMasker masker = s.builtin;
        MaskedField field = s.text.field;
        for (String v : s.values) {
            bh.consume(masker.mask(field, v));
        }
    }

    // ---- inputs, deterministic

    private static final String[] FIRST = {"Jane", "John", "Maria", "Wei", "Olga", "Ahmed", "Lucía", "Noah"};
    private static final String[] LAST = {"Doe", "Smith", "García", "Chen", "Ivanova", "Khan", "Müller", "Brown"};
    private static final String[] CITIES = {"San Francisco", "Berlin", "Madrid", "Toronto", "Lyon", "Osaka"};
    private static final String[] PRODUCTS = {"Wireless mouse", "USB-C cable 2m", "Mechanical keyboard",
            "27\" monitor", "Laptop stand", "Noise-cancelling headphones"};
    private static final String[] CARDS = {"4111 1111 1111 1111", "5555 5555 5555 4444", "3782 822463 10005",
            "6011 1111 1111 1117"};

    static String order(Random r, int id) {
        String first = FIRST[r.nextInt(FIRST.length)];
        String last = LAST[r.nextInt(LAST.length)];
        StringBuilder sb = new StringBuilder(1200);
        sb.append("{\"id\":").append(id)
                .append(",\"createdAt\":\"2024-05-").append(10 + r.nextInt(20)).append("T10:").append(10 + r.nextInt(50))
                .append(":30.123Z\",\"status\":\"PAID\",\"channel\":\"web\",")
                .append("\"customer\":{\"id\":").append(50_000 + r.nextInt(50_000))
                .append(",\"name\":\"").append(first).append(' ').append(last)
                .append("\",\"email\":\"").append(first.toLowerCase()).append('.').append(last.toLowerCase()).append(id)
                .append("@example.com\",\"ssn\":\"").append(536 + r.nextInt(100)).append('-').append(10 + r.nextInt(89))
                .append('-').append(1000 + r.nextInt(8999)).append("\",\"phone\":\"+1 415 555 0").append(100 + r.nextInt(899))
                .append("\",\"address\":{\"street\":\"").append(1 + r.nextInt(999)).append(" Market Street\",\"city\":\"")
                .append(CITIES[r.nextInt(CITIES.length)]).append("\",\"zip\":\"").append(10000 + r.nextInt(89999))
                .append("\",\"country\":\"US\"},\"newsletter\":").append(r.nextBoolean()).append("},")
                .append("\"payment\":{\"method\":\"card\",\"card\":\"").append(CARDS[r.nextInt(CARDS.length)])
                .append("\",\"expiry\":\"").append(1 + r.nextInt(12)).append("/2").append(6 + r.nextInt(4))
                .append("\",\"amount\":").append(10 + r.nextInt(990)).append('.').append(10 + r.nextInt(89))
                .append(",\"currency\":\"USD\",\"authCode\":\"A").append(100000 + r.nextInt(899999)).append("\"},")
                .append("\"items\":[");
        int items = 3;
        for (int i = 0; i < items; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"sku\":\"SKU-").append(10000 + r.nextInt(89999))
                    .append("\",\"name\":\"").append(PRODUCTS[r.nextInt(PRODUCTS.length)].replace("\"", "\\\""))
                    .append("\",\"qty\":").append(1 + r.nextInt(4)).append(",\"price\":")
                    .append(5 + r.nextInt(300)).append(".99,\"giftWrap\":false}");
        }
        sb.append("],\"tags\":[\"priority\",\"returning-customer\"],\"notes\":\"Deliver after 6pm; leave with the")
                .append(" front desk if nobody answers. Reference ").append(id).append(".\",\"shipping\":{\"carrier\":")
                .append("\"UPS\",\"service\":\"ground\",\"tracking\":\"1Z999AA1").append(10000000 + r.nextInt(89999999))
                .append("\",\"estimatedDays\":").append(2 + r.nextInt(5)).append("}}");
        return sb.toString();
    }

    static List<String> logLines(Random r, int n) {
        List<String> lines = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String ts = "2024-05-01 10:" + (10 + r.nextInt(50)) + ":" + (10 + r.nextInt(50)) + "." + (100 + r.nextInt(900));
            String thread = "[http-nio-8080-exec-" + (1 + r.nextInt(10)) + "] ";
            int order = 10_000 + r.nextInt(90_000);
            String line = switch (r.nextInt(20)) {
                case 0 -> ts + " WARN  " + thread + "c.e.orders.CustomerService - duplicate sign-up for "
                        + FIRST[r.nextInt(FIRST.length)].toLowerCase() + order + "@example.com, keeping account " + order;
                case 1 -> ts + " ERROR " + thread + "o.h.engine.jdbc.spi.SqlExceptionHelper - ERROR: duplicate key value"
                        + " violates unique constraint \"customers_email_key\"\n  Detail: Key (email)=(jane.doe" + order
                        + "@example.com) already exists.";
                case 2 -> ts + " INFO  " + thread + "c.e.payments.CardGateway - charge of order " + order
                        + " with card " + CARDS[r.nextInt(CARDS.length)] + " authorised, auth code A" + order;
                case 3 -> ts + " DEBUG [main] c.e.config.DataSourceConfig - connecting to jdbc:postgresql://db.internal"
                        + ":5432/orders?user=app&password=Pa55w0rd" + order + "&sslmode=require";
                case 4 -> ts + " WARN  " + thread + "c.e.auth.TokenFilter - expired token for user " + order
                        + ": Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4g"
                        + "RG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
                case 5, 6 -> ts + " INFO  " + thread + "c.e.orders.OrderController - GET /api/orders/" + order
                        + "?include=items,shipping 200 " + (2 + r.nextInt(80)) + "ms request-id=3f1c2a9e-8b7d-4c6e-9f0a-"
                        + (100000000000L + r.nextInt(999999999)) + " ua=\"Mozilla/5.0 (X11; Linux x86_64)\"";
                case 7, 8 -> ts + " DEBUG [HikariPool-1 housekeeper] com.zaxxer.hikari.pool.HikariPool - HikariPool-1 -"
                        + " Pool stats (total=10, active=" + r.nextInt(10) + ", idle=" + r.nextInt(10) + ", waiting=0)";
                case 9, 10 -> ts + " INFO  [scheduling-1] c.e.jobs.SessionCleanup - removed " + r.nextInt(500)
                        + " expired sessions in " + (100 + r.nextInt(2000)) + " ms, next run at 2024-05-01T11:00:00Z";
                case 11, 12 -> ts + " INFO  " + thread + "c.e.orders.OrderService - order " + order + " moved from PAID"
                        + " to SHIPPED, carrier UPS, tracking 1Z999AA1" + (10000000 + r.nextInt(89999999))
                        + ", 3 items, total 129.95 USD";
                case 13 -> ts + " WARN  " + thread + "c.e.client.InventoryClient - GET http://inventory.internal:8081/"
                        + "api/stock/SKU-" + order + " timed out after 2000 ms (attempt 2 of 3), retrying in 250 ms";
                case 14 -> ts + " ERROR " + thread + "c.e.orders.OrderController - request failed\n"
                        + "java.lang.IllegalStateException: order " + order + " is already cancelled\n"
                        + "\tat com.example.orders.OrderService.ship(OrderService.java:142)\n"
                        + "\tat com.example.orders.OrderController.ship(OrderController.java:88)";
                default -> ts + " INFO  " + thread + "c.e.catalog.ProductController - GET /api/products?page="
                        + r.nextInt(40) + "&size=50&sort=price,asc 200 " + (2 + r.nextInt(40)) + "ms";
            };
            lines.add(line);
        }
        return lines;
    }

    static List<String> sqlStatements(Random r, int n) {
        List<String> sql = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int id = 10_000 + r.nextInt(90_000);
            String first = FIRST[r.nextInt(FIRST.length)];
            String last = LAST[r.nextInt(LAST.length)];
            sql.add(switch (r.nextInt(10)) {
                case 0 -> "insert into customers (id, name, email, ssn, created_at) values (" + id + ", '" + first + " "
                        + last + "', '" + first.toLowerCase() + "." + last.toLowerCase() + id + "@example.com', '"
                        + (536 + r.nextInt(100)) + "-" + (10 + r.nextInt(89)) + "-" + (1000 + r.nextInt(8999))
                        + "', '2024-05-01 10:15:30')";
                case 1 -> "update payments set card_number = '" + CARDS[r.nextInt(CARDS.length)].replace(" ", "")
                        + "', expiry = '12/27', updated_at = current_timestamp where id = " + id;
                case 2, 3 -> "select o.id, o.total, o.status, c.name from orders o join customers c on c.id = o.customer_id"
                        + " where o.created_at > '2024-04-01 00:00:00' and o.status in ('NEW', 'PAID') and o.customer_id = "
                        + id + " order by o.created_at desc limit 50";
                case 4, 5 -> "update orders set status = 'SHIPPED', shipped_at = current_timestamp, tracking = '1Z999AA1"
                        + (10000000 + r.nextInt(89999999)) + "' where id = " + id + " and status = 'PAID'";
                case 6 -> "delete from sessions where last_seen < '2024-04-30 00:00:00' and user_id = " + id;
                case 7 -> "select id, name, price, stock from products where category_id = " + r.nextInt(200)
                        + " and price between 10.00 and 250.00 and active = true order by price limit 20 offset "
                        + 20 * r.nextInt(10);
                default -> "select count(*), sum(total) from orders where customer_id = " + id
                        + " and created_at >= date '2024-01-01' group by status having sum(total) > 100";
            });
        }
        return sql;
    }
}
