package dev.witness.recorder;

import dev.witness.recorder.config.WitnessConfig;

/**
 * Child process of {@link ShutdownHookTest}: records events with async durability (nothing
 * synced by the writer yet), never closes the Recorder or the session, and exits: only the
 * JVM shutdown hook can make the events durable.
 */
public final class ExitingWriter {
    public static void main(String[] args) {
        Recorder recorder = Recorder.builder().config(WitnessConfig.builder().put("witness.store", args[0])
                .put("witness.durability", "async").put("witness.durability.interval", "1h").build()).build();
        RecordingSession s = recorder.openSession(SessionSpec.of("exit", "hook"));
        int n = Integer.parseInt(args[1]);
        for (int i = 0; i < n; i++) {
            s.record(RecorderTestSupport.statement(i, "select " + i));
        }
        System.out.println(s.id());
        System.exit(0);
    }
}
