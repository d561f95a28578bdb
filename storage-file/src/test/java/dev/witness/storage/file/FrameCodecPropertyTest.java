package dev.witness.storage.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.witness.storage.AppendBatch;
import dev.witness.storage.EncodedEvent;
import dev.witness.storage.SessionDescriptor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/** Round trips of the frame and descriptor codecs over arbitrary input. */
class FrameCodecPropertyTest {

    @Provide
    Arbitrary<EncodedEvent> events() {
        return Combinators.combine(
                // ids are stored as UTF-8: well-formed strings only (a lone surrogate has no UTF-8 form)
                Arbitraries.strings().ofMinLength(1).ofMaxLength(40).withChars('a', 'b', 'c')
                        .withCharRange('\u0000', '\uD7FF').withCharRange('\uE000', '\uFFFF'),
                Arbitraries.longs().greaterOrEqual(0),
                Arbitraries.longs(),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(3000))
                .as(EncodedEvent::new);
    }

    @Property(tries = 200)
    void eventsOfABatchReadBackUnchangedAndInSessionOrder(@ForAll @Size(max = 30) List<@From("events") EncodedEvent> events) throws IOException {
        BatchEncoder encoder = new BatchEncoder();
        encoder.encode(AppendBatch.of(events));
        Path file = Files.createTempFile("frames", ".segment");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = encoder.buffer();
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            FrameReader reader = new FrameReader(channel, 0, channel.size());
            Map<String, List<EncodedEvent>> read = new HashMap<>();
            FrameReader.Status status;
            while ((status = reader.next()) == FrameReader.Status.FRAME) {
                assertEquals(Frames.EVENT, reader.type());
                read.computeIfAbsent(reader.eventSessionId(), k -> new ArrayList<>())
                        .add(new EncodedEvent(reader.eventSessionId(), reader.eventSequence(), reader.eventTime(), reader.eventPayload()));
            }
            assertEquals(FrameReader.Status.END, status);
            Map<String, List<EncodedEvent>> written = new HashMap<>();
            for (EncodedEvent e : events) {
                written.computeIfAbsent(e.sessionId(), k -> new ArrayList<>()).add(e);
            }
            assertEquals(written.keySet(), read.keySet());
            for (String id : written.keySet()) {
                List<EncodedEvent> w = written.get(id), r = read.get(id);
                assertEquals(w.size(), r.size());
                for (int i = 0; i < w.size(); i++) {
                    assertEquals(w.get(i).sequence(), r.get(i).sequence());
                    assertEquals(w.get(i).time(), r.get(i).time());
                    assertArrayEquals(w.get(i).bytes(), r.get(i).bytes());
                }
            }
        } finally {
            Files.delete(file);
        }
    }

    @Property(tries = 300)
    void descriptorsRoundTrip(@ForAll @StringLength(min = 1, max = 30) String id, @ForAll String target, @ForAll("optional") String identity,
                              @ForAll long pid, @ForAll("instants") Instant start, @ForAll("optionalInstants") Instant end,
                              @ForAll @Size(max = 4) Map<@StringLength(max = 10) String, @StringLength(max = 20) String> attributes) {
        SessionDescriptor d = new SessionDescriptor(id, "jdbc", target, identity, identity, null, pid, start, end, Math.abs(pid % 1000), attributes);
        assertEquals(d, DescriptorCodec.decode(DescriptorCodec.encode(d)));
    }

    @Provide
    Arbitrary<String> optional() {
        return Arbitraries.strings().injectNull(0.3);
    }

    @Provide
    Arbitrary<Instant> instants() {
        return Combinators.combine(Arbitraries.longs().between(-10_000_000_000L, 10_000_000_000L), Arbitraries.integers().between(0, 999_999_999))
                .as(Instant::ofEpochSecond);
    }

    @Provide
    Arbitrary<Instant> optionalInstants() {
        return instants().injectNull(0.3);
    }
}
