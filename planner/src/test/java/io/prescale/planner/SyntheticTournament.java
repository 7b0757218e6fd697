package io.prescale.planner;

import io.prescale.planner.backtest.Trace;
import io.prescale.planner.backtest.TraceSeries;
import io.prescale.planner.diag.SourceLocation;
import io.prescale.planner.forecast.Forecast;
import io.prescale.planner.forecast.RpsForecaster;
import io.prescale.planner.model.AudienceDistribution;
import io.prescale.planner.model.Scenario;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * A synthetic tournament whose truth is known: ten matches over a week, a scenario with every rule calibrate
 * fits, and traces the forecaster itself makes from it (so a fit can be checked against the values that made it).
 */
public final class SyntheticTournament {
    private SyntheticTournament() {
    }

    /** Ten matches over a week (UTC): afternoons and evenings, weekdays and a weekend, one team more popular. */
    public static final String EVENTS = """
            events:
              - {id: mon-1, stage: group, home: A, away: B, kickoff: 2026-06-15T15:00:00Z}
              - {id: mon-2, stage: group, home: C, away: D, kickoff: 2026-06-15T19:00:00Z}
              - {id: tue-1, stage: group, home: Stars, away: E, kickoff: 2026-06-16T15:00:00Z}
              - {id: tue-2, stage: group, home: F, away: G, kickoff: 2026-06-16T19:00:00Z}
              - {id: wed-1, stage: group, home: H, away: I, kickoff: 2026-06-17T15:00:00Z}
              - {id: wed-2, stage: group, home: Stars, away: J, kickoff: 2026-06-17T19:00:00Z}
              - {id: sat-1, stage: group, home: K, away: L, kickoff: 2026-06-20T15:00:00Z}
              - {id: sat-2, stage: group, home: M, away: N, kickoff: 2026-06-20T19:00:00Z}
              - {id: sun-1, stage: group, home: Stars, away: O, kickoff: 2026-06-21T15:00:00Z}
              - {id: sun-2, stage: group, home: P, away: Q, kickoff: 2026-06-21T19:00:00Z}
            """;

    public static String scenario(String base, String weekend, String evening, String stars, String whistle, String background) {
        return """
                name: synthetic
                zone: UTC
                plan: {from: 2026-06-15T00:00:00Z, horizon: 8d}
                %s
                audience:
                  base: %s
                  teams: {Stars: %s}
                  kickoff:
                    - {days: [saturday, sunday], factor: %s}
                    - {from: "18:00", to: "24:00", factor: %s}
                shapes:
                  football:
                    type: match
                    preMatch: 10m
                    preMatchLevel: 0%%
                    kickoffLevel: 50%%
                    halfLength: 45m
                    addedTime: 1m
                    halfTime: 15m
                    secondHalfLevel: 120%%
                    postMatch: 40m
                    finalWhistle: %s
                    churn: 0%%
                layers:
                  - name: web
                    unit: instances
                    rpsPerUnit: 150rps
                    headroom: 20%%
                    min: 2
                    warmup: 5m
                    background: %s
                    terms:
                      - {type: per-viewer, every: 10s}
                """.formatted(EVENTS, base, stars, weekend, evening, whistle, background);
    }

    /** The truth: base 10k, weekend 40%, evening 60%, Stars 1.5, surge 80% rising over 6 min halving every 4. */
    public static final String TRUTH = scenario("10k", "40%", "60%", "150%", "{level: 80%, rise: 6m, halfLife: 4m}", "300rps");
    /** Where calibration starts: every value off. */
    public static final String START = scenario("{p50: 4k, p90: 8k}", "100%", "100%", "100%",
            "{level: 30%, rise: 3m, halfLife: 8m}", "100rps");

    /** The median forecast of a scenario's only layer, each event's audience scaled, as a per-minute trace. */
    public static Trace traceOf(Scenario s, ToDoubleFunction<String> scaleOfEvent) {
        List<io.prescale.planner.model.Event> scaled = s.events().stream().map(e -> {
            AudienceDistribution a = s.audience().resolve(e).orElseThrow().distribution();
            return e.withAudience(new AudienceDistribution.Fixed(a.p50() * scaleOfEvent.applyAsDouble(e.id())));
        }).toList();
        Scenario withScaled = s.withEvents(scaled);
        Instant at = Instant.parse("2026-06-14T00:00:00Z");
        Forecast f = new RpsForecaster().forecast(withScaled, at, 0.5, e -> true);
        double[] rps = f.layers().get(0).load();
        return new Trace("synthetic.csv", Duration.ofMinutes(1), Trace.ValueKind.COUNT, f.gridStart(), rps.length,
                List.of(new TraceSeries("", rps, rps, SourceLocation.of("synthetic.csv"))), List.of());
    }

    /** A weekly rhythm: weekdays 200 rps at midnight rising 20 rps an hour, weekends at half of it. */
    public static String profile(double scale) {
        StringBuilder wd = new StringBuilder();
        StringBuilder we = new StringBuilder();
        for (int h = 0; h < 24; h++) {
            double v = (200 + 20 * h) * scale;
            wd.append(h == 0 ? "" : ", ").append(v).append("rps");
            we.append(h == 0 ? "" : ", ").append(v / 2).append("rps");
        }
        return "\n      weekday: [" + wd + "]\n      weekend: [" + we + "]";
    }
}
