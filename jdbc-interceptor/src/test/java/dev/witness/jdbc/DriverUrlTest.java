package dev.witness.jdbc;

import dev.witness.jdbc.internal.DriverUrl;
import dev.witness.jdbc.internal.Targets;
import dev.witness.recorder.config.ConfigException;
import dev.witness.recorder.event.Result;
import dev.witness.recorder.event.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code jdbc:witness:} way in: URL parsing, parameter stripping, credentials kept out of targets. */
class DriverUrlTest {
    @TempDir
    Path store;

    @Test
    void parsesBothParameterSyntaxesAndStripsWitnessKeys() {
        DriverUrl pg = DriverUrl.parse("jdbc:witness:postgresql://db:5432/app?user=me&witness.jdbc.results=rows"
                + "&sslmode=require&witness.store=file%3A%2Ftmp%2Fw");
        assertEquals("jdbc:postgresql://db:5432/app?user=me&sslmode=require", pg.realUrl());
        assertEquals(Map.of("witness.jdbc.results", "rows", "witness.store", "file:/tmp/w"), pg.parameters());

        DriverUrl h2 = DriverUrl.parse("jdbc:witness:h2:mem:x;DB_CLOSE_DELAY=-1;witness.jdbc.results=count");
        assertEquals("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1", h2.realUrl());
        assertEquals(Map.of("witness.jdbc.results", "count"), h2.parameters());

        DriverUrl only = DriverUrl.parse("jdbc:witness:postgresql://h/db?witness.enabled=false");
        assertEquals("jdbc:postgresql://h/db", only.realUrl());
        assertFalse(new WitnessDriver().acceptsURL("jdbc:postgresql://h/db"));
    }

    @Test
    void targetsCarryNoCredentials() {
        assertEquals("jdbc:postgresql://db/app?ssl=true",
                Targets.withoutCredentials("jdbc:postgresql://db/app?user=me&password=pw&ssl=true"));
        assertEquals("jdbc:mysql://db/app", Targets.withoutCredentials("jdbc:mysql://me:pw@db/app"));
        assertEquals("jdbc:h2:mem:x;MODE=PostgreSQL",
                Targets.withoutCredentials("jdbc:h2:mem:x;USER=sa;PASSWORD=pw;MODE=PostgreSQL"));
    }

    @Test
    void recordsThroughDriverManagerWithTheRealDriverSeeingACleanUrl() throws Exception {
        String storeUri = "file:" + store.toAbsolutePath();
        String url = "jdbc:witness:h2:mem:drv;DB_CLOSE_DELAY=-1;witness.store=" + storeUri
                + ";witness.jdbc.results=rows;PASSWORD=pw";
        Driver driver = DriverManager.getDriver(url);
        assertTrue(driver instanceof WitnessDriver, "registered through META-INF/services");
        Properties info = new Properties();
        info.setProperty("user", "sa");
        info.setProperty("witness.jdbc.results.maxRows", "5");
        // H2 rejects unknown settings: the connection only opens because witness.* never reached it
        try (Connection c = DriverManager.getConnection(url, info);
             java.sql.Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT 7 AS seven")) {
            assertTrue(c.isWrapperFor(org.h2.jdbc.JdbcConnection.class));
            rs.next();
            assertEquals(7, rs.getInt(1));
        }
        // the driver keeps its Recorder lease for the JVM's life unless released
        List<Recordings.Session> sessions = readWhileOpen(storeUri);
        assertEquals(1, sessions.size());
        Recordings.Session s = sessions.get(0);
        assertEquals("jdbc:h2:mem:drv;DB_CLOSE_DELAY=-1", s.descriptor().target(), "no witness.* key, no password");
        assertEquals("SELECT 7 AS seven", s.of(Statement.class).get(0).sql());
        assertEquals(List.of(List.of("7")), s.of(Result.class).get(0).rows(), "rows mode from the URL");
    }

    @Test
    void badWitnessSettingsFailAtConnectNamingTheKey() {
        String url = "jdbc:witness:h2:mem:bad;witness.jdbc.results=everything";
        ConfigException e = assertThrows(ConfigException.class, () -> DriverManager.getConnection(url));
        assertTrue(e.getMessage().contains("witness.jdbc.results=everything"), e.getMessage());
        assertTrue(e.getMessage().contains("JDBC URL"), e.getMessage());
        ConfigException unknown = assertThrows(ConfigException.class,
                () -> DriverManager.getConnection("jdbc:witness:h2:mem:bad;witness.jdbc.resluts=rows"));
        assertTrue(unknown.getMessage().contains("did you mean witness.jdbc.results"), unknown.getMessage());
    }

    @Test
    void disabledPassesTheDriversConnectionThrough() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:witness:h2:mem:off;witness.enabled=false")) {
            assertTrue(c instanceof org.h2.jdbc.JdbcConnection);
        }
    }

    private List<Recordings.Session> readWhileOpen(String storeUri) {
        WitnessDriver.releaseRecorders();
        return Recordings.read(Recordings.config(store));
    }
}
