package dev.witness.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.witness.cli.Cli.onStore;
import static org.junit.jupiter.api.Assertions.*;

/** {@code purge} on its own store (it removes what the other tests read). */
class PurgeCommandTest {
    @TempDir
    Path dir;

    @Test
    void purgesByAgeAndById() throws Exception {
        ShopRecording shop = ShopRecording.record(dir);

        Cli.Run young = onStore(shop.store, "purge", "--older-than", "1d");
        assertEquals(0, young.code(), young::toString);
        assertTrue(young.out().startsWith("purged 0 sessions older than "), young::toString);

        Cli.Run dry = onStore(shop.store, "purge", "--older-than", "2999-01-01", "--dry-run");
        assertEquals(0, dry.code(), dry::toString);
        assertTrue(dry.out().contains("would purge " + shop.aliceSession), dry::toString);
        assertTrue(dry.out().contains("dry run: 2 ended sessions"), dry::toString);
        assertEquals(3, onStore(shop.store, "sessions").lines().size(), "a dry run removes nothing");

        Cli.Run byId = onStore(shop.store, "purge", shop.bobSession);
        assertEquals(0, byId.code(), byId::toString);
        assertEquals("purged 1 session from file:" + shop.store, byId.out().strip());
        Cli.Run gone = onStore(shop.store, "show", shop.bobSession);
        assertEquals(ExitCodes.ERROR, gone.code(), gone::toString);

        Cli.Run old = onStore(shop.store, "purge", "--older-than", "2999-01-01");
        assertEquals(0, old.code(), old::toString);
        assertTrue(old.out().startsWith("purged 1 session older than 2999-01-01T00:00:00Z"), old::toString);
        assertTrue(onStore(shop.store, "sessions").out().startsWith("no sessions in"));

        Cli.Run prefix = onStore(shop.store, "purge", "01AB");
        assertEquals(ExitCodes.USAGE, prefix.code(), prefix::toString);
        Cli.Run nothing = onStore(shop.store, "purge");
        assertEquals(ExitCodes.USAGE, nothing.code(), nothing::toString);
        Cli.Run badAge = onStore(shop.store, "purge", "--older-than", "-3d");
        assertEquals(ExitCodes.USAGE, badAge.code(), badAge::toString);
    }
}
