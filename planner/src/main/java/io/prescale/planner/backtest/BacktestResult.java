package io.prescale.planner.backtest;

import io.prescale.planner.diag.Diagnostic;
import java.time.Instant;
import java.util.List;

/**
 * A backtest: which plan and trace, the settings, and every layer's figures, with the problems found.
 *
 * @param planAt   the instant the plan was made for: the replay starts there (the plan governs nothing before)
 * @param quantile the audience quantile the plan sized for
 */
public record BacktestResult(String scenario, Instant planAt, double quantile, String traceFile, String traceFormat,
                             Instant traceStart, Instant traceEnd, BacktestSettings settings, List<LayerBacktest> layers,
                             List<Diagnostic> diagnostics) {
    public BacktestResult {
        layers = List.copyOf(layers);
        diagnostics = List.copyOf(diagnostics);
    }
}
