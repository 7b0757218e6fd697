package io.prescale.planner.model;

/** A count that follows the layer's units, e.g. Kafka partitions = 12 per broker. Reported beside the plan. */
public record DerivedUnit(String name, double perUnit) {
}
