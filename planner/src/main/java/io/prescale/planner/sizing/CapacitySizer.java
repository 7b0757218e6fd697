package io.prescale.planner.sizing;

import io.prescale.planner.model.Layer;

/** Units a layer needs for a load: enough units at the usable rate (headroom kept), in whole steps, within min/max. */
public final class CapacitySizer {
    private CapacitySizer() {
    }

    /** Units needed before min/max are applied (rounded up to the layer's step). */
    public static int unbounded(Layer l, double load) {
        if (load <= 0) {
            return 0;
        }
        return stepped(l, Math.ceil(load / l.usablePerUnit() - 1e-9));
    }

    /**
     * Units needed for a demand of {@code demand} units at full use (a dimensioned layer's largest dimension), with
     * the layer's headroom kept and in whole steps, before min/max.
     */
    public static int unboundedUnits(Layer l, double demand) {
        if (demand <= 0) {
            return 0;
        }
        return stepped(l, Math.ceil(demand / (1 - l.headroom()) - 1e-9));
    }

    private static int stepped(Layer l, double units) {
        long stepped = (long) Math.ceil(units / l.step()) * l.step();
        return (int) Math.min(Integer.MAX_VALUE, stepped);
    }

    /** Units needed, clamped to the layer's min and max. */
    public static int bounded(Layer l, double load) {
        return Math.max(l.min(), Math.min(l.max(), unbounded(l, load)));
    }
}
