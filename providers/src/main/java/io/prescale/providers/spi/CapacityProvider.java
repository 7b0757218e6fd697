package io.prescale.providers.spi;

/**
 * Observes and changes the capacity of one kind of target (an Auto Scaling group, a load balancer's capacity
 * reservation, a Kubernetes workload, a CDN's bandwidth). Implementations check bounds before calling the cloud,
 * give every remote call a deadline, and report per-resource problems in the response rather than throwing;
 * {@link ProviderException} is for failures that leave nothing to report per resource.
 */
public interface CapacityProvider extends AutoCloseable {

    /** The target type this provider serves, e.g. {@code aws-asg}. */
    String type();

    /** Reads the target's current capacity in the layer's units. Never mutates. */
    ObserveResponse observe(ObserveRequest request);

    /**
     * Sets the target to the change's desired state ({@code to}); a target already there is left alone and
     * reported {@link ChangeStatus#UNCHANGED}. With {@code dryRun} no mutating request is sent.
     */
    ChangeResponse apply(ChangeRequest request);

    @Override
    default void close() {
    }
}
