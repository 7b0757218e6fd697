package io.prescale.planner.model;

/** What a layer is sized on: requests per second, or egress bandwidth in Gbps (CDNs). */
public enum Metric {
    RPS("rps"), GBPS("Gbps");

    private final String unit;

    Metric(String unit) {
        this.unit = unit;
    }

    public String unit() {
        return unit;
    }
}
