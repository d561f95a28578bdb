package dev.witness.recorder.format;

import dev.witness.recorder.Identity;
import dev.witness.recorder.event.*;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.util.List;

/** Generators of every event type with arbitrary text: unicode, control characters, lone surrogates. */
public final class EventArbitraries {
    private EventArbitraries() {
    }

    static Arbitrary<String> text() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.strings().withCharRange('\u0000', '\u001f').ofMaxLength(10),
                Arbitraries.strings().alpha().numeric().withChars("'\"\\{}[],:ünicode€😀").ofMaxLength(60),
                Arbitraries.strings().all().ofMinLength(2_000).ofMaxLength(20_000));
    }

    static Arbitrary<String> nullableText() {
        return text().injectNull(0.2);
    }

    static Arbitrary<Long> time() {
        return Arbitraries.longs().between(0, 4_102_444_800_000_000L); // 1970..2100 in micros
    }

    static Arbitrary<Identity> identity() {
        Arbitrary<Identity> some = Combinators.combine(text(),
                Arbitraries.maps(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(10), text()).ofMaxSize(3))
                .as(Identity::new);
        return some.injectNull(0.3);
    }

    static Arbitrary<Payload> payload() {
        Arbitrary<Payload> textForm = Combinators.combine(nullableText(), Arbitraries.of(Payload.UTF8, Payload.BASE64),
                Arbitraries.longs().between(0, 1L << 40), Arbitraries.of(true, false),
                Arbitraries.strings().withChars("0123456789abcdef").ofLength(64).injectNull(0.5))
                .as(Payload::new);
        // the bytes form (what the Kafka interceptors build): valid UTF-8 as utf8, any bytes as base64
        Arbitrary<Payload> bytesForm = Combinators.combine(text(), Arbitraries.bytes().array(byte[].class)
                        .ofMaxSize(300), Arbitraries.of(true, false), Arbitraries.of(true, false),
                Arbitraries.strings().withChars("0123456789abcdef").ofLength(64).injectNull(0.5))
                .as((t, raw, utf8, truncated, sha) -> utf8
                        ? Payload.ofBytes(t.getBytes(java.nio.charset.StandardCharsets.UTF_8), Payload.UTF8,
                        t.length(), truncated, sha)
                        : Payload.ofBytes(raw, Payload.BASE64, raw.length, truncated, sha));
        return Arbitraries.oneOf(textForm, bytesForm).injectNull(0.2);
    }

    static Arbitrary<List<Header>> headers() {
        return Combinators.combine(text(), payload()).as(Header::new).list().ofMaxSize(3);
    }

    private static Arbitrary<List<List<Parameter>>> parameterSets() {
        return Combinators.combine(Arbitraries.integers().between(0, 1000), nullableText(), nullableText(),
                nullableText(), nullableText()).as(Parameter::new).list().ofMaxSize(4).list().ofMaxSize(3);
    }

    private static Arbitrary<Result> result(Arbitrary<Long> t, Arbitrary<Identity> who, Arbitrary<Long> call) {
        return Combinators.combine(t, who, call,
                Combinators.combine(text(), nullableText(), nullableText()).as(Column::new).list().ofMaxSize(3),
                nullableText().list().ofMaxSize(3).list().ofMaxSize(3),
                Arbitraries.longs().greaterOrEqual(0), Arbitraries.of(true, false)).as(Result::new);
    }

    private static Arbitrary<UpdateCount> updateCount(Arbitrary<Long> t, Arbitrary<Identity> who, Arbitrary<Long> call) {
        return Combinators.combine(t, who, call, Arbitraries.longs().list().ofMaxSize(5), text().list().ofMaxSize(2))
                .as(UpdateCount::new);
    }

    /** Any event except session_end, whose count and last hash the encoder takes from the chain. */
    public static Arbitrary<Event> events() {
        Arbitrary<Long> t = time();
        Arbitrary<Identity> who = identity();
        Arbitrary<Long> call = Arbitraries.longs().greaterOrEqual(0);
        return Arbitraries.oneOf(
                Combinators.combine(t, who, text(), text(), nullableText(), nullableText(), Arbitraries.longs())
                        .as(SessionStart::new),
                Combinators.combine(t, who, call, nullableText(), text(), Arbitraries.longs()).as(Statement::new),
                Combinators.combine(t, who, call, parameterSets()).as(Parameters::new),
                result(t, who, call),
                updateCount(t, who, call),
                // one line per execution: the statement with its parameters, counts and result
                Combinators.combine(t, who, call, nullableText(), text(), Arbitraries.longs(), parameterSets(),
                                updateCount(t, who, call).injectNull(0.5))
                        .flatAs((time, w, c, kind, sql, dur, sets, counts) -> result(t, who, call).injectNull(0.5)
                                .map(r -> new Statement(time, w, c, kind, sql, dur, sets, counts, r))),
                Combinators.combine(t, who, Arbitraries.of("begin", "commit", "rollback", "savepoint"), nullableText())
                        .as(Transaction::new),
                Combinators.combine(t, who, call, nullableText(), nullableText(), Arbitraries.integers(), nullableText())
                        .as(Failure::new),
                Combinators.combine(t, who, call, text(), Arbitraries.integers().between(0, 100).injectNull(0.5),
                        Arbitraries.longs().injectNull(0.5), headers(), payload())
                        .flatAs((time, i, c, topic, part, ts, hs, k) -> Combinators.combine(payload(), nullableText(),
                                nullableText()).as((v, client, txn) ->
                                new Produce(time, i, c, topic, part, ts, hs, k, v, client, txn))),
                Combinators.combine(t, who, call, text(), Arbitraries.integers().between(0, 100), Arbitraries.longs(),
                        nullableText()).as(Acknowledgement::new),
                // a line carrying the acknowledgements of several records
                Combinators.combine(t, who, call, text(), Arbitraries.integers().between(0, 100),
                        Arbitraries.longs().between(0, Long.MAX_VALUE / 2),
                        Arbitraries.longs().between(1, Long.MAX_VALUE).list().ofMinSize(1).ofMaxSize(20))
                        .as((time, i, c, topic, part, off, more) -> new Acknowledgement(time, i, c, topic, part, off,
                                null, more)),
                Combinators.combine(t, who, text(), Arbitraries.integers().between(0, 100), Arbitraries.longs(),
                        Arbitraries.longs(), headers(), payload())
                        .flatAs((time, i, topic, part, off, ts, hs, k) -> Combinators.combine(payload(), nullableText(),
                                nullableText()).as((v, g, m) -> new Consume(time, i, topic, part, off, ts, hs, k, v, g, m))),
                Combinators.combine(t, who, nullableText(), Arbitraries.of("sync", "async", "auto"),
                        Combinators.combine(text(), Arbitraries.integers().between(0, 99), Arbitraries.longs())
                                .as(TopicOffset::new).list().ofMaxSize(3)).as(OffsetCommit::new),
                Combinators.combine(t, who, call, nullableText(), nullableText(), nullableText(), nullableText(),
                        Arbitraries.longs().greaterOrEqual(0)).flatAs((time, i, c, id, rule, d, a, l) ->
                        nullableText().map(r -> new Approval(time, i, c, id, rule, d, a, l, r))),
                Combinators.combine(t, who, call, nullableText(), nullableText()).as(Denial::new),
                Combinators.combine(t, who, Arbitraries.longs().greaterOrEqual(1), nullableText()).as(Gap::new));
    }
}
