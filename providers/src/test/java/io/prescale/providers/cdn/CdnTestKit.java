package io.prescale.providers.cdn;

import io.prescale.planner.model.Target;
import io.prescale.planner.plan.Action;
import io.prescale.planner.plan.Change;
import io.prescale.providers.spi.ChangeRequest;
import io.prescale.providers.spi.ProviderConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builders for the CDN tests: targets, checks, configs and fixtures from {@code src/test/resources/cdn/}. */
final class CdnTestKit {
    static final String DISTRIBUTION = "E2QWRUHAPOMQZL";
    static final String TOKEN_ENV = "CDN_METRICS_TOKEN";
    static final String TOKEN = "Bearer pz7-S3cr3t-Token-9f81";
    static final Instant NOW = Instant.parse("2026-07-11T12:00:00Z");

    private CdnTestKit() {
    }

    static ProviderConfig config(Duration callTimeout) {
        return new ProviderConfig(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Clock.fixed(NOW, ZoneOffset.UTC), callTimeout, 3, Map.of(TOKEN_ENV, TOKEN));
    }

    static ProviderConfig config() {
        return config(Duration.ofSeconds(5));
    }

    /** A provider with a short retry backoff, so retry tests stay fast. */
    static CdnProvider provider(ProviderConfig config) {
        return new CdnProvider(config, Duration.ofMillis(20));
    }

    static Target target(Map<String, String> settings) {
        return new Target(CdnTarget.SPEC, DISTRIBUTION, settings);
    }

    static Change change(Action action, int from, int to) {
        return new Change("cdn", "cdn", DISTRIBUTION, action, NOW, NOW.plusSeconds(7200), from, to,
                "gbps", List.of("final"), "peak 1.8T Gbps at 19:45Z");
    }

    static ChangeRequest check(int neededGbps, Map<String, String> settings) {
        return check(neededGbps, settings, false);
    }

    static ChangeRequest check(int neededGbps, Map<String, String> settings, boolean dryRun) {
        return new ChangeRequest(change(Action.CHECK, 3000, neededGbps), target(settings), 0, 3000, "sha256:abc",
                dryRun, Duration.ofSeconds(10));
    }

    static String fixture(String name) {
        try (InputStream in = CdnTestKit.class.getResourceAsStream("/cdn/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture /cdn/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
