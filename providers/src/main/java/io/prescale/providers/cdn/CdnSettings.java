package io.prescale.providers.cdn;

import com.fasterxml.jackson.core.JsonPointer;
import io.prescale.planner.model.Quantities;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * A {@code cdn} target's settings, parsed once and validated (see the package documentation for each setting).
 *
 * @param provider               {@code cloudfront}, {@code akamai}, {@code fastly}, {@code generic}, ... (lower case)
 * @param capacityGbps           the contracted or quota bandwidth
 * @param capacityRps            the contracted or quota request rate, when known
 * @param headroom               part of the capacity never planned into, 0 to below 1
 * @param peakRps                the forecast request rate at the CDN, when given
 * @param metrics                where the recently observed peak is read, when configured
 * @param observedIsOtherTraffic whether the observed peak is subtracted from what is available
 */
record CdnSettings(String provider, Limit capacityGbps, Optional<Limit> capacityRps, double headroom,
                   OptionalDouble peakRps, Optional<JsonMetricEndpoint> metrics, boolean observedIsOtherTraffic) {

    static final String PROVIDER = "provider";
    static final String CAPACITY_GBPS = "capacityGbps";
    static final String CAPACITY_RPS = "capacityRps";
    static final String HEADROOM = "headroom";
    static final String PEAK_RPS = "peakRps";
    static final String METRICS_URL = "metricsUrl";
    static final String METRICS_POINTER = "metricsPointer";
    static final String METRICS_UNIT = "metricsUnit";
    static final String METRICS_AUTH_HEADER = "metricsAuthHeader";
    static final String METRICS_TOKEN_ENV = "metricsTokenEnv";
    static final String OBSERVED_IS_OTHER_TRAFFIC = "observedIsOtherTraffic";

    static final String CLOUDFRONT = "cloudfront";
    /** CloudFront's default quota: data transfer rate per distribution (adjustable through Service Quotas). */
    static final double CLOUDFRONT_DEFAULT_GBPS = 150;
    /** CloudFront's default quota: requests per second per distribution (adjustable through Service Quotas). */
    static final double CLOUDFRONT_DEFAULT_RPS = 250_000;

    /**
     * A capacity and where it comes from.
     *
     * @param basis how a message names it: {@code contracted} or {@code default CloudFront quota}
     */
    record Limit(double value, String basis) {
    }

    /** The outcome of parsing: the settings, or every problem found (one run reports all of them). */
    sealed interface Parsed permits Valid, Invalid {
    }

    record Valid(CdnSettings settings) implements Parsed {
    }

    record Invalid(List<String> problems) implements Parsed {
        Invalid {
            problems = List.copyOf(problems);
        }
    }

    boolean isCloudFront() {
        return provider.equals(CLOUDFRONT);
    }

    static Parsed parse(Map<String, String> settings) {
        var reader = new Reader(settings);
        String provider = reader.text(PROVIDER).map(s -> s.toLowerCase(Locale.ROOT)).orElse("generic");
        boolean cloudFront = provider.equals(CLOUDFRONT);

        Optional<Double> gbps = reader.positive(CAPACITY_GBPS, CdnSettings::gbps);
        Limit capacityGbps = null;
        if (gbps.isPresent()) {
            capacityGbps = new Limit(gbps.get(), "contracted");
        } else if (cloudFront && !settings.containsKey(CAPACITY_GBPS)) {
            capacityGbps = new Limit(CLOUDFRONT_DEFAULT_GBPS, "default CloudFront quota");
        } else if (!settings.containsKey(CAPACITY_GBPS)) {
            reader.problems.add(CAPACITY_GBPS + " is not set: give the contracted or quota bandwidth, e.g. 3000 or "
                    + "3Tbps (only provider cloudfront has a default, 150 Gbps); provider is " + provider);
        }

        Optional<Limit> capacityRps = reader.positive(CAPACITY_RPS, CdnSettings::rps)
                .map(v -> new Limit(v, "contracted"));
        if (capacityRps.isEmpty() && cloudFront && !settings.containsKey(CAPACITY_RPS)) {
            capacityRps = Optional.of(new Limit(CLOUDFRONT_DEFAULT_RPS, "default CloudFront quota"));
        }

        double headroom = reader.value(HEADROOM, Quantities::fraction).orElse(0.0);
        if (!(headroom >= 0 && headroom < 1)) {
            reader.problems.add(HEADROOM + " must be from 0% to below 100% (got \"" + settings.get(HEADROOM) + "\")");
        }
        Optional<Double> peakRps = reader.value(PEAK_RPS, CdnSettings::rps);
        if (peakRps.isPresent() && peakRps.get() < 0) {
            reader.problems.add(PEAK_RPS + " must not be negative (got \"" + settings.get(PEAK_RPS) + "\")");
        }
        boolean other = reader.value(OBSERVED_IS_OTHER_TRAFFIC, CdnSettings::bool).orElse(false);
        Optional<JsonMetricEndpoint> metrics = metrics(reader);

        if (!reader.problems.isEmpty()) {
            return new Invalid(reader.problems);
        }
        return new Valid(new CdnSettings(provider, capacityGbps, capacityRps, headroom,
                peakRps.map(OptionalDouble::of).orElse(OptionalDouble.empty()), metrics, other));
    }

    private static Optional<JsonMetricEndpoint> metrics(Reader reader) {
        Optional<String> url = reader.text(METRICS_URL);
        Optional<String> pointer = reader.text(METRICS_POINTER);
        Optional<String> header = reader.text(METRICS_AUTH_HEADER);
        Optional<String> tokenEnv = reader.text(METRICS_TOKEN_ENV);
        Optional<BandwidthUnit> unit = reader.value(METRICS_UNIT, s -> BandwidthUnit.parse(s).orElseThrow(
                () -> new IllegalArgumentException("expected gbps, mbps or bps (got \"" + s + "\")")));
        if (url.isEmpty()) {
            for (String k : List.of(METRICS_POINTER, METRICS_AUTH_HEADER, METRICS_TOKEN_ENV, METRICS_UNIT)) {
                if (reader.settings.containsKey(k)) {
                    reader.problems.add(k + " is set but " + METRICS_URL + " is not");
                }
            }
            return Optional.empty();
        }
        int before = reader.problems.size();
        URI uri = null;
        try {
            uri = new URI(url.get());
            if (!uri.isAbsolute() || !("http".equalsIgnoreCase(uri.getScheme())
                    || "https".equalsIgnoreCase(uri.getScheme())) || uri.getHost() == null) {
                reader.problems.add(METRICS_URL + " must be an absolute http or https URL");
            } else if (uri.getRawUserInfo() != null) {
                // the problem text names neither the URL nor its user info: it holds a credential
                reader.problems.add(METRICS_URL + " must not carry credentials: put the header value in the "
                        + "environment variable named by " + METRICS_TOKEN_ENV);
            }
        } catch (URISyntaxException e) {
            reader.problems.add(METRICS_URL + " is not a valid URL: " + e.getReason());
        }
        JsonPointer ptr = null;
        if (pointer.isEmpty()) {
            reader.problems.add(METRICS_POINTER + " is not set: give the JSON pointer to the observed peak, e.g. "
                    + "/data/peakGbps");
        } else {
            try {
                ptr = JsonPointer.compile(pointer.get());
            } catch (IllegalArgumentException e) {
                reader.problems.add(METRICS_POINTER + " is not a JSON pointer (e.g. /data/peakGbps): \""
                        + pointer.get() + "\"");
            }
        }
        Optional<JsonMetricEndpoint.Auth> auth = Optional.empty();
        if (header.isPresent() != tokenEnv.isPresent()) {
            reader.problems.add(METRICS_AUTH_HEADER + " and " + METRICS_TOKEN_ENV + " go together: give both or "
                    + "neither");
        } else if (header.isPresent()) {
            if (!validHeaderName(header.get())) {
                reader.problems.add(METRICS_AUTH_HEADER + " is not a header the client may send: \"" + header.get()
                        + "\"");
            } else {
                auth = Optional.of(new JsonMetricEndpoint.Auth(header.get(), tokenEnv.get()));
            }
        }
        if (reader.problems.size() > before || uri == null || ptr == null) {
            return Optional.empty();
        }
        return Optional.of(new JsonMetricEndpoint(uri, auth, ptr, unit.orElse(BandwidthUnit.GBPS)));
    }

    /** Lets the HTTP client judge: it refuses malformed names and the ones it sets itself ({@code Host}). */
    private static boolean validHeaderName(String name) {
        try {
            HttpRequest.newBuilder(URI.create("http://localhost/")).header(name, "x");
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** {@code 3000} (Gbps) or a bandwidth with its unit: {@code 3Tbps}, {@code 150Gbps}. */
    static double gbps(String s) {
        String t = s.strip().replace(",", "").replace("_", "");
        if (t.matches("\\d+(\\.\\d+)?")) {
            return Double.parseDouble(t);
        }
        return Quantities.bitsPerSecond(t) / 1e9;
    }

    /** {@code 250000}, {@code 250k} or a rate {@code 250krps}. */
    static double rps(String s) {
        String t = s.strip().replace(",", "");
        return t.matches("(?i).*(rps|/s)$") ? Quantities.rate(t) : Quantities.count(t);
    }

    private static boolean bool(String s) {
        return switch (s.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes" -> true;
            case "false", "no" -> false;
            default -> throw new IllegalArgumentException("expected true or false (got \"" + s + "\")");
        };
    }

    /** Reads settings, collecting a problem per bad value instead of stopping at the first. */
    private static final class Reader {
        final Map<String, String> settings;
        final List<String> problems = new ArrayList<>();

        Reader(Map<String, String> settings) {
            this.settings = settings;
        }

        Optional<String> text(String key) {
            String v = settings.get(key);
            return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
        }

        <T> Optional<T> value(String key, Function<String, T> parse) {
            Optional<String> v = text(key);
            if (v.isEmpty()) {
                if (settings.containsKey(key)) {
                    problems.add(key + " is empty");
                }
                return Optional.empty();
            }
            try {
                return Optional.of(parse.apply(v.get()));
            } catch (IllegalArgumentException e) {
                problems.add(key + ": " + e.getMessage());
                return Optional.empty();
            }
        }

        Optional<Double> positive(String key, Function<String, Double> parse) {
            Optional<Double> v = value(key, parse);
            if (v.isPresent() && !(v.get() > 0)) {
                problems.add(key + " must be greater than zero (got \"" + settings.get(key) + "\")");
                return Optional.empty();
            }
            return v;
        }
    }
}
