package dev.witness.recorder;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class SessionIdTest {
    @Test
    void idsIncreaseStrictlyAndCarryTheirCreationTime() throws Exception {
        List<String> ids = new ArrayList<>();
        long before = System.currentTimeMillis();
        for (int i = 0; i < 100_000; i++) {
            ids.add(SessionId.next());
        }
        Thread.sleep(2);
        ids.add(SessionId.next());
        long after = System.currentTimeMillis();
        for (int i = 1; i < ids.size(); i++) {
            assertTrue(ids.get(i - 1).compareTo(ids.get(i)) < 0, ids.get(i - 1) + " !< " + ids.get(i));
        }
        for (String id : List.of(ids.get(0), ids.get(ids.size() - 1))) {
            assertEquals(26, id.length());
            long millis = SessionId.millisOf(id);
            assertTrue(millis >= before && millis <= after, id + " -> " + millis);
        }
    }

    @Test
    void clockIsCloseToTheWallClockAndNeverGoesBack() {
        long previous = 0;
        for (int i = 0; i < 10_000; i++) {
            long now = WitnessClock.nowMicros();
            assertTrue(now >= previous);
            previous = now;
        }
        assertTrue(Math.abs(WitnessClock.nowMicros() / 1000 - System.currentTimeMillis()) < 50);
    }
}
