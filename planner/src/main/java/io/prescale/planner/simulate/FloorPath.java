package io.prescale.planner.simulate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * How far a run's load on one layer falls below a floor, summed over the plan's grid: {@code sum max(0, F - load)}
 * per minute, so that the load-minutes plus this are {@code sum max(F, load)}, what the run needed when the layer
 * never goes below {@code F} (its min units at the usable load per unit), as the plan's capacity never does.
 * <p>
 * Exact: minutes no event loads are a constant of the {@link Table}; a minute only one event may load is found by
 * a binary search over that event's minutes; minutes two events may share, and the minutes of the run's goals and
 * ad breaks, are summed one by one. That last part grows with the live minutes when the floor is high, so
 * {@link Simulation} runs it on a fixed subsample of runs (the cost table reports a mean). One instance per worker
 * thread (it holds scratch space).
 */
final class FloorPath {
    private final double[] acc;
    private final int[] mark;
    private final int[] touched;
    private final int[] count;
    // bursts in minutes only their event may load, per event
    private final int[] burstMark;
    private final double[] burstLoad;
    private final int[] burstMinute;
    private final int[] burstProfile;
    private int stamp;

    FloorPath(LayerModel[] layers) {
        int n = 1;
        for (LayerModel l : layers) {
            n = Math.max(n, l.backgroundLoad.length);
        }
        acc = new double[n];
        mark = new int[n];
        touched = new int[n];
        count = new int[n];
        burstMark = new int[n];
        burstLoad = new double[n];
        burstMinute = new int[n];
        burstProfile = new int[n];
    }

    /**
     * One layer's floor, precomputed. Per grid minute the room below the floor after the background, and the room
     * summed over the grid. Per event outcome, its profile minutes on the grid with room: those only it may load
     * ("solo") sorted by the audience {@code q = room / base} below which its base load leaves the minute short of
     * the floor, largest first, with prefix sums of room and base, so a run's shortfall there is one binary search
     * ({@code sum over q > a of room - a base}). The minutes of its window another event may share are sorted the
     * same way (q infinite where the outcome has no load): a shared minute can be short only if it is among the
     * first (q > a) of every event live then, so a run sums only those.
     */
    static final class Table {
        final double floor;
        final double[] room;
        final double roomTotal;
        /** Whether another event may be live in a grid minute. */
        final boolean[] shared;
        /** Per grid minute: how many events may be live then. */
        final int[] liveCount;
        /** The room summed over the shared minutes. */
        final double sharedRoom;
        /**
         * Whether no event has base load on the layer (only goal or ad-break bursts): then no minute is filled but
         * by bursts, and a run's shortfall is the room less what its bursts fill.
         */
        final boolean burstsOnly;
        // at e * OUTCOMES + o (null when the layer does not serve the event or nothing has room)
        final double[][] soloQ;
        final double[][] soloRoom;
        final double[][] soloBase;
        // at k: how many q are infinite (no load from the event there) and the largest finite one (-inf if none)
        final int[] soloInf;
        final double[] soloTop;
        final int[] sharedInf;
        final double[] sharedTop;
        final double[][] sharedQ;
        final int[][] sharedGrid;
        final double[][] sharedBase;

        /**
         * @param l     the layer whose load is compared with the floor
         * @param floor the floor, as load of that layer (rps or Gbps)
         */
        Table(LayerModel l, EventModel[] events, double floor) {
            this.floor = floor;
            int n = l.backgroundLoad.length;
            room = new double[n];
            shared = new boolean[n];
            liveCount = new int[n];
            double total = 0;
            double sharedTotal = 0;
            for (int g = 0; g < n; g++) {
                room[g] = floor - l.backgroundLoad[g];
                total += Math.max(0, room[g]);
                shared[g] = l.shared(g);
                liveCount[g] = l.liveAt[g] < 0 ? 0 : l.live[l.liveAt[g]].length;
                sharedTotal += shared[g] ? Math.max(0, room[g]) : 0;
            }
            roomTotal = total;
            sharedRoom = sharedTotal;
            int size = events.length * LayerModel.OUTCOMES;
            soloQ = new double[size][];
            soloRoom = new double[size][];
            soloBase = new double[size][];
            soloInf = new int[size];
            soloTop = new double[size];
            sharedInf = new int[size];
            sharedTop = new double[size];
            sharedQ = new double[size][];
            sharedGrid = new int[size][];
            sharedBase = new double[size][];
            boolean noBase = true;
            for (int e : l.served) {
                for (int o = 0; o < events[e].outcomes.length; o++) {
                    for (double b : l.baseOf[e * LayerModel.OUTCOMES + o]) {
                        noBase &= b == 0;
                    }
                }
            }
            burstsOnly = noBase;
            if (total <= 0 || burstsOnly) {
                return;
            }
            for (int e : l.served) {
                for (int o = 0; o < events[e].outcomes.length; o++) {
                    int k = e * LayerModel.OUTCOMES + o;
                    double[] base = l.baseOf[k];
                    long off = l.startOf[k] - l.gridStart;
                    List<double[]> solo = new ArrayList<>();
                    List<double[]> sh = new ArrayList<>();
                    // the event's window and its outcome's profile: a shared minute counts every event live then
                    long from = Math.min(events[e].windowStart - l.gridStart, off);
                    long to = Math.max(events[e].windowEnd - l.gridStart, off + base.length);
                    for (long g = Math.max(0, from); g < Math.min(n, to); g++) {
                        int gi = (int) g;
                        double r = room[gi];
                        if (!(r > 0)) {
                            continue;
                        }
                        long i = g - off;
                        double b = i >= 0 && i < base.length ? base[(int) i] : 0;
                        double q = b > 0 ? r / b : Double.POSITIVE_INFINITY;
                        if (shared[gi]) {
                            sh.add(new double[] {q, g, b});
                        } else if (i >= 0 && i < base.length) {
                            solo.add(new double[] {q, r, b});
                        }
                    }
                    sh.sort(Comparator.comparingDouble((double[] x) -> x[0]).reversed());
                    sharedQ[k] = sh.stream().mapToDouble(x -> x[0]).toArray();
                    sharedGrid[k] = sh.stream().mapToInt(x -> (int) x[1]).toArray();
                    sharedBase[k] = sh.stream().mapToDouble(x -> x[2]).toArray();
                    solo.sort(Comparator.comparingDouble((double[] x) -> x[0]).reversed());
                    double[] q = new double[solo.size()];
                    double[] rs = new double[solo.size() + 1];
                    double[] bs = new double[solo.size() + 1];
                    for (int j = 0; j < q.length; j++) {
                        q[j] = solo.get(j)[0];
                        rs[j + 1] = rs[j] + solo.get(j)[1];
                        bs[j + 1] = bs[j] + solo.get(j)[2];
                    }
                    soloQ[k] = q;
                    soloInf[k] = infinite(q);
                    soloTop[k] = soloInf[k] < q.length ? q[soloInf[k]] : Double.NEGATIVE_INFINITY;
                    sharedInf[k] = infinite(sharedQ[k]);
                    sharedTop[k] = sharedInf[k] < sharedQ[k].length ? sharedQ[k][sharedInf[k]]
                            : Double.NEGATIVE_INFINITY;
                    soloRoom[k] = rs;
                    soloBase[k] = bs;
                }
            }
        }
    }

    private static int infinite(double[] q) {
        int i = 0;
        while (i < q.length && q[i] == Double.POSITIVE_INFINITY) {
            i++;
        }
        return i;
    }

    /** {@code sum max(0, floor - load)} over the grid for the run {@code s} on layer {@code l}. */
    double shortfall(LayerModel l, Table t, RunSample s) {
        if (t.roomTotal <= 0) {
            return 0;
        }
        final int outcomes = LayerModel.OUTCOMES;
        double[] room = t.room;
        int st = ++stamp;
        if (t.burstsOnly) {
            return t.roomTotal - burstsFill(l, t, s, st);
        }
        int nt = 0;
        // every minute starts at its room; solo minutes are replaced by their shortfall at the run's audience, shared
        // ones by theirs where every event live then leaves them short (an event that alone fills one fills it)
        double sum = t.roomTotal - t.sharedRoom;
        for (int e : l.served) {
            int k = e * outcomes + s.outcome[e];
            double a = s.audience[e];
            // most runs: the audience fills every minute the event loads, so only those it does not load stay short
            double[] q = t.soloQ[k];
            if (q.length > 0) {
                double[] rs = t.soloRoom[k];
                int m = a >= t.soloTop[k] ? t.soloInf[k] : above(q, a);
                sum += rs[m] - a * t.soloBase[k][m] - rs[q.length];
            }
            int[] sg = t.sharedGrid[k];
            double[] sb = t.sharedBase[k];
            for (int j = 0, m = a >= t.sharedTop[k] ? t.sharedInf[k] : above(t.sharedQ[k], a); j < m; j++) {
                int g = sg[j];
                if (mark[g] != st) {
                    mark[g] = st;
                    acc[g] = a * sb[j];
                    count[g] = 1;
                    touched[nt++] = g;
                } else {
                    acc[g] += a * sb[j];
                    count[g]++;
                }
            }
        }
        for (int e : l.served) {
            int o = s.outcome[e];
            int k = e * outcomes + o;
            double a = s.audience[e];
            LayerModel.Curves c = l.events[e].curves[o];
            double[] base = c.base;
            int off = (int) (l.startOf[k] - l.gridStart);
            // bursts add load where the run put them: summed per minute (a goal and an ad break may meet), then a
            // solo minute's shortfall is corrected at once (only this event loads it), a shared one's at the end
            int nb = 0;
            if (c.goalFull != null) {
                int[] gp = s.goalPlay[e];
                int[] gt = s.goalTimes[e];
                for (int g = 0, ng = s.goals[e]; g < ng; g++) {
                    int p = gp[g];
                    nb = burst(off + c.play[p], c.play[p], gt[g] * (a * c.goalSlope[p] + c.goalConst), t, st, nb);
                }
            }
            if (c.ads != null) {
                int[] at = c.adAt;
                double[] rows = c.ads;
                int[] shift = s.adShift[e];
                int shifts = c.adShifts;
                for (int b = 0, breaks = (at.length - 1) / shifts; b < breaks; b++) {
                    int slot = b * shifts + shift[b];
                    for (int r = at[slot], end = at[slot + 1]; r < end; r++) {
                        int i = (int) rows[3 * r];
                        nb = burst(off + i, i, a * rows[3 * r + 1], t, st, nb);
                    }
                }
            }
            for (int j = 0; j < nb; j++) {
                int g = burstMinute[j];
                double r = room[g] - a * base[burstProfile[j]];
                sum += Math.max(0, r - burstLoad[g]) - Math.max(0, r);
            }
        }
        int[] live = t.liveCount;
        for (int j = 0; j < nt; j++) {
            int g = touched[j];
            if (count[g] >= live[g]) {
                sum += Math.max(0, room[g] - acc[g]);
            }
        }
        return sum;
    }

    /** What the run's bursts fill of the room, on a layer no event loads otherwise. */
    private double burstsFill(LayerModel l, Table t, RunSample s, int st) {
        int nt = 0;
        int n = t.room.length;
        for (int e : l.served) {
            int o = s.outcome[e];
            double a = s.audience[e];
            LayerModel.Curves c = l.events[e].curves[o];
            int off = (int) (l.startOf[e * LayerModel.OUTCOMES + o] - l.gridStart);
            if (c.goalFull != null) {
                int[] gp = s.goalPlay[e];
                int[] gt = s.goalTimes[e];
                for (int g = 0, ng = s.goals[e]; g < ng; g++) {
                    int p = gp[g];
                    nt = add(off + c.play[p], gt[g] * (a * c.goalSlope[p] + c.goalConst), n, st, nt);
                }
            }
            if (c.ads != null) {
                int[] at = c.adAt;
                double[] rows = c.ads;
                int[] shift = s.adShift[e];
                int shifts = c.adShifts;
                for (int b = 0, breaks = (at.length - 1) / shifts; b < breaks; b++) {
                    int slot = b * shifts + shift[b];
                    for (int r = at[slot], end = at[slot + 1]; r < end; r++) {
                        nt = add(off + (int) rows[3 * r], a * rows[3 * r + 1], n, st, nt);
                    }
                }
            }
        }
        double filled = 0;
        for (int j = 0; j < nt; j++) {
            int g = touched[j];
            filled += Math.max(0, Math.min(t.room[g], acc[g]));
        }
        return filled;
    }

    private int add(int g, double x, int n, int st, int nt) {
        if (g < 0 || g >= n) {
            return nt;
        }
        if (mark[g] != st) {
            mark[g] = st;
            acc[g] = x;
            touched[nt] = g;
            return nt + 1;
        }
        acc[g] += x;
        return nt;
    }

    /** How many of {@code q} (largest first) are above {@code a}. */
    private static int above(double[] q, double a) {
        int lo = 0;
        int hi = q.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (q[mid] > a) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Adds burst {@code x} in grid minute {@code g} (profile minute {@code i}) where it can fill room. */
    private int burst(int g, int i, double x, Table t, int st, int nb) {
        if (g < 0 || g >= t.room.length || !(t.room[g] > 0)) {
            return nb;
        }
        if (t.shared[g]) {
            // a shared minute no event left short stays full whatever bursts it gets
            if (mark[g] == st) {
                acc[g] += x;
            }
            return nb;
        }
        if (burstMark[g] != st) {
            burstMark[g] = st;
            burstLoad[g] = x;
            burstMinute[nb] = g;
            burstProfile[nb] = i;
            return nb + 1;
        }
        burstLoad[g] += x;
        return nb;
    }
}
