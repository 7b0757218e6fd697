package io.prescale.planner.model;

/**
 * What a layer is sized on: requests per second, egress bandwidth in Gbps (CDNs), or the pods of another layer it
 * carries (a node pool: see {@link Carries}).
 */
public enum Metric {
    RPS("rps"), GBPS("Gbps"), PODS("pods");

    private final String unit;

    Metric(String unit) {
        this.unit = unit;
    }

    public String unit() {
        return unit;
    }
}
