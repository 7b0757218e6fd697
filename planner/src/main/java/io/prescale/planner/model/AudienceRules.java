package io.prescale.planner.model;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How an event's peak concurrent audience is estimated. An explicit estimate wins (on the event, then in
 * {@code overrides}); otherwise {@code base} is multiplied by the teams' popularity factors (combined as
 * {@code combine} says), the stage factor, the market factor and every kickoff factor whose days and local
 * times (in {@code zone}) hold the event's kickoff.
 * <p>
 * A team or stage factor may carry its uncertainty ({@code uncertainties}, keyed {@code team:<name>} or
 * {@code stage:<key>}, as a log-normal spread: the factor's P90 is {@code factor * exp(Z90 * spread)}). An event's
 * audience band then widens by every uncertain factor it depends on: its log-spread is the root of the sum of the
 * squares of the base's spread and theirs (independent effects). A factor given as a plain number is certain.
 */
public record AudienceRules(
        Optional<AudienceDistribution> base,
        Map<String, Double> teamFactors,
        TeamCombine combine,
        Map<String, Double> stageFactors,
        Map<String, Double> marketFactors,
        Map<String, AudienceDistribution> overrides,
        List<KickoffFactor> kickoffFactors,
        ZoneId zone,
        Map<String, Double> uncertainties) {

    /** Rules whose factors are all certain. */
    public AudienceRules(Optional<AudienceDistribution> base, Map<String, Double> teamFactors, TeamCombine combine,
                         Map<String, Double> stageFactors, Map<String, Double> marketFactors,
                         Map<String, AudienceDistribution> overrides, List<KickoffFactor> kickoffFactors, ZoneId zone) {
        this(base, teamFactors, combine, stageFactors, marketFactors, overrides, kickoffFactors, zone, Map.of());
    }

    /** "No effect, wide": the prior of an effect nothing was said about; its P90 is twice its median. */
    public static final double DEFAULT_SPREAD = Math.log(2) / AudienceDistribution.Z90;

    /** The team rule for every team no other rule names. */
    public static final String ANY_TEAM = "*";

    public static String teamKey(String team) {
        return "team:" + team.toLowerCase(Locale.ROOT);
    }

    public static String stageKey(String stage) {
        return "stage:" + stage.toLowerCase(Locale.ROOT);
    }

    /** Rules without kickoff factors. */
    public AudienceRules(Optional<AudienceDistribution> base, Map<String, Double> teamFactors, TeamCombine combine,
                         Map<String, Double> stageFactors, Map<String, Double> marketFactors,
                         Map<String, AudienceDistribution> overrides) {
        this(base, teamFactors, combine, stageFactors, marketFactors, overrides, List.of(), ZoneOffset.UTC);
    }

    /** How two teams' popularity factors make the match's factor. */
    public enum TeamCombine {
        MAX, PRODUCT, SUM, MEAN;

        public double combine(List<Double> fs) {
            if (fs.isEmpty()) {
                return 1.0;
            }
            return switch (this) {
                case MAX -> fs.stream().mapToDouble(Double::doubleValue).max().orElse(1);
                case PRODUCT -> fs.stream().mapToDouble(Double::doubleValue).reduce(1, (a, b) -> a * b);
                case SUM -> fs.stream().mapToDouble(Double::doubleValue).sum();
                case MEAN -> fs.stream().mapToDouble(Double::doubleValue).average().orElse(1);
            };
        }
    }

    /** The estimate for one event and how it was reached, e.g. {@code base 1M x team England 1.8 x stage final 2.5}. */
    public record Resolved(AudienceDistribution distribution, String explanation) {
    }

    public AudienceRules {
        teamFactors = lower(teamFactors);
        stageFactors = lower(stageFactors);
        marketFactors = lower(marketFactors);
        overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
        combine = combine == null ? TeamCombine.MAX : combine;
        base = base == null ? Optional.empty() : base;
        kickoffFactors = kickoffFactors == null ? List.of() : List.copyOf(kickoffFactors);
        zone = zone == null ? ZoneOffset.UTC : zone;
        uncertainties = uncertainties == null ? Map.of() : lower(uncertainties);
    }

    public static AudienceRules none() {
        return new AudienceRules(Optional.empty(), Map.of(), TeamCombine.MAX, Map.of(), Map.of(), Map.of());
    }

    private static Map<String, Double> lower(Map<String, Double> m) {
        if (m == null) {
            return Map.of();
        }
        var out = new java.util.LinkedHashMap<String, Double>();
        m.forEach((k, v) -> out.put(k.toLowerCase(Locale.ROOT), v));
        return java.util.Collections.unmodifiableMap(out);
    }

    /** The {@code overrides} key that names the event: its id, else its content id or title; null when none. */
    private String overrideKey(Event e) {
        if (overrides.isEmpty() || overrides.containsKey(e.id())) {
            return overrides.isEmpty() ? null : e.id();
        }
        return overrides.keySet().stream().sorted().filter(e::isNamed).findFirst().orElse(null);
    }

    /** Whether {@code overrides} gives this event's audience. */
    public boolean hasOverride(Event e) {
        return overrideKey(e) != null;
    }

    /** The event's audience, or empty when neither an estimate nor a base rule applies. */
    public Optional<Resolved> resolve(Event e) {
        if (e.audience().isPresent()) {
            return Optional.of(new Resolved(e.audience().get(), "estimate on the event"));
        }
        // by the id, else by what survives a feed regenerating its UIDs: the content id or the title
        String named = overrideKey(e);
        if (named != null) {
            return Optional.of(new Resolved(overrides.get(named), "override for " + named));
        }
        if (base.isEmpty()) {
            return Optional.empty();
        }
        List<String> why = new ArrayList<>();
        why.add("base " + Quantities.human(base.get().p50()));
        List<Double> fs = new ArrayList<>();
        List<String> band = new ArrayList<>();
        double extra = 0;
        for (String t : e.teams()) {
            // "*" is every team the rules do not name (a prior for teams not yet seen)
            String key = teamFactors.containsKey(t.toLowerCase(Locale.ROOT)) ? t : ANY_TEAM;
            Double f = teamFactors.get(key.toLowerCase(Locale.ROOT));
            if (f != null) {
                fs.add(f);
                why.add("team " + t + " " + fmt(f));
                Double u = uncertainties.get(teamKey(key));
                if (u != null && u > 0) {
                    extra += u * u;
                    band.add("team " + t + " " + spread(u));
                }
            }
        }
        double factor = combine.combine(fs);
        if (fs.size() > 1) {
            why.add("(" + combine.name().toLowerCase(Locale.ROOT) + " of teams = " + fmt(factor) + ")");
        }
        String sk = e.stage().key().toLowerCase(Locale.ROOT);
        Double sf = stageFactors.get(sk);
        if (sf == null) {
            sk = e.stage().kind().id();
            sf = stageFactors.get(sk);
        }
        if (sf != null) {
            factor *= sf;
            why.add("stage " + e.stage().key() + " " + fmt(sf));
            Double u = uncertainties.get(stageKey(sk));
            if (u != null && u > 0) {
                extra += u * u;
                band.add("stage " + e.stage().key() + " " + spread(u));
            }
        }
        Double mf = marketFactors.get(e.region().toLowerCase(Locale.ROOT));
        if (mf != null) {
            factor *= mf;
            why.add("market " + e.region() + " " + fmt(mf));
        }
        var local = e.start().atZone(zone);
        for (KickoffFactor k : kickoffFactors) {
            if (k.matches(local)) {
                factor *= k.factor();
                why.add("kickoff " + k.label() + " " + fmt(k.factor()));
            }
        }
        AudienceDistribution d = base.get().scale(factor);
        if (extra > 0) {
            d = d.widen(Math.sqrt(extra));
        }
        // the chain multiplies medians: say so, since plans show the audience at their quantile beside it
        String chain = String.join(" x ", why) + (why.size() > 1 ? " = P50 " + Quantities.human(Math.round(d.p50())) : " (P50)");
        return Optional.of(new Resolved(d, chain + (band.isEmpty() ? "" : "; band widened by " + String.join(", ", band))));
    }

    /** A log-spread as the factor's P90 over its median, e.g. {@code ±100%}. */
    static String spread(double u) {
        return "±" + Math.round(100 * Math.expm1(AudienceDistribution.Z90 * u)) + "%";
    }

    private static String fmt(double f) {
        return Quantities.trimmed(f, 2);
    }
}
