package io.prescale.planner.plan;

/** What a change does, shown like a diff: {@code +} scale out, {@code -} scale in, {@code ~} pre-warm, {@code ?} check. */
public enum Action {
    SCALE_OUT("+"), SCALE_IN("-"), PREWARM("~"), CHECK("?"), NO_OP(" ");

    private final String symbol;

    Action(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }
}
