package dev.witness.recorder.internal;

import dev.witness.masking.MaskedField;
import dev.witness.masking.MaskedField.Kind;
import dev.witness.masking.Masker;
import dev.witness.storage.SessionDescriptor;

import java.util.HashMap;
import java.util.Map;

/**
 * Masks the session metadata a store indexes (principal, target, attributes) with the same
 * rules and kinds as the encoder applies to the same values in the event lines, so that no
 * index holds what the lines hide and a query by a masked principal finds its sessions.
 * Writer thread only.
 */
final class DescriptorMasker {
    private final Masker masker;

    DescriptorMasker(Masker masker) {
        this.masker = masker;
    }

    SessionDescriptor mask(SessionDescriptor d) {
        if (masker.isPassThrough()) {
            return d;
        }
        Map<String, String> attributes = new HashMap<>();
        d.attributes().forEach((k, v) -> attributes.put(k, mask(d, Kind.ATTRIBUTE, k, v)));
        return new SessionDescriptor(d.id(), d.source(), mask(d, Kind.TEXT, "target", d.target()),
                mask(d, Kind.ATTRIBUTE, "principal", d.identity()), d.application(), d.host(), d.pid(), d.startedAt(),
                d.endedAt(), d.eventCount(), attributes);
    }

    private String mask(SessionDescriptor d, Kind kind, String name, String value) {
        return value == null ? null : masker.mask(new MaskedField(kind, d.source(), d.target(), null, name, 0), value);
    }
}
