package dev.witness.masking.internal;

import java.util.Set;
import java.util.regex.Pattern;

/** Bind parameters by 1-based position, for statements whose SQL text the pattern finds. */
public record PositionSelector(Pattern sql, Set<Integer> positions) {

    boolean matches(String statement, int position) {
        return statement != null && positions.contains(position) && sql.matcher(statement).find();
    }
}
