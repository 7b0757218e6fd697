package io.prescale.providers.cdn;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads one bandwidth figure from any CDN's HTTP/JSON API: a GET to {@code url}, an optional credential header
 * whose value comes from an environment variable, and a JSON pointer to the number. This is how a CDN without a
 * dedicated client is plugged in.
 *
 * <p>Every read has one deadline for all its attempts; a 5xx or 429 answer is retried once after a short backoff
 * if the deadline allows. Failures are returned as {@link Reading.Unavailable}, never thrown. The credential
 * never leaves this class: problems and {@link #describe()} name the URL without its query string, and any text
 * built here has the credential masked in case a server or exception echoes it.
 */
final class JsonMetricEndpoint {
    static final Duration DEFAULT_BACKOFF = Duration.ofMillis(250);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY_BYTES = 1 << 20;

    /** A credential header: its name, and the environment variable holding its whole value. */
    record Auth(String header, String tokenEnv) {
        Auth {
            Objects.requireNonNull(header, "header");
            Objects.requireNonNull(tokenEnv, "tokenEnv");
        }
    }

    /** What a read gave. */
    sealed interface Reading permits Reading.Value, Reading.Unavailable {
        /** The figure, converted to Gbps. */
        record Value(double gbps) implements Reading {
        }

        /**
         * Why there is no figure.
         *
         * @param problem what went wrong, for a diagnostic (no credential)
         * @param code    {@code HTTP 500}, {@code timeout}, {@code bad-json}, {@code no-value}, ...
         */
        record Unavailable(String problem, String code) implements Reading {
        }
    }

    private final URI url;
    private final Optional<Auth> auth;
    private final JsonPointer pointer;
    private final BandwidthUnit unit;

    JsonMetricEndpoint(URI url, Optional<Auth> auth, JsonPointer pointer, BandwidthUnit unit) {
        this.url = Objects.requireNonNull(url, "url");
        this.auth = Objects.requireNonNull(auth, "auth");
        this.pointer = Objects.requireNonNull(pointer, "pointer");
        this.unit = Objects.requireNonNull(unit, "unit");
    }

    /** The URL as reports may show it: no user info, no query string (either may hold a credential). */
    String describe() {
        String port = url.getPort() < 0 ? "" : ":" + url.getPort();
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        return url.getScheme() + "://" + url.getHost() + port + path + (url.getRawQuery() == null ? "" : "?...");
    }

    String pointer() {
        return pointer.toString();
    }

    Reading read(HttpClient http, Map<String, String> env, Duration timeout) {
        return read(http, env, timeout, DEFAULT_BACKOFF);
    }

    /**
     * Reads the figure within {@code timeout}, all attempts included.
     *
     * @param env     where the credential's environment variable is looked up
     * @param backoff wait before the one retry of a 5xx or 429 answer
     */
    Reading read(HttpClient http, Map<String, String> env, Duration timeout, Duration backoff) {
        Optional<String> token = Optional.empty();
        if (auth.isPresent()) {
            String v = env.get(auth.get().tokenEnv());
            if (v == null || v.isBlank()) {
                return new Reading.Unavailable("environment variable " + auth.get().tokenEnv()
                        + " (metricsTokenEnv) is not set", "no-token");
            }
            token = Optional.of(v);
        }
        Reading r = attempt(http, token, timeout, backoff);
        return token.isPresent() && r instanceof Reading.Unavailable(String problem, String code)
                ? new Reading.Unavailable(mask(problem, token.get()), code) : r;
    }

    private Reading attempt(HttpClient http, Optional<String> token, Duration timeout, Duration backoff) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int attempt = 1; ; attempt++) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return new Reading.Unavailable("no answer within " + millis(timeout), "timeout");
            }
            HttpRequest.Builder b = HttpRequest.newBuilder(url).GET().timeout(Duration.ofNanos(left))
                    .header("Accept", "application/json");
            if (token.isPresent()) {
                b.header(auth.orElseThrow().header(), token.get());
            }
            HttpResponse<byte[]> resp;
            // the request timeout covers the headers; waiting on the future bounds the body too, and cancels
            CompletableFuture<HttpResponse<byte[]>> call =
                    http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            try {
                resp = call.get(left, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                call.cancel(true);
                return new Reading.Unavailable("no answer within " + millis(timeout), "timeout");
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof HttpTimeoutException) {
                    return new Reading.Unavailable("no answer within " + millis(timeout), "timeout");
                }
                return new Reading.Unavailable("request failed: " + cause.getClass().getSimpleName()
                        + (cause.getMessage() == null ? "" : " " + cause.getMessage()), "io");
            } catch (InterruptedException e) {
                call.cancel(true);
                Thread.currentThread().interrupt();
                return new Reading.Unavailable("interrupted", "interrupted");
            }
            int status = resp.statusCode();
            if (status >= 200 && status < 300) {
                return parse(resp.body());
            }
            boolean retryable = status >= 500 || status == 429;
            if (retryable && attempt == 1 && deadline - System.nanoTime() > backoff.toNanos()) {
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new Reading.Unavailable("interrupted", "interrupted");
                }
                continue;
            }
            String hint = switch (status) {
                case 401, 403 -> " (check " + CdnSettings.METRICS_AUTH_HEADER + " and the token in "
                        + auth.map(Auth::tokenEnv).orElse("no " + CdnSettings.METRICS_TOKEN_ENV) + ")";
                case 404 -> " (check " + CdnSettings.METRICS_URL + ")";
                default -> retryable && attempt > 1 ? " after " + attempt + " attempts" : "";
            };
            return new Reading.Unavailable("HTTP " + status + hint, "HTTP " + status);
        }
    }

    private Reading parse(byte[] body) {
        if (body.length > MAX_BODY_BYTES) {
            return new Reading.Unavailable("response larger than " + MAX_BODY_BYTES + " bytes", "bad-json");
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            // the parser's message quotes the body, which may echo anything: only say where it broke
            var at = e.getLocation();
            return new Reading.Unavailable("response is not JSON" + (at == null ? ""
                    : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"), "bad-json");
        } catch (IOException e) {
            return new Reading.Unavailable("response could not be read", "bad-json");
        }
        if (root == null || root.isMissingNode()) {
            return new Reading.Unavailable("response is empty", "bad-json");
        }
        JsonNode v = root.at(pointer);
        if (v.isMissingNode()) {
            return new Reading.Unavailable("no value at " + pointer + " (" + CdnSettings.METRICS_POINTER + ")",
                    "no-value");
        }
        double d;
        if (v.isNumber()) {
            d = v.doubleValue();
        } else if (v.isTextual() && v.textValue().strip().matches("[+-]?\\d+(\\.\\d+)?([eE][+-]?\\d+)?")) {
            d = Double.parseDouble(v.textValue().strip());
        } else {
            return new Reading.Unavailable("value at " + pointer + " is not a number (" + v.getNodeType()
                    .name().toLowerCase(Locale.ROOT) + ")", "not-a-number");
        }
        if (!Double.isFinite(d) || d < 0) {
            return new Reading.Unavailable("value at " + pointer + " is negative", "not-a-number");
        }
        return new Reading.Value(unit.toGbps(d));
    }

    private static String millis(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    /** Masks the header value and each long word of it ({@code Bearer abc...}: the token alone may be echoed). */
    private static String mask(String text, String secret) {
        String out = secret.length() < 4 ? text : text.replace(secret, "***");
        for (String part : secret.split("\\s+")) {
            if (part.length() >= 6) {
                out = out.replace(part, "***");
            }
        }
        return out;
    }
}
