package io.prescale.planner.model;

import io.prescale.planner.diag.SourceLocation;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The daemon re-calibrating as the tournament goes ({@code live: learn:}): after each event on {@code layer} ends,
 * the layer's metric source is read back over {@code history}, the structure scenario is calibrated on it, and the
 * result is written as a new version under {@code into}; it becomes the active fragments (the files the scenario's
 * {@code audience:}, {@code shapes:} and {@code layers:} name) when its fit is no worse than the active one's on the
 * same data, or always when {@code acceptWorse}.
 *
 * @param structure the folder of the scenario to calibrate (rules, shapes, priors and starting values), relative to
 *                  the scenario's folder; its priors stay the priors: a re-fit never learns from its own output
 * @param into      where the versions and the active fragments are written, relative to the scenario's folder
 * @param history   how far back the source is read (at most 30 days)
 * @param after     how long after an event's latest possible end the re-fit runs (the post-match tail included)
 * @param halfLife  evidence weighs by its age, halving every this long (empty: every match the same)
 */
public record LearnSettings(String layer, String structure, String into, Duration history, Duration after,
                            Optional<Duration> halfLife, boolean acceptWorse, SourceLocation source) {
    public LearnSettings {
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(structure, "structure");
        Objects.requireNonNull(into, "into");
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(after, "after");
        halfLife = halfLife == null ? Optional.empty() : halfLife;
    }
}
