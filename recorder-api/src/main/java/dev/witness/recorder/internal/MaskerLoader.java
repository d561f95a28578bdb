package dev.witness.recorder.internal;

import dev.witness.masking.Masker;
import dev.witness.recorder.config.ConfigException;
import dev.witness.recorder.config.CoreKeys;
import dev.witness.recorder.config.WitnessConfig;

/** Builds the writer's masker from {@code witness.masking.rules}. */
final class MaskerLoader {
    private MaskerLoader() {
    }

    static Masker load(WitnessConfig config) {
        String rules = config.get(CoreKeys.MASKING_RULES);
        if (rules == null || rules.isBlank()) {
            return Masker.passThrough();
        }
        throw new ConfigException(CoreKeys.MASKING_RULES.name() + "=" + rules + " ("
                + config.originOf(CoreKeys.MASKING_RULES.name()) + "): the masking engine is not in this build");
    }
}
