package io.prescale.providers.spi;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How providers reach their APIs: command-line settings ({@code --profile}, {@code --region},
 * {@code --endpoint-url}, {@code --kube-context}), the clock, and call limits. Target settings from the plan
 * (region, context) take precedence over these per resource.
 *
 * @param callTimeout deadline of each remote call (attempts included)
 * @param maxAttempts attempts per call, retries using the SDK's backoff with jitter; throttling is retried,
 *                    validation errors are not
 * @param env         environment variables a provider may read (e.g. a CDN API token), passed in for tests
 */
public record ProviderConfig(Optional<String> profile, Optional<String> region, Optional<URI> endpointOverride,
                             Optional<String> kubeContext, Optional<String> kubeconfig, Clock clock,
                             Duration callTimeout, int maxAttempts, Map<String, String> env) {
    public ProviderConfig {
        env = env == null ? Map.of() : Map.copyOf(env);
    }

    public static ProviderConfig defaults(Clock clock) {
        return new ProviderConfig(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), clock, Duration.ofSeconds(30), 5, System.getenv());
    }
}
