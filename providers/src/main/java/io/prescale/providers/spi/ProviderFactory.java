package io.prescale.providers.spi;

/** Creates the provider for one target type; clients are created lazily, not at registration. */
public interface ProviderFactory {
    String type();

    CapacityProvider create(ProviderConfig config);

    /** IAM actions this provider's observe and apply need, for {@code prescale iam-policy}; none by default. */
    default java.util.List<String> iamActions(boolean includeOptional) {
        return java.util.List.of();
    }
}
