package io.prescale.cli;

import io.prescale.providers.spi.ProviderConfig;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/** How to reach the clouds: AWS profile, region and endpoint, Kubernetes context, call limits. */
final class ProviderOptions {
    @Option(names = "--profile", paramLabel = "<name>",
            description = "AWS profile from the shared config files. Default: the default credential chain.")
    String profile;

    @Option(names = "--region", paramLabel = "<region>",
            description = "AWS region for targets that name none. Default: the SDK's region chain.")
    String region;

    @Option(names = "--endpoint-url", paramLabel = "<url>",
            description = "Send AWS calls to this endpoint (a proxy or a test server).")
    URI endpoint;

    @Option(names = "--kube-context", paramLabel = "<name>",
            description = "Kubernetes context for targets that name none. Default: the kubeconfig's current context.")
    String kubeContext;

    @Option(names = "--kubeconfig", paramLabel = "<file>",
            description = "Kubernetes config file. Default: $KUBECONFIG, ~/.kube/config, or in-cluster config.")
    String kubeconfig;

    @Option(names = "--call-timeout", paramLabel = "<duration>", defaultValue = "30s",
            description = "Deadline of each provider call, retries included. Default: ${DEFAULT-VALUE}.")
    String callTimeout;

    @Option(names = "--max-attempts", paramLabel = "<n>", defaultValue = "5",
            description = "Attempts per provider call (throttling is retried with backoff and jitter). Default: ${DEFAULT-VALUE}.")
    int maxAttempts;

    Duration timeout() {
        try {
            return io.prescale.planner.model.Quantities.duration(callTimeout);
        } catch (IllegalArgumentException e) {
            throw new UserException("--call-timeout: " + e.getMessage());
        }
    }

    ProviderConfig config(Clock clock) {
        return new ProviderConfig(Optional.ofNullable(profile), Optional.ofNullable(region), Optional.ofNullable(endpoint),
                Optional.ofNullable(kubeContext), Optional.ofNullable(kubeconfig), clock, timeout(), maxAttempts,
                System.getenv());
    }
}
