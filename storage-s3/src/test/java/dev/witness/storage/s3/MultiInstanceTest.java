package dev.witness.storage.s3;

import static dev.witness.storage.StoreFixtures.T0;
import static dev.witness.storage.StoreFixtures.events;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.witness.storage.AppendBatch;
import dev.witness.storage.EncodedEvent;
import dev.witness.storage.EventCursor;
import dev.witness.storage.SessionDescriptor;
import dev.witness.storage.SessionQuery;
import dev.witness.storage.StoreFixtures;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances (two stores with their own instance id and spool) write to one bucket and
 * prefix; a third store, which wrote nothing, lists and reads both instances' sessions through
 * the index objects, without fetching a segment object to answer a query.
 */
class MultiInstanceTest {
    private static S3Server server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3Server.start("shared");
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    private S3Store open(String instance, RequestLog log) {
        Map<String, String> o = server.options(dir.resolve(instance), instance);
        o.put(S3StoreOptions.SEGMENT_BYTES, "32KiB");
        o.put(S3StoreOptions.REFRESH, "0s");
        return S3Store.open(S3StoreOptions.parse(URI.create("s3://shared/audit/trail"), o), List.of(log), Clock.systemUTC());
    }

    @Test
    void aThirdInstanceListsAndReadsWhatTwoOthersWrote() {
        RequestLog log = new RequestLog();
        List<SessionDescriptor> expected = new ArrayList<>();
        try (S3Store a = open("app-a", log); S3Store b = open("app-b", log)) {
            for (int round = 0; round < 3; round++) {
                for (S3Store s : List.of(a, b)) {
                    String instance = s.options().instance();
                    SessionDescriptor d = new SessionDescriptor(instance + "-s" + round, round % 2 == 0 ? "jdbc" : "kafka-producer",
                            "target-" + instance, "user-" + round, "billing", instance, 7, T0.plusSeconds(round * 3600L + (instance.endsWith("a") ? 0 : 60)),
                            null, 0, Map.of("tenant", instance));
                    s.append(new AppendBatch(List.of(d), events(d, 0, 200), List.of()));
                    s.append(AppendBatch.of(events(d, 200, 400)));
                    SessionDescriptor ended = d.end(d.startedAt().plusSeconds(30), 400);
                    s.append(new AppendBatch(List.of(), events(d, 400, 400), List.of(ended)));
                    expected.add(ended);
                }
            }
            assertTrue(a.flush(Duration.ofSeconds(30)), "instance a uploaded everything");
            assertTrue(b.flush(Duration.ofSeconds(30)), "instance b uploaded everything");
        }

        // the layout: index objects partitioned by date, then instance
        TreeSet<String> keys = new TreeSet<>();
        for (StorageMetadata m : server.blobs().list("shared", ListContainerOptions.Builder.recursive().prefix("audit/trail/"))) {
            keys.add(m.getName());
        }
        assertTrue(keys.stream().anyMatch(k -> k.matches("audit/trail/index/2024/01/01/app-a/[a-z0-9]+-\\d{20}\\.json")), keys.toString());
        assertTrue(keys.stream().anyMatch(k -> k.matches("audit/trail/index/2024/01/01/app-b/[a-z0-9]+-\\d{20}\\.json")), keys.toString());
        assertTrue(keys.stream().anyMatch(k -> k.matches("audit/trail/segments/2024/01/01/app-a/[a-z0-9]+-\\d{20}\\.segment")), keys.toString());

        log.clear();
        try (S3Store reader = open("auditor", log)) {
            expected.sort((x, y) -> x.id().compareTo(y.id()));
            assertEquals(expected, reader.sessions(SessionQuery.builder().limit(1000).build()).sessions());
            assertEquals(List.of("app-a-s1", "app-b-s1"), ids(reader, SessionQuery.builder().identity("user-1").build()));
            assertEquals(List.of("app-b-s0", "app-b-s1", "app-b-s2"), ids(reader, SessionQuery.builder().target("target-app-b").build()));
            assertEquals(List.of("app-a-s1", "app-b-s1"), ids(reader, SessionQuery.builder().source("kafka-producer").build()));
            assertEquals(List.of("app-a-s2", "app-b-s2"), ids(reader, SessionQuery.builder().from(T0.plusSeconds(7000)).build()));
            assertEquals(List.of("app-a-s0", "app-b-s0"), ids(reader, SessionQuery.builder().to(T0.plusSeconds(3000)).build()));
            assertEquals(List.of(), log.matching(r -> r.method().equals("GET") && r.path().contains("/segments/")),
                    "listing and querying fetch index objects only, never a segment");

            for (SessionDescriptor d : expected) {
                List<EncodedEvent> read = new ArrayList<>();
                try (EventCursor c = reader.read(d.id())) {
                    c.forEachRemaining(read::add);
                }
                assertEquals(400, read.size(), d.id());
                for (int i = 0; i < read.size(); i++) {
                    assertEquals(i, read.get(i).sequence());
                    assertArrayEquals(StoreFixtures.payload(d.id(), i), read.get(i).bytes());
                }
            }
            assertTrue(log.matching(r -> r.method().equals("GET") && r.path().contains("/segments/")).stream()
                    .allMatch(r -> r.header("Range") != null), "segments are read by byte range");
        }
    }

    private static List<String> ids(S3Store store, SessionQuery q) {
        return store.sessions(q).sessions().stream().map(SessionDescriptor::id).toList();
    }
}
