package io.prescale.providers.apply;

/** A resource whose observed capacity is neither what the plan assumed nor a state the plan has set by now. */
public record Drift(String layer, String resource, int planned, int observed, String detail) {
    public String describe() {
        return layer + " (" + resource + "): the plan assumed " + planned + ", now " + (observed < 0 ? "unreadable" : observed)
                + (detail.isEmpty() ? "" : " (" + detail + ")");
    }
}
