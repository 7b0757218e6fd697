package io.prescale.planner.config;

import io.prescale.planner.model.AudienceDistribution;
import io.prescale.planner.model.Quantities;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads an audience estimate: a plain count ({@code 2M}, fixed), {@code {p50, p90}} (log-normal through both),
 * or a named distribution: {@code {distribution: lognormal, median, sigma}}, {@code {distribution: normal, mean, sd}},
 * {@code {distribution: triangular, min, mode, max}}.
 */
public final class Distributions {
    private Distributions() {
    }

    public static Optional<AudienceDistribution> read(YNode n) {
        if (n.isScalar()) {
            return n.as(Quantities::audience).map(AudienceDistribution.Fixed::new);
        }
        if (!n.isMap()) {
            n.error("expected an audience estimate: a number such as 2M, {p50: 2M, p90: 3M} or a named distribution");
            return Optional.empty();
        }
        String kind = n.string("distribution", n.has("p50") ? "p50-p90" : "").toLowerCase(Locale.ROOT);
        Optional<AudienceDistribution> out = switch (kind) {
            case "p50-p90" -> {
                double p50 = positive(n, "p50");
                double p90 = n.has("p90") ? positive(n, "p90") : p50;
                if (p90 >= 0 && p90 < p50) { // a p90 below zero has had its error
                    n.get("p90").ifPresent(v -> v.error("P90 must not be below P50",
                            "P50 " + Quantities.human(p50) + ", P90 " + Quantities.human(p90)));
                }
                if (p50 > 0 && p90 > 0) {
                    var wide = AudienceDistribution.spreadProblem(p50, p90);
                    if (wide.isPresent()) {
                        n.get("p90").ifPresent(v -> v.error(wide.get()));
                        yield Optional.empty();
                    }
                }
                yield p50 > 0 && p90 > 0 ? Optional.of(AudienceDistribution.fromP50P90(p50, Math.max(p50, p90)))
                        : Optional.empty();
            }
            case "lognormal", "log-normal" -> {
                double median = positive(n, "median");
                double sigma = n.number("sigma", 0.25);
                if (sigma < 0) {
                    n.get("sigma").ifPresent(x -> x.error("must not be negative", "sigma is the spread of log(audience)"));
                    yield Optional.empty();
                }
                if (sigma > AudienceDistribution.MAX_SIGMA) {
                    n.get("sigma").ifPresent(x -> x.error(String.format(Locale.ROOT, "at most %.2f: a wider spread "
                            + "puts P90 more than 100 times the median", AudienceDistribution.MAX_SIGMA)));
                    yield Optional.empty();
                }
                yield median > 0 ? Optional.of(new AudienceDistribution.LogNormal(median, sigma)) : Optional.empty();
            }
            case "normal" -> {
                double mean = positive(n, "mean");
                double sd = n.nonNegativeCount("sd", mean * 0.2);
                yield mean > 0 ? Optional.of(new AudienceDistribution.Normal(mean, sd)) : Optional.empty();
            }
            case "triangular" -> {
                double min = n.has("min") ? n.parse("min", Quantities::audience).orElse(Double.NaN) : -1;
                double mode = positive(n, "mode");
                double max = positive(n, "max");
                if (min < 0) {
                    n.require("min");
                }
                if (Double.isNaN(min) || min < 0 || mode < 0 || max < 0) {
                    yield Optional.empty(); // each has had its error
                }
                if (!(min <= mode && mode <= max) || min == max) {
                    n.error("a triangular distribution needs min <= mode <= max and min < max");
                    yield Optional.empty();
                }
                yield Optional.of(new AudienceDistribution.Triangular(min, mode, max));
            }
            case "fixed" -> {
                double v = positive(n, "value");
                yield v > 0 ? Optional.of(new AudienceDistribution.Fixed(v)) : Optional.empty();
            }
            case "" -> {
                n.error("audience estimate needs p50 (and p90) or a distribution",
                        "e.g. {p50: 2M, p90: 3M} or {distribution: lognormal, median: 2M, sigma: 0.3}");
                yield Optional.empty();
            }
            default -> {
                n.get("distribution").ifPresent(d -> d.error("unknown distribution '" + kind + "'",
                        "use lognormal, normal, triangular or fixed"));
                yield Optional.empty();
            }
        };
        n.rejectUnknownKeys();
        return out;
    }

    private static double positive(YNode n, String key) {
        if (n.require(key).isEmpty()) {
            return -1;
        }
        // a value that is no number has had its error: one mistake, one error
        double v = n.parse(key, Quantities::audience).orElse(Double.NaN);
        if (Double.isNaN(v)) {
            return -1;
        }
        if (v == 0) {
            n.get(key).ifPresent(x -> x.error("must be greater than zero"));
            return -1;
        }
        if (v < 0) {
            n.get(key).ifPresent(x -> x.error("must not be negative"));
        }
        return v;
    }
}
