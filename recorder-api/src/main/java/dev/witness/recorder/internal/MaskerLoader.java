package dev.witness.recorder.internal;

import dev.witness.masking.Masker;
import dev.witness.masking.Maskers;
import dev.witness.masking.MaskingRulesException;
import dev.witness.recorder.config.ConfigException;
import dev.witness.recorder.config.CoreKeys;
import dev.witness.recorder.config.WitnessConfig;

/** Builds the writer's masker from {@code witness.masking.rules}: unset means pass-through. */
final class MaskerLoader {
    private MaskerLoader() {
    }

    static Masker load(WitnessConfig config) {
        String rules = config.get(CoreKeys.MASKING_RULES);
        if (rules == null || rules.isBlank()) {
            return Masker.passThrough();
        }
        try {
            return Maskers.load(rules);
        } catch (MaskingRulesException e) {
            throw new ConfigException(CoreKeys.MASKING_RULES.name() + "=" + rules + " ("
                    + config.originOf(CoreKeys.MASKING_RULES.name()) + "): " + e.getMessage(), e);
        }
    }
}
