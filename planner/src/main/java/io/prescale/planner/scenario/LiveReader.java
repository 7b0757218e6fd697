package io.prescale.planner.scenario;

import io.prescale.planner.config.YNode;
import io.prescale.planner.model.Layer;
import io.prescale.planner.model.LiveConfig;
import io.prescale.planner.model.Metric;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Reads the closed loop:
 * <pre>
 * live:
 *   delay: 3m          # the newest sample's age when a decision is made (default 3m)
 *   staleAfter: 5m     # no sample this long beyond the delay: keep the plan (default 5m)
 *   tick: 1m           # decide this often (default 1m)
 *   quantile: p90      # default: the plan's
 *   observe:
 *     web: {type: prometheus, url: http://prometheus:9090, query: 'sum(rate(http_requests_total[1m]))',
 *           auth: bearer, tokenEnv: PROM_TOKEN}
 *     edge: {type: cloudwatch, region: eu-west-1, namespace: AWS/ApplicationELB, metric: RequestCount,
 *            dimensions: "LoadBalancer=app/web/123", stat: Sum, period: 60s}
 *     api: {type: trace, file: observed.csv}
 *   learn:             # the daemon re-calibrates after each event (optional)
 *     layer: web       # fitted on this observed layer (default: the only one)
 *     structure: structure    # the scenario folder to calibrate: rules, shapes, priors, starting values
 *     into: learned    # versions and the active fragments (the scenario's audience/shapes/layers name them)
 *     history: 28d     # read back from the source (at most 30d; default 28d)
 *     after: 30m       # after each event's latest possible end (default: the layer's cool-down)
 *     halfLife: 7d     # evidence weighs by age (default: every match the same)
 *     acceptWorse: false   # apply a re-fit whose fit is worse than the active one's (said so either way)
 * </pre>
 * Each source type has its own keys; an unknown key, a missing required one or a source on a layer the scenario
 * does not have is an error at its line. Credentials are never written here: only the names of the environment
 * variables that hold them.
 */
final class LiveReader {
    /** The keys of each source type; the first ones listed as required must be present. */
    private record Kind(Set<String> required, Set<String> optional) {
    }

    private static final Map<String, Kind> KINDS = Map.of(
            "prometheus", new Kind(Set.of("url", "query"),
                    Set.of("auth", "tokenEnv", "userEnv", "passwordEnv", "timeout")),
            "cloudwatch", new Kind(Set.of("namespace", "metric"),
                    Set.of("region", "dimensions", "stat", "period", "per")),
            "trace", new Kind(Set.of("file"), Set.of("series")));

    private LiveReader() {
    }

    static LiveConfig read(YNode n, List<Layer> layers, java.util.Set<String> brokenLayers) {
        LiveConfig d = LiveConfig.NONE;
        Duration delay = n.duration("delay", d.delay());
        Duration stale = n.longerThanZero("staleAfter", d.staleAfter());
        Duration tick = n.positiveDuration("tick", d.tick());
        OptionalDouble q = n.parse("quantile", ScenarioLoader::quantile).map(OptionalDouble::of)
                .orElse(OptionalDouble.empty());
        if (q.isPresent() && q.getAsDouble() < 0.5) {
            n.get("quantile").ifPresent(x -> x.error("the live controller covers an upper quantile: p50 or above"));
        }
        if (delay.isNegative()) {
            n.get("delay").ifPresent(x -> x.error("must not be negative"));
        }
        if (tick.compareTo(Duration.ofHours(1)) > 0) {
            n.get("tick").ifPresent(x -> x.error("a tick longer than 1h cannot follow an event"));
        }
        Map<String, LiveConfig.Observe> observe = new LinkedHashMap<>();
        n.get("observe").ifPresent(o -> {
            if (!o.isMap()) {
                o.error("expected a map of layer name to metric source");
                return;
            }
            o.entries().forEach((layer, src) -> {
                Layer l = layers.stream().filter(x -> x.name().equals(layer)).findFirst().orElse(null);
                if (l == null && brokenLayers.contains(layer)) {
                    return; // the layer's own error says what is wrong with it
                }
                if (l == null && !layers.isEmpty()) {
                    src.error("no layer '" + layer + "' to observe", "layers: "
                            + String.join(", ", layers.stream().map(Layer::name).toList()));
                    return;
                }
                if (l != null && l.metric() != Metric.RPS) {
                    src.error("layer " + layer + " is sized in Gbps; the live controller follows request rates");
                }
                source(layer, src).ifPresent(s -> observe.put(layer, s));
            });
        });
        if (n.get("observe").isEmpty()) {
            n.error("live: needs observe: (a metric source per layer)", "e.g. observe: {web: {type: trace, file: "
                    + "observed.csv}}");
        }
        java.util.Optional<io.prescale.planner.model.LearnSettings> learn = n.get("learn")
                .flatMap(x -> learn(x, observe, layers));
        n.rejectUnknownKeys();
        return new LiveConfig(observe, q, delay, stale, tick, learn);
    }

    private static java.util.Optional<io.prescale.planner.model.LearnSettings> learn(YNode n,
            Map<String, LiveConfig.Observe> observe, List<Layer> layers) {
        if (!n.isMap()) {
            n.error("expected {structure: structure, into: learned, ...}");
            return java.util.Optional.empty();
        }
        int before = n.diagnostics().errorCount();
        String layer = n.string("layer").orElse(observe.size() == 1 ? observe.keySet().iterator().next() : "");
        if (layer.isEmpty()) {
            n.error("say which observed layer to fit on (layer:)", "observed: " + String.join(", ", observe.keySet()));
        } else if (!observe.containsKey(layer)) {
            n.get("layer").ifPresent(x -> x.error("layer " + layer + " has no metric source in observe:",
                    "the re-fit reads its history from the layer's source"));
        }
        String structure = n.requireString("structure").orElse("");
        String into = n.requireString("into").orElse("");
        for (String k : List.of("structure", "into")) {
            n.get(k).flatMap(YNode::text).filter(t -> t.contains("..") || t.startsWith("/")).ifPresent(t ->
                    n.get(k).get().error(k + " is a folder inside the scenario's folder (got \"" + t + "\")"));
        }
        if (!structure.isEmpty() && structure.equals(into)) {
            n.get("into").ifPresent(x -> x.error("into must not be the structure's folder: a re-fit starts from the "
                    + "structure's priors, never from its own output"));
        }
        Duration history = n.positiveDuration("history", Duration.ofDays(28));
        if (history.compareTo(Duration.ofDays(30)) > 0) {
            n.get("history").ifPresent(x -> x.error("at most 30d of history is read back"));
        }
        Duration cooldown = layers.stream().filter(l -> l.name().equals(layer)).findFirst().map(Layer::cooldown)
                .orElse(Duration.ofMinutes(15));
        Duration after = n.duration("after", cooldown);
        if (after.isNegative()) {
            n.get("after").ifPresent(x -> x.error("must not be negative"));
        }
        java.util.Optional<Duration> halfLife = n.get("halfLife").map(x -> n.positiveDuration("halfLife", Duration.ofDays(7)));
        boolean acceptWorse = n.bool("acceptWorse", false);
        n.rejectUnknownKeys();
        if (n.diagnostics().errorCount() > before) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new io.prescale.planner.model.LearnSettings(layer, structure, into, history, after,
                halfLife, acceptWorse, n.location()));
    }

    private static java.util.Optional<LiveConfig.Observe> source(String layer, YNode src) {
        if (!src.isMap()) {
            src.error("expected a metric source, e.g. {type: prometheus, url: ..., query: ...}");
            return java.util.Optional.empty();
        }
        String type = src.requireString("type").orElse("");
        Kind kind = KINDS.get(type);
        if (kind == null) {
            if (!type.isEmpty()) {
                src.get("type").ifPresent(t -> t.error("unknown metric source type '" + type + "'",
                        "known: cloudwatch, prometheus, trace"));
            }
            return java.util.Optional.empty();
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (String k : kind.required()) {
            src.requireString(k).ifPresent(v -> settings.put(k, v));
        }
        for (String k : kind.optional()) {
            src.string(k).ifPresent(v -> settings.put(k, v));
        }
        if (type.equals("prometheus")) {
            src.get("url").ifPresent(u -> u.text().ifPresent(t -> {
                try {
                    URI uri = URI.create(t);
                    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                        u.error("expected an http(s) URL with a host (got \"" + t + "\")");
                    }
                } catch (IllegalArgumentException e) {
                    u.error("not a URL: \"" + t + "\"");
                }
            }));
            String auth = settings.getOrDefault("auth", "none");
            if (!Set.of("none", "bearer", "basic").contains(auth)) {
                src.get("auth").ifPresent(a -> a.error("auth is none, bearer or basic (got \"" + auth + "\")"));
            } else if (auth.equals("bearer") && !settings.containsKey("tokenEnv")) {
                src.error("auth: bearer needs tokenEnv (the environment variable holding the token)");
            } else if (auth.equals("basic") && (!settings.containsKey("userEnv") || !settings.containsKey("passwordEnv"))) {
                src.error("auth: basic needs userEnv and passwordEnv (the environment variables holding them)");
            }
            src.get("timeout").ifPresent(x -> src.positiveDuration("timeout", Duration.ofSeconds(10)));
        }
        if (type.equals("cloudwatch")) {
            src.get("period").ifPresent(x -> src.positiveDuration("period", Duration.ofMinutes(1)));
            String stat = settings.getOrDefault("stat", "Sum");
            if (!Set.of("Sum", "Average", "Maximum", "Minimum", "SampleCount").contains(stat)
                    && !stat.matches("p\\d{1,2}(\\.\\d+)?")) {
                src.get("stat").ifPresent(s -> s.error("unknown statistic '" + stat + "'",
                        "Sum, Average, Maximum, Minimum, SampleCount or a percentile such as p99"));
            }
            String per = settings.getOrDefault("per", stat.equals("Sum") ? "period" : "value");
            if (!Set.of("period", "value").contains(per)) {
                src.get("per").ifPresent(s -> s.error("per is period (a count per period, divided by its seconds) "
                        + "or value (already a rate)"));
            }
        }
        src.rejectUnknownKeys();
        return java.util.Optional.of(new LiveConfig.Observe(layer, type, settings, src.location()));
    }
}
