package io.prescale.bench;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.prescale.planner.plan.Action;
import io.prescale.planner.plan.Change;
import io.prescale.planner.plan.LayerSummary;
import io.prescale.planner.plan.ObservedState;
import io.prescale.planner.plan.Plan;
import io.prescale.providers.apply.ApplyEngine;
import io.prescale.providers.apply.ApplyOptions;
import io.prescale.providers.apply.ApplyReport;
import io.prescale.providers.apply.AuditLog;
import io.prescale.providers.apply.DefaultProviders;
import io.prescale.providers.aws.FakeAutoScaling;
import io.prescale.providers.spi.ChangeStatus;
import io.prescale.providers.spi.ProviderConfig;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Applies N scale-outs (default 500) to N Auto Scaling groups through the real AWS SDK against WireMock answering
 * in AWS's wire format with a fixed latency per call (default 200 ms), once serially and once with the default
 * parallelism, in the same run, and prints both wall times and their ratio.
 *
 * <pre>scripts/bench-apply [changes] [latency-ms]</pre>
 */
public final class ApplyBench {
    static final Instant NOW = Instant.parse("2026-06-14T18:00:00Z");

    private ApplyBench() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int latency = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        // the default credential chain reads these; nothing leaves this machine
        System.setProperty("aws.accessKeyId", "AKIDEXAMPLE");
        System.setProperty("aws.secretAccessKey", "bench");
        FakeAutoScaling fake = new FakeAutoScaling();
        WireMockServer wm = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1")
                .containerThreads(600).jettyAcceptors(4).asynchronousResponseEnabled(true)
                .asynchronousResponseThreads(600).disableRequestJournal().extensions(fake));
        wm.start();
        try {
            stub(wm, fake, n, latency);
            Plan plan = plan(n);
            System.out.printf(Locale.ROOT, "apply benchmark: %d scale-outs on %d Auto Scaling groups, %d ms per call%n",
                    n, n, latency);
            boolean skipSerial = args.length > 2 && args[2].equals("--parallel-only");
            double serial = skipSerial ? Double.NaN : run(wm, plan, 1);
            groupsAtRest(fake, n);
            double parallel = run(wm, plan, ApplyOptions.DEFAULT_PARALLELISM);
            System.out.printf(Locale.ROOT, "serial (parallelism 1):      %8.2f s%n", serial);
            System.out.printf(Locale.ROOT, "parallel (parallelism %d):  %8.2f s = %.1f round trips of %d ms%n",
                    ApplyOptions.DEFAULT_PARALLELISM, parallel, parallel * 1000 / latency, latency);
            System.out.printf(Locale.ROOT, "speed-up: %.1fx%n", serial / parallel);
        } finally {
            wm.stop();
        }
    }

    private static double run(WireMockServer wm, Plan plan, int parallelism) {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        ProviderConfig config = new ProviderConfig(Optional.empty(), Optional.of("us-east-1"),
                Optional.of(URI.create(wm.baseUrl())), Optional.empty(), Optional.empty(), clock,
                Duration.ofSeconds(30), 3, Map.of());
        ApplyEngine engine = new ApplyEngine(DefaultProviders.registry(), config, AuditLog.none(), clock);
        long t0 = System.nanoTime();
        // no overall deadline short of the serial run (500 changes of several calls each at 200 ms: over 10 minutes)
        ApplyReport r = engine.apply(plan, new ApplyOptions(false, parallelism, Duration.ofSeconds(30),
                Duration.ofHours(3)));
        double s = (System.nanoTime() - t0) / 1e9;
        long applied = r.results().stream().filter(x -> x.status() == ChangeStatus.APPLIED).count();
        if (r.refused() || applied != plan.changes().size()) {
            throw new IllegalStateException("bench apply did not apply every change: " + (r.refused() ? r.refusal()
                    : r.results().stream().filter(x -> x.status() != ChangeStatus.APPLIED).findFirst().orElseThrow()));
        }
        return s;
    }

    /**
     * Each group at 2 instances in the stateful Auto Scaling fake, which keeps what every write set: the provider
     * reads its writes back (tags, bounds, desired) and fails a change whose write did not take. Every answer comes
     * after the latency.
     */
    private static void stub(WireMockServer wm, FakeAutoScaling fake, int n, int latency) {
        groupsAtRest(fake, n);
        wm.stubFor(FakeAutoScaling.answersAll());
        wm.setGlobalFixedDelay(latency);
    }

    /** Every group back at 2 instances, untagged: each run applies every change from the same start. */
    private static void groupsAtRest(FakeAutoScaling fake, int n) {
        fake.reset();
        for (int i = 0; i < n; i++) {
            fake.put(name(i), 2, 100, 2, Map.of());
        }
    }

    private static String name(int i) {
        return "bench-asg-" + i;
    }

    private static Plan plan(int n) {
        List<LayerSummary> layers = new ArrayList<>();
        List<Change> changes = new ArrayList<>();
        Map<String, Integer> observed = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String layer = "layer-" + i;
            layers.add(new LayerSummary(layer, "instances", "aws-asg", name(i), Map.of("region", "us-east-1"), 1000,
                    0, 10, 10, 2, 100, NOW, "bench", Map.of()));
            changes.add(new Change(layer, "aws-asg", name(i), Action.SCALE_OUT, NOW.minusSeconds(60), NOW.plusSeconds(600),
                    2, 10, "instances", List.of(), "bench"));
            observed.put(layer, 2);
        }
        return new Plan(Plan.FORMAT_VERSION, "bench", NOW, NOW, "sha256:bench", List.of(), 0.9, Duration.ofHours(1),
                new ObservedState("bench", NOW, observed), true, List.of(), layers, changes, List.of());
    }
}
