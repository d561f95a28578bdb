package dev.witness.examples;

import com.sun.net.httpserver.HttpServer;
import dev.witness.jdbc.WitnessDataSource;
import dev.witness.recorder.Identity;
import dev.witness.recorder.RecordingContext;
import dev.witness.recorder.config.WitnessConfig;
import org.h2.jdbcx.JdbcDataSource;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The guardrails part of the demo (docs/guardrails.md): a policy denies deletes without a WHERE
 * and sends price changes for approval to an approval desk, a small signed HTTP service started
 * here (in real life: a chat bot or a ticketing hook), which approves them as "carol".
 */
final class GuardrailsDemo {
    private static final byte[] SECRET = "demo-secret-demo-secret-demo-secret!".getBytes(StandardCharsets.US_ASCII);
    private static final String POLICY = """
            version: 1
            rules:
              - name: no-whole-table-deletes
                sql: { classes: [delete_without_where] }
                action: deny
                message: "deleting a whole table needs a WHERE"
              - name: price-changes
                sql: { tables: [products], classes: [update] }
                action: approve
            """;
    private static final Pattern REQUEST_ID = Pattern.compile("\"requestId\"\\s*:\\s*\"([^\"]+)\"");

    private GuardrailsDemo() {
    }

    static void run(WitnessConfig base, PrintStream out) throws IOException, SQLException {
        Path policy = Path.of("target", "witness-demo-policy.yaml").toAbsolutePath();
        Files.createDirectories(policy.getParent());
        Files.writeString(policy, POLICY);
        HttpServer desk = approvalDesk();
        try {
            WitnessConfig config = base.toBuilder()
                    .put("witness.guardrails.policy", policy.toString())
                    .put("witness.approval.url", "http://127.0.0.1:" + desk.getAddress().getPort() + "/approvals")
                    .put("witness.approval.secret", "base64:" + Base64.getEncoder().encodeToString(SECRET))
                    .put("witness.approval.timeout", "10s")
                    .build();
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL("jdbc:h2:mem:catalog;DB_CLOSE_DELAY=-1");
            try (WitnessDataSource db = WitnessDataSource.builder(h2).config(config).target("h2:mem:catalog").build();
                 RecordingContext.Scope who = RecordingContext.with(Identity.of("dave").with("ticket", "PRICE-7"));
                 Connection c = db.getConnection(); Statement s = c.createStatement()) {
                s.execute("create table products (id int primary key, price decimal(10,2))");
                s.executeUpdate("insert into products values (1, 9.99), (2, 19.99)");
                try {
                    s.executeUpdate("delete from products");
                } catch (SQLException e) {
                    out.println("  dave's 'delete from products' was refused: " + e.getSQLState() + " " + e.getMessage());
                }
                int changed = s.executeUpdate("update products set price = 12.99 where id = 1");
                out.println("  dave's price change was approved by the desk and ran: " + changed + " row");
            }
        } finally {
            desk.stop(0);
        }
    }

    /** Approves every request, signing the answer as docs/guardrails.md says. */
    private static HttpServer approvalDesk() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/approvals", exchange -> {
            byte[] request = exchange.getRequestBody().readAllBytes();
            Matcher id = REQUEST_ID.matcher(new String(request, StandardCharsets.UTF_8));
            String requestId = id.find() ? id.group(1) : "";
            byte[] body = ("{\"requestId\":\"" + requestId + "\",\"decision\":\"approved\",\"approver\":\"carol\","
                    + "\"reason\":\"price change PRICE-7 is fine\"}").getBytes(StandardCharsets.UTF_8);
            String timestamp = Long.toString(System.currentTimeMillis() / 1000);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("X-Witness-Timestamp", timestamp);
            exchange.getResponseHeaders().add("X-Witness-Signature", "v1=" + sign(timestamp, body));
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static String sign(String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
