package io.prescale.planner;

import io.prescale.planner.model.Scenario;
import io.prescale.planner.plan.ObservedState;
import io.prescale.planner.plan.Planner;
import io.prescale.planner.scenario.ScenarioLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Writes small scenario folders for tests and plans them. */
public final class TestScenarios {
    /**
     * Pods of 500m cpu and 1Gi on nodes of 3920m and 14Gi allocatable with 300m and 600Mi taken by per-node agents
     * (7 pods a node, cpu-bound), for one final of 1M viewers (10k rps, 100 pods).
     */
    public static final String NODE_POOL = """
            name: nodes
            zone: UTC
            plan: {from: 2026-06-01T00:00:00Z, quantile: p90}
            events:
              - id: FINAL
                stage: final
                teams: [Alpha, Beta]
                kickoff: 2026-06-01T19:00:00Z
            audience:
              base: {p50: 1M, p90: 1M}
            layers:
              - name: web
                unit: pods
                rpsPerUnit: 100rps
                headroom: 0%
                min: 10
                max: 1000
                warmup: 2m
                leadTime: 3m
                cooldown: 10m
                terms:
                  - {type: per-viewer, every: 100s}
              - name: web-nodes
                unit: nodes
                headroom: 10%
                min: 2
                max: 200
                warmup: 6m
                leadTime: 2m
                cooldown: 10m
                carries:
                  layer: web
                  requests: {cpu: 500m, memory: 1Gi}
                  allocatable: {cpu: 3920m, memory: 14Gi}
                  overhead: {cpu: 300m, memory: 600Mi}
            baseline: {web: 10, web-nodes: 2}
            """;

    private TestScenarios() {
    }

    /** Writes {@code files} (name -> content) into {@code dir} and returns it. */
    public static Path write(Path dir, Map<String, String> files) {
        try {
            for (var e : files.entrySet()) {
                Path p = dir.resolve(e.getKey());
                Files.createDirectories(p.getParent());
                Files.writeString(p, e.getValue());
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Scenario load(Path dir) {
        return ScenarioLoader.load(dir, Optional.empty(), Instant.EPOCH);
    }

    public static Planner.Result plan(Scenario s) {
        Instant at = ScenarioLoader.effectiveAt(s, Optional.empty(), Instant.EPOCH);
        return Planner.plan(s, at, Instant.EPOCH, new ObservedState("baseline", at, s.baseline()));
    }

    /** One layer, one event: the smallest useful scenario, with the given pieces substituted. */
    public static String scenario(String events, String layers, String extra) {
        return """
                name: test
                zone: UTC
                plan: {from: 2026-06-01T00:00:00Z}
                events:
                %s
                audience:
                  base: {p50: 1M, p90: 1M}
                layers:
                %s
                %s
                """.formatted(indent(events), indent(layers), extra);
    }

    private static String indent(String s) {
        return s.lines().map(l -> "  " + l).reduce((a, b) -> a + "\n" + b).orElse("");
    }

    /**
     * A path that exists but is no regular file, for tests of input files: {@code "a directory"}, {@code "a FIFO"}
     * (made at {@code at}) or {@code "/dev/zero"}. Skips the test where the system has no FIFOs or no /dev/zero.
     */
    public static Path notARegularFile(String kind, Path at) {
        try {
            switch (kind) {
                case "a directory" -> Files.createDirectories(at);
                case "a FIFO" -> org.junit.jupiter.api.Assumptions.assumeTrue(
                        new ProcessBuilder("mkfifo", at.toString()).start().waitFor() == 0, "mkfifo");
                case "/dev/zero" -> {
                    Path zero = Path.of("/dev/zero");
                    org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(zero), "/dev/zero");
                    return zero;
                }
                default -> throw new IllegalArgumentException(kind);
            }
            return at;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
