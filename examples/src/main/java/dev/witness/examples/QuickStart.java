package dev.witness.examples;

import dev.witness.recorder.Identity;
import dev.witness.recorder.Recorder;
import dev.witness.recorder.RecordingContext;
import dev.witness.recorder.RecordingSession;
import dev.witness.recorder.SessionSpec;
import dev.witness.recorder.WitnessClock;
import dev.witness.recorder.config.WitnessConfig;
import dev.witness.recorder.event.Statement;
import dev.witness.recorder.reader.RecordingReader;

/** The README's quick start, kept here so that it always compiles. */
public final class QuickStart {
    private QuickStart() {
    }

    public static void main(String[] args) {
        try (Recorder recorder = Recorder.shared(WitnessConfig.load());                 // witness.* keys, file store by default
             RecordingContext.Scope who = RecordingContext.with(Identity.of("alice"));  // who is behind the calls
             RecordingSession session = recorder.openSession(SessionSpec.of("jdbc", "postgresql://db/app"))) {
            session.record(new Statement(WitnessClock.nowMicros(), RecordingContext.currentIdentity(), 1, "query", "select 1", -1));
        }
        try (RecordingReader reader = RecordingReader.open(WitnessConfig.load())) { reader.verifyAll(System.out::println); }
    }
}
