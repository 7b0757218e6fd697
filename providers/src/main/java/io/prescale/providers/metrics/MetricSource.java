package io.prescale.providers.metrics;

/** A layer's observed load. Implementations never throw for an integration failure: they report it in the read. */
public interface MetricSource extends AutoCloseable {
    /** {@code prometheus}, {@code cloudwatch} or {@code trace}. */
    String type();

    /** What the source reads, for messages (a URL and query, a metric); never a credential. */
    String describe();

    MetricRead read(MetricQuery query);

    @Override
    default void close() {
    }
}
