package io.prescale.planner.calibrate;

import java.util.Locale;

/**
 * One parameter of a calibration: its value before (the scenario's) and after, and whether the trace could fit it.
 *
 * @param note why a parameter was kept as it was, or empty
 */
public record FittedParameter(String name, Kind kind, double before, double after, boolean fitted, String note) {

    /** How a value reads: an audience count, a factor or level (%), minutes, or a rate. */
    public enum Kind {
        AUDIENCE, FACTOR, MINUTES, RPS
    }

    public String format(double v) {
        return switch (kind) {
            case AUDIENCE -> io.prescale.planner.model.Quantities.human(v);
            case FACTOR -> String.format(Locale.ROOT, "%.1f%%", v * 100);
            case MINUTES -> String.format(Locale.ROOT, "%.2fm", v);
            case RPS -> String.format(Locale.ROOT, "%.0f rps", v);
        };
    }
}
