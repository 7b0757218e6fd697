package io.prescale.providers.cdn;

import io.prescale.planner.diag.Severity;
import io.prescale.planner.model.CapacityUnit;
import io.prescale.planner.model.Target;
import io.prescale.planner.plan.Action;
import io.prescale.planner.plan.Change;
import io.prescale.providers.cdn.JsonMetricEndpoint.Reading;
import io.prescale.providers.spi.CapacityProvider;
import io.prescale.providers.spi.ChangeRequest;
import io.prescale.providers.spi.ChangeResponse;
import io.prescale.providers.spi.ChangeStatus;
import io.prescale.providers.spi.ObserveRequest;
import io.prescale.providers.spi.ObserveResponse;
import io.prescale.providers.spi.Observation;
import io.prescale.providers.spi.ProviderConfig;
import io.prescale.providers.spi.ProviderDiagnostic;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code cdn} provider: observes a CDN's capacity and recently observed peak, and evaluates the plan's
 * {@code CHECK} changes against it. It never changes the CDN; its only remote call is the optional metrics read.
 */
final class CdnProvider implements CapacityProvider {
    private final ProviderConfig config;
    private final Duration retryBackoff;
    private HttpClient http;

    CdnProvider(ProviderConfig config) {
        this(config, JsonMetricEndpoint.DEFAULT_BACKOFF);
    }

    CdnProvider(ProviderConfig config, Duration retryBackoff) {
        this.config = Objects.requireNonNull(config, "config");
        this.retryBackoff = Objects.requireNonNull(retryBackoff, "retryBackoff");
    }

    @Override
    public String type() {
        return CdnTarget.SPEC.id();
    }

    @Override
    public ObserveResponse observe(ObserveRequest request) {
        String resource = resource(request.target());
        CdnSettings s;
        switch (CdnSettings.parse(request.target().settings())) {
            case CdnSettings.Invalid(List<String> problems) -> {
                return new ObserveResponse(request.layer(), resource, Optional.empty(), invalid(resource, problems));
            }
            case CdnSettings.Valid(CdnSettings valid) -> s = valid;
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("provider", s.provider());
        details.put("capacity", Amounts.format(s.capacityGbps().value()) + " Gbps (" + s.capacityGbps().basis() + ")");
        s.capacityRps().ifPresent(r -> details.put("capacityRps", Amounts.format(r.value()) + " rps (" + r.basis() + ")"));
        List<ProviderDiagnostic> diagnostics = new ArrayList<>();
        int floor = 0;
        switch (observedPeak(s, resource, deadline(request.timeout()), diagnostics)) {
            case Peak.NotConfigured n -> {
                details.put("observedPeak", "not configured");
                details.put("source", "none (no " + CdnSettings.METRICS_URL + ")");
            }
            case Peak.Read(double gbps, String source) -> {
                floor = clamp(Math.ceil(Amounts.clean(gbps)));
                details.put("observedPeak", Amounts.format(gbps) + " Gbps");
                details.put("source", source);
            }
            case Peak.Unavailable(String source) -> {
                details.put("observedPeak", "unavailable");
                details.put("source", source);
            }
        }
        var o = new Observation(clamp(Math.floor(s.capacityGbps().value())), floor, details, config.clock().instant());
        return new ObserveResponse(request.layer(), resource, Optional.of(o), diagnostics);
    }

    @Override
    public ChangeResponse apply(ChangeRequest request) {
        Change change = request.change();
        String layer = change.layer();
        String resource = resource(request.target());
        if (change.action() == Action.NO_OP) {
            return new ChangeResponse(layer, resource, ChangeStatus.UNCHANGED, change.from(), change.to(),
                    "nothing to check: " + change.reason(), Map.of(), List.of());
        }
        if (change.action() != Action.CHECK) {
            return ChangeResponse.failed(layer, resource, change.from(), "a CDN is not scaled by prescale",
                    ProviderDiagnostic.error(resource, "a CDN is not scaled by prescale: " + change.action() + " "
                            + change.from() + " -> " + change.to() + " " + change.unit() + " refused",
                            "only CHECK and NO_OP changes apply to a cdn target", ""));
        }
        if (!request.target().type().equals(CdnTarget.SPEC.id()) || !CapacityUnit.GBPS.id().equals(change.unit())) {
            return ChangeResponse.failed(layer, resource, change.from(), "not a CDN bandwidth check",
                    ProviderDiagnostic.error(resource, "the cdn provider checks Gbps on cdn targets, got "
                            + request.target().type() + " in " + change.unit(), "", ""));
        }
        CdnSettings s;
        switch (CdnSettings.parse(request.target().settings())) {
            case CdnSettings.Invalid(List<String> problems) -> {
                return new ChangeResponse(layer, resource, ChangeStatus.FAILED, change.from(), change.from(),
                        "target settings are invalid: " + String.join("; ", problems), Map.of(),
                        invalid(resource, problems));
            }
            case CdnSettings.Valid(CdnSettings valid) -> s = valid;
        }
        return check(request, s, resource);
    }

    private ChangeResponse check(ChangeRequest request, CdnSettings s, String resource) {
        Change change = request.change();
        Map<String, String> details = new LinkedHashMap<>();
        List<ProviderDiagnostic> diagnostics = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        details.put("provider", s.provider());

        double other = 0;
        String observedNote = "";
        ChangeStatus status = ChangeStatus.PASSED;
        switch (observedPeak(s, resource, deadline(request.timeout()), diagnostics)) {
            case Peak.NotConfigured n -> details.put("observedPeak", "not configured");
            case Peak.Read(double gbps, String source) -> {
                details.put("observedPeak", Amounts.format(gbps) + " Gbps");
                details.put("source", source);
                if (s.observedIsOtherTraffic()) {
                    other = gbps;
                } else {
                    observedNote = Amounts.format(gbps) + " Gbps observed recently (reported only)";
                }
            }
            case Peak.Unavailable(String source) -> {
                details.put("observedPeak", "unavailable");
                details.put("source", source);
                observedNote = "observed peak unavailable from " + source
                        + (s.observedIsOtherTraffic() ? ", other traffic not subtracted" : "");
                status = ChangeStatus.WARNED;
            }
        }

        var gbps = new CapacityCheck("Gbps", change.to(), s.capacityGbps(), s.headroom(), other);
        status = worse(status, gbps.status());
        messages.add(gbps.message());
        details.put("neededGbps", Amounts.format(gbps.needed()));
        details.put("capacityGbps", Amounts.format(s.capacityGbps().value()) + " (" + s.capacityGbps().basis() + ")");
        details.put("headroom", Amounts.percent(s.headroom()));
        details.put("availableGbps", Amounts.format(gbps.available()));

        if (s.capacityRps().isPresent() && s.peakRps().isPresent()) {
            var rps = new CapacityCheck("rps", s.peakRps().getAsDouble(), s.capacityRps().get(), s.headroom(), 0);
            status = worse(status, rps.status());
            messages.add(rps.message());
            details.put("neededRps", Amounts.format(rps.needed()));
            details.put("capacityRps", Amounts.format(rps.capacity().value()) + " (" + rps.capacity().basis() + ")");
            details.put("availableRps", Amounts.format(rps.available()));
        } else {
            details.put("rpsCheck", s.peakRps().isEmpty() ? "not run: no " + CdnSettings.PEAK_RPS
                    : "not run: no " + CdnSettings.CAPACITY_RPS);
        }
        if (!observedNote.isEmpty()) {
            messages.add(observedNote);
        }
        if (request.dryRun()) {
            details.put("dryRun", "evaluated: a check only reads");
        }
        int units = clamp(Math.floor(s.capacityGbps().value()));
        return new ChangeResponse(change.layer(), resource, status, units, units, String.join("; ", messages),
                details, diagnostics);
    }

    /** The recently observed peak, if an endpoint is configured; a failure adds a warning to {@code diagnostics}. */
    private Peak observedPeak(CdnSettings s, String resource, Duration timeout, List<ProviderDiagnostic> diagnostics) {
        if (s.metrics().isEmpty()) {
            return new Peak.NotConfigured();
        }
        JsonMetricEndpoint endpoint = s.metrics().get();
        String source = endpoint.describe() + " " + endpoint.pointer();
        return switch (endpoint.read(http(), config.env(), timeout, retryBackoff)) {
            case Reading.Value(double gbps) -> new Peak.Read(gbps, source);
            case Reading.Unavailable(String problem, String code) -> {
                diagnostics.add(new ProviderDiagnostic(Severity.WARNING, resource,
                        "cannot read the observed peak from " + endpoint.describe() + ": " + problem,
                        "the configured capacity is used without it", code));
                yield new Peak.Unavailable(source);
            }
        };
    }

    /** What is known of the recently observed peak. */
    private sealed interface Peak {
        record NotConfigured() implements Peak {
        }

        record Read(double gbps, String source) implements Peak {
        }

        record Unavailable(String source) implements Peak {
        }
    }

    private Duration deadline(Duration requestTimeout) {
        Duration call = config.callTimeout();
        return call == null || requestTimeout.compareTo(call) < 0 ? requestTimeout : call;
    }

    private synchronized HttpClient http() {
        if (http == null) {
            // redirects are not followed: the credential header must not go to another host
            http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(deadline(Duration.ofSeconds(30)))
                    .build();
        }
        return http;
    }

    @Override
    public synchronized void close() {
        if (http != null) {
            http.close();
            http = null;
        }
    }

    private static List<ProviderDiagnostic> invalid(String resource, List<String> problems) {
        return problems.stream().map(p -> ProviderDiagnostic.error(resource, "cdn target setting: " + p, "",
                "InvalidSetting")).toList();
    }

    private static ChangeStatus worse(ChangeStatus a, ChangeStatus b) {
        return rank(b) > rank(a) ? b : a;
    }

    private static int rank(ChangeStatus s) {
        return switch (s) {
            case FAILED -> 2;
            case WARNED -> 1;
            default -> 0;
        };
    }

    private static int clamp(double v) {
        return v >= Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) Math.max(0, v);
    }

    private static String resource(Target t) {
        return t.name().isEmpty() ? CdnTarget.SPEC.id() : t.name();
    }
}
