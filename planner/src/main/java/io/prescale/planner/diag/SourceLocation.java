package io.prescale.planner.diag;

import java.util.Objects;

/**
 * Where in the user's input a problem is: file, 1-based line and column (0 when unknown) and the field path,
 * e.g. {@code layers[2].rpsPerUnit}.
 */
public record SourceLocation(String file, int line, int column, String field) {

    public SourceLocation {
        Objects.requireNonNull(file, "file");
        field = field == null ? "" : field;
    }

    public static SourceLocation of(String file) {
        return new SourceLocation(file, 0, 0, "");
    }

    public SourceLocation withField(String newField) {
        return new SourceLocation(file, line, column, newField);
    }

    /** {@code file:line:column} as compilers print it, leaving out what is unknown. */
    public String position() {
        StringBuilder sb = new StringBuilder(file);
        if (line > 0) {
            sb.append(':').append(line);
            if (column > 0) {
                sb.append(':').append(column);
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return field.isEmpty() ? position() : position() + " (" + field + ")";
    }
}
