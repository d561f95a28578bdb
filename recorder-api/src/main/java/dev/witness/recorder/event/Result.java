package dev.witness.recorder.event;

import dev.witness.recorder.Identity;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the application read from a result.
 *
 * @param call      correlates with the {@link Statement}
 * @param columns   the columns, empty when only counting
 * @param rows      the rows read, each a list of values as text ({@code null} for SQL NULL), capped
 * @param rowCount  how many rows the application read in total
 * @param truncated true if rows or values were cut by the configured caps
 */
public record Result(long timeMicros, Identity identity, long call, List<Column> columns, List<List<String>> rows,
                     long rowCount, boolean truncated) implements Event {
    public Result {
        columns = List.copyOf(columns);
        List<List<String>> copy = new ArrayList<>(rows.size());
        for (List<String> row : rows) {
            // rows hold SQL NULLs, which List.copyOf refuses
            copy.add(Collections.unmodifiableList(new ArrayList<>(row)));
        }
        rows = Collections.unmodifiableList(copy);
    }

    @Override
    public EventType type() {
        return EventType.RESULT;
    }
}
