package io.prescale.providers.spi;

import io.prescale.planner.targets.TargetSpec;

/**
 * Creates the provider for one target type, and declares that type to the planner ({@link #target()}: its kind of
 * capacity, its apply phase, its settings). Clients are created lazily, not at registration.
 */
public interface ProviderFactory {

    /** The target type this factory serves, as the planner sees it. */
    TargetSpec target();

    /** The target type's id, e.g. {@code aws-asg}. */
    default String type() {
        return target().id();
    }

    CapacityProvider create(ProviderConfig config);

    /** IAM actions this provider's observe and apply need, for {@code prescale iam-policy}; none by default. */
    default java.util.List<String> iamActions(boolean includeOptional) {
        return java.util.List.of();
    }
}
