package io.prescale.planner.simulate;

/**
 * How far a run's load on one layer falls below a floor, summed over the plan's grid: {@code sum max(0, F - load)}
 * per minute, so that the load-minutes plus this are {@code sum max(F, load)}, what the run needed when the layer
 * never goes below {@code F} (its min units at the usable load per unit), as the plan's capacity never does.
 * <p>
 * Exact, minute by minute, but only over the minutes where the background alone is below the floor and an event
 * may add load: the others are a constant of the {@link Table}. That is every live minute when the floor is high,
 * so it costs more than {@link FastPath}; {@link Simulation} runs it on a fixed subsample of runs (the cost table
 * reports a mean). One instance per worker thread (it holds scratch space).
 */
final class FloorPath {
    private final double[] acc;
    private final int[] mark;
    private final int[] touched;
    private int stamp;

    FloorPath(LayerModel[] layers) {
        int n = 1;
        for (LayerModel l : layers) {
            n = Math.max(n, l.backgroundLoad.length);
        }
        acc = new double[n];
        mark = new int[n];
        touched = new int[n];
    }

    /**
     * One layer's floor, precomputed: per grid minute the room below the floor after the background, the room
     * summed over the grid, and per event outcome the profile minutes whose grid minute has room.
     */
    static final class Table {
        final double floor;
        final double[] room;
        final double roomTotal;
        /** At {@code e * OUTCOMES + o}: profile minutes of outcome o of event e on the grid with room (null: none). */
        final int[][] minutes;

        /**
         * @param l     the layer whose load is compared with the floor
         * @param floor the floor, as load of that layer (rps or Gbps)
         */
        Table(LayerModel l, EventModel[] events, double floor) {
            this.floor = floor;
            int n = l.backgroundLoad.length;
            room = new double[n];
            double total = 0;
            for (int g = 0; g < n; g++) {
                room[g] = floor - l.backgroundLoad[g];
                total += Math.max(0, room[g]);
            }
            roomTotal = total;
            minutes = new int[events.length * LayerModel.OUTCOMES][];
            if (total <= 0) {
                return;
            }
            for (int e : l.served) {
                for (int o = 0; o < events[e].outcomes.length; o++) {
                    int k = e * LayerModel.OUTCOMES + o;
                    int len = l.baseOf[k].length;
                    long off = l.startOf[k] - l.gridStart;
                    int[] m = new int[len];
                    int c = 0;
                    for (int i = 0; i < len; i++) {
                        long g = off + i;
                        if (g >= 0 && g < n && room[(int) g] > 0) {
                            m[c++] = i;
                        }
                    }
                    minutes[k] = java.util.Arrays.copyOf(m, c);
                }
            }
        }
    }

    /** {@code sum max(0, floor - load)} over the grid for the run {@code s} on layer {@code l}. */
    double shortfall(LayerModel l, Table t, RunSample s) {
        if (t.roomTotal <= 0) {
            return 0;
        }
        final int outcomes = LayerModel.OUTCOMES;
        double[] room = t.room;
        int n = room.length;
        int st = ++stamp;
        int nt = 0;
        for (int e : l.served) {
            int o = s.outcome[e];
            int k = e * outcomes + o;
            int[] m = t.minutes[k];
            if (m.length == 0) {
                continue;
            }
            double a = s.audience[e];
            LayerModel.Curves c = l.events[e].curves[o];
            double[] base = c.base;
            int off = (int) (l.startOf[k] - l.gridStart);
            for (int i : m) {
                int g = off + i;
                if (mark[g] != st) {
                    mark[g] = st;
                    acc[g] = a * base[i];
                    touched[nt++] = g;
                } else {
                    acc[g] += a * base[i];
                }
            }
            // bursts add load where the run put them; only minutes with room count (those the loop above marked)
            if (c.goalFull != null) {
                int[] gp = s.goalPlay[e];
                int[] gt = s.goalTimes[e];
                for (int g = 0, ng = s.goals[e]; g < ng; g++) {
                    int p = gp[g];
                    int gm = off + c.play[p];
                    if (gm >= 0 && gm < n && mark[gm] == st) {
                        acc[gm] += gt[g] * (a * c.goalSlope[p] + c.goalConst);
                    }
                }
            }
            if (c.ads != null) {
                int[] at = c.adAt;
                double[] rows = c.ads;
                int[] shift = s.adShift[e];
                int shifts = c.adShifts;
                for (int b = 0, nb = (at.length - 1) / shifts; b < nb; b++) {
                    int slot = b * shifts + shift[b];
                    for (int r = at[slot], end = at[slot + 1]; r < end; r++) {
                        int gm = off + (int) rows[3 * r];
                        if (gm >= 0 && gm < n && mark[gm] == st) {
                            acc[gm] += a * rows[3 * r + 1];
                        }
                    }
                }
            }
        }
        // max(0, room - load) = room - min(room, load) where there is room; room alone where no event put load
        double sum = t.roomTotal;
        for (int j = 0; j < nt; j++) {
            int g = touched[j];
            sum -= Math.min(room[g], acc[g]);
        }
        return sum;
    }
}
