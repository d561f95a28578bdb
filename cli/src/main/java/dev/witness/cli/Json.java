package dev.witness.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.witness.storage.SessionDescriptor;

/** The JSON the commands print for scripts ({@code --json}); field names follow docs/format.md. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static ObjectNode session(SessionDescriptor d) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("id", d.id());
        n.put("source", d.source());
        n.put("target", d.target());
        n.put("identity", d.identity());
        n.put("app", d.application());
        n.put("host", d.host());
        n.put("pid", d.pid());
        n.put("started", d.startedAt().toString());
        n.put("ended", d.endedAt() == null ? null : d.endedAt().toString());
        n.put("events", d.eventCount());
        ObjectNode attrs = n.putObject("attrs");
        d.attributes().forEach(attrs::put);
        return n;
    }

    static String write(Object node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
