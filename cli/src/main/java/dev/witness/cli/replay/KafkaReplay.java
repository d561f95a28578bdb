package dev.witness.cli.replay;

import dev.witness.recorder.event.Acknowledgement;
import dev.witness.recorder.event.Consume;
import dev.witness.recorder.event.Event;
import dev.witness.recorder.event.Header;
import dev.witness.recorder.event.Payload;
import dev.witness.recorder.event.Produce;
import dev.witness.recorder.format.RecordedEvent;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Republishes a recorded Kafka session's records to sandbox topics ({@code <prefix><topic>}):
 * the recorded bytes of key, value and headers, plus the header {@value #REPLAY_HEADER}
 * ({@code <session id>#<seq>}) marking each as a replay of that event. Produced records by
 * default; the records a consumer received with {@code consumed}.
 *
 * <p>Skipped, and said so: sends the recording shows failed (the broker never had them), and
 * values recorded capped (only a prefix was kept). Masked values (see {@link MaskedValues}) are
 * sent as stored and reported. Each send is awaited, so the output's order is the recording's.
 * Not thread-safe.
 */
public final class KafkaReplay {
    /** The header every replayed record carries: the session id and the event's position. */
    public static final String REPLAY_HEADER = "witness-replay";
    private static final long SEND_TIMEOUT_SECONDS = 30;

    /**
     * @param topicPrefix    put before every recorded topic name
     * @param keepPartitions send to the recorded partition where the application chose one
     * @param consumed       republish consumed records instead of produced ones
     */
    public record Options(String topicPrefix, boolean keepPartitions, boolean consumed) {
    }

    /**
     * @param sent    records republished
     * @param skipped records not republished (failed sends, capped values)
     * @param masked  records holding a masked key, value or header, sent masked
     */
    public record Outcome(int sent, int skipped, int masked) {
    }

    private final Producer<byte[], byte[]> producer;
    private final Options options;
    private final PrintWriter out;

    public KafkaReplay(Producer<byte[], byte[]> producer, Options options, PrintWriter out) {
        this.producer = producer;
        this.options = options;
        this.out = out;
    }

    /** Republishes the session's records in recorded order. */
    public Outcome replay(String sessionId, List<RecordedEvent> events) throws InterruptedException {
        Map<Long, Acknowledgement> acks = new HashMap<>();
        for (RecordedEvent r : events) {
            for (Event part : r.event().parts()) { // one line may acknowledge several records
                if (part instanceof Acknowledgement a) {
                    acks.put(a.call(), a);
                }
            }
        }
        int sent = 0;
        int skipped = 0;
        int masked = 0;
        for (RecordedEvent r : events) {
            Event e = r.event();
            String topic;
            Integer partition;
            List<Header> headers;
            Payload key;
            Payload value;
            if (!options.consumed() && e instanceof Produce p) {
                Acknowledgement ack = acks.get(p.call());
                if (ack != null && ack.error() != null) {
                    skipped++;
                    out.printf("#%-4d skipped  %s: the recorded send failed (%s)%n", r.sequence(), p.topic(), oneLine(ack.error()));
                    continue;
                }
                topic = p.topic();
                partition = p.partition();
                headers = p.headers();
                key = p.key();
                value = p.value();
            } else if (options.consumed() && e instanceof Consume c) {
                topic = c.topic();
                partition = c.partition();
                headers = c.headers();
                key = c.key();
                value = c.value();
            } else {
                continue;
            }
            String capped = capped(key, value, headers);
            if (capped != null) {
                skipped++;
                out.printf("#%-4d skipped  %s: %s was recorded capped (only its first bytes were kept)%n", r.sequence(), topic, capped);
                continue;
            }
            List<String> maskedParts = maskedParts(key, value, headers);
            RecordHeaders h = new RecordHeaders();
            for (Header header : headers) {
                h.add(header.key(), bytes(header.value()));
            }
            h.add(REPLAY_HEADER, (sessionId + "#" + r.sequence()).getBytes(StandardCharsets.UTF_8));
            String sandbox = options.topicPrefix() + topic;
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(sandbox,
                    options.keepPartitions() ? partition : null, null, bytes(key), bytes(value), h);
            RecordMetadata md;
            try {
                md = producer.send(record).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException ex) {
                Throwable cause = ex.getCause() == null ? ex : ex.getCause();
                throw new ReplayFailedException("sending #" + r.sequence() + " to " + sandbox + " failed: "
                        + cause.getClass().getSimpleName() + ": " + oneLine(cause.getMessage()), cause);
            } catch (TimeoutException ex) {
                throw new ReplayFailedException("sending #" + r.sequence() + " to " + sandbox + " timed out after "
                        + SEND_TIMEOUT_SECONDS + " s", ex);
            }
            sent++;
            out.printf("#%-4d sent     %s -> %s-%d@%d%n", r.sequence(), topic, md.topic(), md.partition(), md.offset());
            if (!maskedParts.isEmpty()) {
                masked++;
                out.println("        note: " + String.join(", ", maskedParts) + " masked in the recording: replayed masked");
            }
        }
        producer.flush();
        return new Outcome(sent, skipped, masked);
    }

    private static String capped(Payload key, Payload value, List<Header> headers) {
        if (key != null && key.truncated()) {
            return "the key";
        }
        if (value != null && value.truncated()) {
            return "the value";
        }
        for (Header h : headers) {
            if (h.value() != null && h.value().truncated()) {
                return "header " + h.key();
            }
        }
        return null;
    }

    private static List<String> maskedParts(Payload key, Payload value, List<Header> headers) {
        List<String> parts = new ArrayList<>();
        if (looksMasked(key)) {
            parts.add("the key is");
        }
        if (looksMasked(value)) {
            parts.add("the value is");
        }
        for (Header h : headers) {
            if (looksMasked(h.value())) {
                parts.add("header " + h.key() + " is");
            }
        }
        return parts;
    }

    private static boolean looksMasked(Payload p) {
        return p != null && Payload.UTF8.equals(p.encoding()) && MaskedValues.looksMasked(p.text());
    }

    /** The recorded bytes: UTF-8 text or base64, as docs/format.md stores them. */
    static byte[] bytes(Payload p) {
        if (p == null || p.text() == null) {
            return null;
        }
        return Payload.BASE64.equals(p.encoding()) ? Base64.getDecoder().decode(p.text())
                : p.text().getBytes(StandardCharsets.UTF_8);
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("[\\r\\n\\t]+", " ").strip();
    }

    /** A send to the sandbox failed: the replay stops there. */
    public static final class ReplayFailedException extends RuntimeException {
        public ReplayFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
