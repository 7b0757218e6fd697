package io.prescale.providers.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prescale.providers.spi.ProviderDiagnostic;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A PromQL query per layer through Prometheus's HTTP API ({@code GET /api/v1/query_range}, step 60 s). The query
 * must return one series (aggregate with {@code sum(...)}); none or several is an error for that read. Credentials
 * come from environment variables named in the scenario (bearer token, or user and password for basic auth) and
 * are sent only in the Authorization header, never in a message.
 */
public final class PrometheusSource implements MetricSource {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String query;
    private final Map<String, String> settings;
    private final Map<String, String> env;
    private final Clock clock;
    private final HttpClient http;

    public PrometheusSource(URI base, String query, Map<String, String> settings, Map<String, String> env,
                            Clock clock) {
        this.base = Objects.requireNonNull(base, "base");
        this.query = Objects.requireNonNull(query, "query");
        this.settings = Map.copyOf(settings);
        this.env = Map.copyOf(env);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public String type() {
        return "prometheus";
    }

    @Override
    public String describe() {
        return base + " " + query;
    }

    @Override
    public MetricRead read(MetricQuery q) {
        String resource = "prometheus " + q.layer();
        Samples samples = new Samples(q, resource);
        List<ProviderDiagnostic> diags = new ArrayList<>();
        Optional<String> auth;
        try {
            auth = authorization();
        } catch (IllegalStateException e) {
            diags.add(ProviderDiagnostic.error(resource, e.getMessage(), "set it in the environment of prescale",
                    "credentials"));
            return samples.done(diags);
        }
        String path = base.toString().replaceAll("/+$", "") + "/api/v1/query_range?query="
                + URLEncoder.encode(query, StandardCharsets.UTF_8) + "&start=" + q.fromMinute() * 60 + "&end="
                + (q.toMinute() - 1) * 60 + "&step=60";
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(path)).GET().timeout(q.timeout())
                .header("Accept", "application/json");
        auth.ifPresent(a -> b.header("Authorization", a));
        HttpResponse<String> resp;
        try {
            resp = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            diags.add(ProviderDiagnostic.error(resource, "no answer from " + base + " within " + q.timeout().toSeconds()
                    + " s", "", "timeout"));
            return samples.done(diags);
        } catch (IOException e) {
            diags.add(ProviderDiagnostic.error(resource, "cannot reach " + base + ": " + e.getClass().getSimpleName()
                    .replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT)
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), "", "unreachable"));
            return samples.done(diags);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            diags.add(ProviderDiagnostic.error(resource, "interrupted", "", "interrupted"));
            return samples.done(diags);
        }
        JsonNode root;
        try {
            root = JSON.readTree(resp.body());
        } catch (IOException e) {
            diags.add(ProviderDiagnostic.error(resource, "HTTP " + resp.statusCode() + " from " + base
                    + " is not Prometheus JSON", abbreviate(resp.body()), "malformed"));
            return samples.done(diags);
        }
        if (root == null || !"success".equals(root.path("status").asText())) {
            String why = root == null ? "" : root.path("errorType").asText("") + ": " + root.path("error").asText("");
            diags.add(ProviderDiagnostic.error(resource, "HTTP " + resp.statusCode() + ": query failed " + why.strip(),
                    "query: " + query, "query"));
            return samples.done(diags);
        }
        JsonNode result = root.path("data").path("result");
        if (!"matrix".equals(root.path("data").path("resultType").asText()) || !result.isArray()) {
            diags.add(ProviderDiagnostic.error(resource, "expected a range vector (matrix), got "
                    + root.path("data").path("resultType").asText("nothing"), "query: " + query, "malformed"));
            return samples.done(diags);
        }
        if (result.isEmpty()) {
            diags.add(ProviderDiagnostic.error(resource, "the query returned no series", "query: " + query
                    + "; check the metric name and labels", "empty"));
            return samples.done(diags);
        }
        if (result.size() > 1) {
            diags.add(ProviderDiagnostic.error(resource, "the query returned " + result.size() + " series; one is "
                    + "needed", "aggregate them, e.g. sum(" + query + ")", "several"));
            return samples.done(diags);
        }
        long now = clock.instant().getEpochSecond();
        for (JsonNode v : result.get(0).path("values")) {
            if (!v.isArray() || v.size() != 2) {
                continue;
            }
            samples.add((long) Math.floor(v.get(0).asDouble()), parse(v.get(1).asText()), now);
        }
        return samples.done(diags);
    }

    /** Prometheus writes values as strings, with NaN and +Inf spelled its own way. */
    static double parse(String s) {
        return switch (s) {
            case "NaN" -> Double.NaN;
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> {
                try {
                    yield Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    yield Double.NaN;
                }
            }
        };
    }

    private Optional<String> authorization() {
        String auth = settings.getOrDefault("auth", "none");
        return switch (auth) {
            case "bearer" -> Optional.of("Bearer " + secret("tokenEnv"));
            case "basic" -> Optional.of("Basic " + Base64.getEncoder().encodeToString((secret("userEnv") + ":"
                    + secret("passwordEnv")).getBytes(StandardCharsets.UTF_8)));
            default -> Optional.empty();
        };
    }

    private String secret(String key) {
        String name = settings.get(key);
        String v = name == null ? null : env.get(name);
        if (v == null || v.isEmpty()) {
            throw new IllegalStateException("environment variable " + name + " (" + key + ") is not set");
        }
        return v;
    }

    private static String abbreviate(String s) {
        String t = s == null ? "" : s.strip().replaceAll("\\s+", " ");
        return t.length() > 120 ? t.substring(0, 120) + "..." : t;
    }
}
