package io.prescale.planner.simulate;

import io.prescale.planner.forecast.TermLoads;

import io.prescale.planner.model.AudienceShape;
import io.prescale.planner.model.Layer;
import io.prescale.planner.model.ShapeProfile;
import io.prescale.planner.sizing.LayerSchedule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One layer, precomputed for fast runs. Every load term is linear in an event's audience except the
 * audience-independent part of a goal burst, so the layer keeps, per (shape, outcome), the load per viewer of peak
 * audience ({@link Curves#base}: every term but ad breaks and goal bursts) and the per-goal and per-ad-break bursts;
 * events of the same shape share them. Events whose windows overlap form a cluster; a cluster is cut into segments
 * where the set of possibly-live events is constant. A run's peak and whether it exceeds the plan's capacity then
 * need, per segment:
 * <ul>
 *   <li>one event: its audience times the segment's largest base value, and its audience against a threshold
 *       (the smallest spare capacity per unit of base load in the segment);</li>
 *   <li>two events: the sum at the few minutes on the upper-right convex hull of the points (base of one, base of
 *       the other), and of the same points divided by the spare capacity, for the outcomes drawn;</li>
 *   <li>three or more: every minute (rare: three events live at once);</li>
 * </ul>
 * plus the minutes where the run put a goal or an ad break, evaluated in full. Bursts only add load, so the
 * maximum over the base curves and those minutes is the exact maximum, and a minute above capacity is found.
 * <p>
 * "Spare" is the plan's capacity minus the background load. Tables are flat primitive arrays; what a goal or ad-break
 * minute of one event needs beside the shared curves is one number, the audience above which that minute exceeds
 * the plan ({@link EventLayer}), so a run touches little memory.
 */
final class LayerModel {
    /** Above this many outcome combinations a two-event segment is evaluated minute by minute. */
    private static final int MAX_PAIR_COMBOS = 16;
    /** Outcomes per event in the flat tables (regular time, extra time, penalties). */
    static final int OUTCOMES = 3;

    final int index;
    final Layer layer;
    final double background;
    final double usable;
    final long gridStart;
    /**
     * Units in service per grid minute: what the plan requests, serving a warm-up after the request (a checked
     * target: its fixed capacity, the max). The plan's {@code planned} units are the capacity needed exactly when first needed; a
     * plan requests them a lead time (warm-up plus margin) ahead, so an ad break or a goal a few minutes early is
     * still covered, as it is when the plan is applied.
     */
    final int[] plannedUnits;
    /** Units billed per grid minute: from the request on (warm-up included). */
    final int[] billedUnits;
    final double[] capacity;
    final double[] spare;
    final boolean backgroundExceeds;
    final double backgroundLoadMinutes;
    /** Per grid minute: the background load, amplified (for what a run needed with the layer's floor). */
    final double[] backgroundLoad;
    /** Per event (null when the layer does not serve it). */
    final EventLayer[] events;
    /** Events this layer serves, by index. */
    final int[] served;
    /** Per grid minute: index into {@link #live} of the events that may be live then (-1: none). */
    final int[] liveAt;
    final int[][] live;
    /**
     * Minutes where several events may be live get a compact slot, so bursts there are summed in small arrays:
     * slot {@code k} is grid minute {@code slotGrid[k]}; {@code gridSlot[g]} is -1 for other minutes.
     */
    final int[] gridSlot;
    final int[] slotGrid;
    /**
     * Per slot with exactly two events live: the events ({@code slotEvents[2k]}, {@code [2k+1]}, -1 with three or
     * more) and their base values per outcome ({@code slotBase[6k + 3j + o]}), and the spare capacity.
     */
    final int[] slotEvents;
    final double[] slotBase;
    final double[] slotSpare;

    // one-event segments: outcome o of segment k at soloAt[k] + o
    final int[] soloEvent;
    final int[] soloAt;
    final double[] soloMax;
    final double[] soloThreshold;

    // two-event segments: combo c of pair k has candidates [candAt[pairAt[k] + c], candAt[pairAt[k] + c + 1])
    final int[] pairA;
    final int[] pairB;
    final int[] pairOutcomesB;
    final int[] pairAt;
    final int[] candAt;
    final double[] candA;
    final double[] candB;
    final double[] candSpare;

    /** Segments with three or more events. */
    final Brute[] brutes;

    /** For runs: base curve and first epoch minute of outcome o of event e at {@code e * OUTCOMES + o}. */
    final double[][] baseOf;
    final long[] startOf;

    /** Three or more events: every minute of {@code [start, start + length)}. */
    record Brute(int[] events, long start, int length) {
    }

    /**
     * One outcome of one shape on this layer, amplification applied, per viewer of peak audience where the audience
     * matters. Shared by every event of that shape (what-if surges give an event profiles of its own).
     */
    static final class Curves {
        final double[] base;
        final double baseSum;
        /** Minutes of play (profile minutes). */
        final int[] play;
        /** By play index: base plus one goal's burst per viewer; null when goals do not load the layer. */
        final double[] goalFull;
        /** By play index: one goal's burst per viewer. */
        final double[] goalSlope;
        /** A goal's audience-independent burst (absolute joins, push subscribers). */
        final double goalConst;
        /** The largest of {@link #goalFull}. */
        final double goalMaxFull;
        /**
         * Ad break {@code k} shifted by {@code s} covers rows {@code [adAt[k * adShifts + s], adAt[.. + 1])} of
         * {@code ads}, 3 values each: profile minute, burst rate per viewer, base plus burst. Null without ad terms.
         */
        final int[] adAt;
        final double[] ads;
        final int adShifts;
        /** Per slot {@code k * adShifts + s}: the largest base plus burst of its rows, and their bursts summed. */
        final double[] adSlotMax;
        final double[] adSlotRate;
        /** Whether two ad breaks may touch the same minute for some shifts (their bursts must then be merged). */
        final boolean adsMayCollide;

        Curves(Layer layer, AudienceShape shape, ShapeProfile p, int[] play, int jitter) {
            double amp = layer.amplification();
            double[] b = TermLoads.base(layer, shape, p, 1.0);
            double sum = 0;
            for (int i = 0; i < b.length; i++) {
                b[i] *= amp;
                sum += b[i];
            }
            base = b;
            baseSum = sum;
            this.play = play;
            double c = 0;
            if (TermLoads.hasGoalBursts(layer, shape)) {
                goalFull = new double[play.length];
                goalSlope = new double[play.length];
                for (int k = 0; k < play.length; k++) {
                    int i = play[k];
                    goalSlope[k] = amp * TermLoads.goalPerViewer(layer, shape, p, i);
                    goalFull[k] = b[i] + goalSlope[k];
                    c = amp * TermLoads.goal(layer, shape, p, i, 0);
                }
            } else {
                goalFull = null;
                goalSlope = null;
            }
            goalConst = c;
            goalMaxFull = goalFull == null ? 0 : Arrays.stream(goalFull).max().orElse(0);
            adShifts = 2 * jitter + 1;
            boolean collide = false;
            if (TermLoads.hasAdBreaks(layer)) {
                int[] secs = p.adBreakSeconds();
                int[] at = new int[secs.length * adShifts + 1];
                List<double[]> rows = new ArrayList<>();
                for (int k = 0; k < secs.length; k++) {
                    for (int s = 0; s < adShifts; s++) {
                        at[k * adShifts + s] = rows.size();
                        TermLoads.Burst burst = TermLoads.adBreak(layer, shape, p, secs[k] + 60 * (s - jitter), 1.0);
                        for (int j = 0; j < burst.minutes().length; j++) {
                            int i = burst.minutes()[j];
                            double r = amp * burst.rates()[j];
                            rows.add(new double[] {i, r, b[i] + r});
                        }
                    }
                }
                at[secs.length * adShifts] = rows.size();
                for (int k = 0; k < secs.length; k++) {
                    for (int k2 = k + 1; k2 < secs.length; k2++) {
                        collide |= overlaps(rows, at, k * adShifts, k2 * adShifts, adShifts);
                    }
                }
                double[] flat = new double[3 * rows.size()];
                for (int r = 0; r < rows.size(); r++) {
                    System.arraycopy(rows.get(r), 0, flat, 3 * r, 3);
                }
                adAt = at;
                ads = flat;
                adSlotMax = new double[at.length - 1];
                adSlotRate = new double[at.length - 1];
                for (int slot = 0; slot < at.length - 1; slot++) {
                    for (int r = at[slot]; r < at[slot + 1]; r++) {
                        adSlotMax[slot] = Math.max(adSlotMax[slot], flat[3 * r + 2]);
                        adSlotRate[slot] += flat[3 * r + 1];
                    }
                }
            } else {
                adAt = null;
                ads = null;
                adSlotMax = null;
                adSlotRate = null;
            }
            adsMayCollide = collide;
        }

        /** Whether any minute of break a (any shift) is a minute of break b (any shift). */
        private static boolean overlaps(List<double[]> rows, int[] at, int a, int b, int shifts) {
            for (int r = at[a]; r < at[a + shifts]; r++) {
                for (int q = at[b]; q < at[b + shifts]; q++) {
                    if (rows.get(r)[0] == rows.get(q)[0]) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    /**
     * One event on this layer: its curves per outcome, and for each goal minute (by play index) and each ad-break
     * row the audience above which that minute alone exceeds the plan's capacity, or, where another event may be
     * live in that minute, its slot (-1 otherwise: the bursts there are summed across events).
     */
    static final class EventLayer {
        final Curves[] curves;
        final double[][] goalThreshold;
        final int[][] goalSlot;
        /**
         * Per outcome: the smallest goal threshold, or -infinity when some minute of play may be shared with another
         * event (a run whose audience is at most this, with distinct goal minutes, cannot exceed through a goal).
         */
        final double[] goalMinThreshold;
        final double[][] adThreshold;
        final int[][] adSlot;
        /** Per outcome and ad slot: the smallest threshold of its rows. */
        final double[][] adSlotThreshold;
        /** Per outcome: whether some ad-break row falls in a minute another event may share. */
        final boolean[] adShared;

        EventLayer(Curves[] curves, EventModel e, LayerModel owner) {
            this.curves = curves;
            int no = curves.length;
            goalThreshold = curves[0].goalFull == null ? null : new double[no][];
            goalSlot = curves[0].goalFull == null ? null : new int[no][];
            goalMinThreshold = new double[no];
            adThreshold = curves[0].ads == null ? null : new double[no][];
            adSlot = curves[0].ads == null ? null : new int[no][];
            adSlotThreshold = curves[0].ads == null ? null : new double[no][];
            adShared = new boolean[no];
            for (int o = 0; o < no; o++) {
                Curves c = curves[o];
                long start = e.start(o);
                if (goalThreshold != null) {
                    double[] t = new double[c.play.length];
                    int[] sl = new int[c.play.length];
                    for (int k = 0; k < t.length; k++) {
                        t[k] = threshold(owner.soloSpare(start + c.play[k]) - c.goalConst, c.goalFull[k]);
                        sl[k] = owner.gridSlot[owner.grid(start + c.play[k])];
                    }
                    goalThreshold[o] = t;
                    goalSlot[o] = sl;
                    double min = Double.POSITIVE_INFINITY;
                    for (int k = 0; k < t.length; k++) {
                        if (sl[k] >= 0) {
                            min = Double.NEGATIVE_INFINITY;
                            break;
                        }
                        min = Math.min(min, t[k]);
                    }
                    goalMinThreshold[o] = min;
                }
                if (adThreshold != null) {
                    double[] t = new double[c.ads.length / 3];
                    int[] sl = new int[t.length];
                    for (int r = 0; r < t.length; r++) {
                        t[r] = threshold(owner.soloSpare(start + (long) c.ads[3 * r]), c.ads[3 * r + 2]);
                        sl[r] = owner.gridSlot[owner.grid(start + (long) c.ads[3 * r])];
                    }
                    adThreshold[o] = t;
                    adSlot[o] = sl;
                    double[] st = new double[c.adAt.length - 1];
                    for (int slot = 0; slot < st.length; slot++) {
                        st[slot] = Double.POSITIVE_INFINITY;
                        for (int r = c.adAt[slot]; r < c.adAt[slot + 1]; r++) {
                            st[slot] = Math.min(st[slot], t[r]);
                            adShared[o] |= sl[r] >= 0;
                        }
                    }
                    adSlotThreshold[o] = st;
                }
            }
        }

        /** The audience above which {@code audience * perViewer > spare}; NaN stays NaN. */
        private static double threshold(double spare, double perViewer) {
            if (spare != spare) {
                return Double.NaN;
            }
            if (perViewer > 0) {
                return spare / perViewer;
            }
            return spare < 0 ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
    }

    LayerModel(int index, Layer layer, LayerSchedule plan, long gridStart, EventModel[] events, int jitter) {
        this.index = index;
        this.layer = layer;
        // the peak adds the highest background of the grid: exact for a constant one, an upper bound for a profile
        double[] bgSeries = layer.backgroundSeries(gridStart, plan.planned().length, 0.5);
        double bgMax = 0;
        for (double b : bgSeries) {
            bgMax = Math.max(bgMax, b);
        }
        this.background = bgMax * layer.amplification();
        this.usable = layer.usablePerUnit();
        this.gridStart = gridStart;
        int n = plan.planned().length;
        boolean fixed = layer.target().kind() == io.prescale.planner.targets.CapacityKind.CHECK;
        int warmup = (int) ((layer.warmup().toSeconds() + 59) / 60);
        int[] requested = plan.requested();
        plannedUnits = fixed ? filled(n, layer.max()) : new int[n];
        billedUnits = fixed ? plannedUnits : requested.clone();
        if (!fixed) {
            for (int i = 0; i < n; i++) {
                plannedUnits[i] = requested[Math.max(0, i - warmup)];
            }
        }
        capacity = new double[n];
        spare = new double[n];
        backgroundLoad = new double[n];
        boolean exceeds = false;
        double bgMinutes = 0;
        for (int i = 0; i < n; i++) {
            capacity[i] = plannedUnits[i] * usable;
            double bg = bgSeries[i] * layer.amplification();
            backgroundLoad[i] = bg;
            spare[i] = capacity[i] - bg;
            exceeds |= spare[i] < 0;
            bgMinutes += bg;
        }
        backgroundExceeds = exceeds;
        backgroundLoadMinutes = bgMinutes;

        List<EventModel> servedEvents = new ArrayList<>();
        for (EventModel e : events) {
            if (layer.servesRegion(e.event.region())) {
                if (e.outcomes.length > OUTCOMES) {
                    throw new IllegalStateException("more than " + OUTCOMES + " outcomes for event " + e.event.id());
                }
                servedEvents.add(e);
            }
        }
        served = servedEvents.stream().mapToInt(e -> e.index).toArray();

        // which events may be live in each minute: clusters of overlapping windows, cut where the set changes
        liveAt = filled(n, -1);
        List<int[]> lives = new ArrayList<>();
        List<EventModel> byStart = new ArrayList<>(servedEvents);
        byStart.sort((x, y) -> Long.compare(x.windowStart, y.windowStart));
        List<List<EventModel>> clusters = new ArrayList<>();
        long end = Long.MIN_VALUE;
        for (EventModel e : byStart) {
            if (clusters.isEmpty() || e.windowStart >= end) {
                clusters.add(new ArrayList<>());
                end = e.windowEnd;
            }
            end = Math.max(end, e.windowEnd);
            clusters.get(clusters.size() - 1).add(e);
        }
        List<Segment> segments = new ArrayList<>();
        for (List<EventModel> members : clusters) {
            TreeSet<Long> cuts = new TreeSet<>();
            for (EventModel e : members) {
                cuts.add(e.windowStart);
                cuts.add(e.windowEnd);
            }
            Long prev = null;
            for (long cut : cuts) {
                if (prev != null) {
                    long from = prev;
                    List<EventModel> liveHere = members.stream()
                            .filter(e -> e.windowStart <= from && e.windowEnd >= cut).toList();
                    if (!liveHere.isEmpty()) {
                        lives.add(liveHere.stream().mapToInt(e -> e.index).toArray());
                        for (long t = from; t < cut; t++) {
                            liveAt[grid(t)] = lives.size() - 1;
                        }
                        segments.add(new Segment(liveHere, from, cut));
                    }
                }
                prev = cut;
            }
        }
        live = lives.toArray(new int[0][]);
        gridSlot = filled(n, -1);
        int slots = 0;
        for (int g = 0; g < n; g++) {
            if (liveAt[g] >= 0 && live[liveAt[g]].length > 1) {
                gridSlot[g] = slots++;
            }
        }
        slotGrid = new int[slots];
        for (int g = 0; g < n; g++) {
            if (gridSlot[g] >= 0) {
                slotGrid[gridSlot[g]] = g;
            }
        }

        Map<List<Object>, Curves> shared = new HashMap<>();
        this.events = new EventLayer[events.length];
        for (EventModel e : servedEvents) {
            Curves[] cs = new Curves[e.outcomes.length];
            for (int o = 0; o < cs.length; o++) {
                int oo = o;
                // profiles are cached per shape and outcome, so identity tells shared curves apart from a surge's own
                cs[o] = shared.computeIfAbsent(List.of(e.shape, new Identity(e.profiles[o])),
                        k -> new Curves(layer, e.shape, e.profiles[oo], e.play[oo], jitter));
            }
            this.events[e.index] = new EventLayer(cs, e, this);
        }

        baseOf = new double[events.length * OUTCOMES][];
        startOf = new long[events.length * OUTCOMES];
        for (EventModel e : servedEvents) {
            for (int o = 0; o < e.outcomes.length; o++) {
                baseOf[e.index * OUTCOMES + o] = this.events[e.index].curves[o].base;
                startOf[e.index * OUTCOMES + o] = e.start(o);
            }
        }
        slotEvents = new int[2 * slotGrid.length];
        slotBase = new double[6 * slotGrid.length];
        slotSpare = new double[slotGrid.length];
        for (int k = 0; k < slotGrid.length; k++) {
            int g = slotGrid[k];
            int[] lv = live[liveAt[g]];
            slotSpare[k] = spare[g];
            if (lv.length != 2) {
                slotEvents[2 * k] = -1;
                slotEvents[2 * k + 1] = -1;
                continue;
            }
            for (int j = 0; j < 2; j++) {
                slotEvents[2 * k + j] = lv[j];
                for (int o = 0; o < events[lv[j]].outcomes.length; o++) {
                    slotBase[6 * k + 3 * j + o] = baseAt(lv[j], o, gridStart + g);
                }
            }
        }

        List<Segment> solos = segments.stream().filter(s -> s.live.size() == 1).toList();
        soloEvent = new int[solos.size()];
        soloAt = new int[solos.size()];
        List<Double> max = new ArrayList<>();
        List<Double> thr = new ArrayList<>();
        for (int k = 0; k < solos.size(); k++) {
            EventModel e = solos.get(k).live.get(0);
            soloEvent[k] = e.index;
            soloAt[k] = max.size();
            for (int o = 0; o < e.outcomes.length; o++) {
                double m = 0;
                double th = Double.POSITIVE_INFINITY;
                for (long t = solos.get(k).from; t < solos.get(k).to; t++) {
                    double v = baseAt(e, o, t);
                    if (v > 0) {
                        m = Math.max(m, v);
                        th = Math.min(th, spareAt(t) / v);
                    }
                }
                max.add(m);
                thr.add(th);
            }
        }
        soloMax = max.stream().mapToDouble(Double::doubleValue).toArray();
        soloThreshold = thr.stream().mapToDouble(Double::doubleValue).toArray();

        List<Segment> pairs = segments.stream().filter(s -> s.live.size() == 2
                && s.live.get(0).outcomes.length * s.live.get(1).outcomes.length <= MAX_PAIR_COMBOS).toList();
        pairA = new int[pairs.size()];
        pairB = new int[pairs.size()];
        pairOutcomesB = new int[pairs.size()];
        pairAt = new int[pairs.size()];
        List<Integer> bounds = new ArrayList<>();
        List<double[]> cands = new ArrayList<>();
        for (int k = 0; k < pairs.size(); k++) {
            Segment sg = pairs.get(k);
            EventModel a = sg.live.get(0);
            EventModel b = sg.live.get(1);
            pairA[k] = a.index;
            pairB[k] = b.index;
            pairOutcomesB[k] = b.outcomes.length;
            pairAt[k] = bounds.size();
            for (int oa = 0; oa < a.outcomes.length; oa++) {
                for (int ob = 0; ob < b.outcomes.length; ob++) {
                    bounds.add(cands.size());
                    for (long t : candidates(a, oa, b, ob, sg.from, sg.to)) {
                        cands.add(new double[] {baseAt(a, oa, t), baseAt(b, ob, t), spareAt(t)});
                    }
                }
            }
            bounds.add(cands.size());
        }
        candAt = bounds.stream().mapToInt(Integer::intValue).toArray();
        candA = cands.stream().mapToDouble(x -> x[0]).toArray();
        candB = cands.stream().mapToDouble(x -> x[1]).toArray();
        candSpare = cands.stream().mapToDouble(x -> x[2]).toArray();

        brutes = segments.stream().filter(s -> s.live.size() >= 2 && !pairs.contains(s))
                .map(s -> new Brute(s.live.stream().mapToInt(e -> e.index).toArray(), s.from, (int) (s.to - s.from)))
                .toArray(Brute[]::new);
    }

    /** A stretch of minutes {@code [from, to)} in which the same events may be live. */
    private record Segment(List<EventModel> live, long from, long to) {
    }

    /** Compares by identity (profiles hold arrays: equal curves are the same cached object). */
    private record Identity(Object o) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Identity i && i.o == o;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(o);
        }
    }

    private static int[] filled(int n, int v) {
        int[] a = new int[n];
        Arrays.fill(a, v);
        return a;
    }

    int grid(long t) {
        return (int) Math.max(0, Math.min(spare.length - 1, t - gridStart));
    }

    /** Spare capacity (capacity minus background) in epoch minute {@code t}. */
    double spareAt(long t) {
        return spare[grid(t)];
    }

    /** Whether more than one event may be live in grid minute {@code g}. */
    boolean shared(int g) {
        int k = liveAt[g];
        return k >= 0 && live[k].length > 1;
    }

    /** Spare capacity in epoch minute {@code t} when at most one event may be live then, else NaN. */
    private double soloSpare(long t) {
        return shared(grid(t)) ? Double.NaN : spareAt(t);
    }

    /** Base value of event {@code e} (outcome {@code o}) in epoch minute {@code t}; 0 outside its profile. */
    double baseAt(EventModel e, int o, long t) {
        double[] b = events[e.index].curves[o].base;
        long i = t - e.start(o);
        return i < 0 || i >= b.length ? 0 : b[(int) i];
    }

    /** {@link #baseAt(EventModel, int, long)} from the flat tables (for runs). */
    double baseAt(int e, int o, long t) {
        int k = e * OUTCOMES + o;
        double[] b = baseOf[k];
        long i = t - startOf[k];
        return i < 0 || i >= b.length ? 0 : b[(int) i];
    }

    /**
     * Minutes of {@code [from, to)} that can hold the maximum of {@code Aa * base_a + Ab * base_b} or of the same
     * over the spare capacity, for any audiences; minutes with no spare capacity are always candidates.
     */
    private List<Long> candidates(EventModel a, int oa, EventModel b, int ob, long from, long to) {
        int len = (int) (to - from);
        double[] x = new double[len];
        double[] y = new double[len];
        double[] rx = new double[len];
        double[] ry = new double[len];
        long[] tz = new long[len];
        long[] tr = new long[len];
        int nz = 0;
        int nr = 0;
        TreeSet<Long> chosen = new TreeSet<>();
        for (long t = from; t < to; t++) {
            double fa = baseAt(a, oa, t);
            double fb = baseAt(b, ob, t);
            if (fa <= 0 && fb <= 0) {
                continue;
            }
            x[nz] = fa;
            y[nz] = fb;
            tz[nz++] = t;
            double s = spareAt(t);
            if (s > 0) {
                rx[nr] = fa / s;
                ry[nr] = fb / s;
                tr[nr++] = t;
            } else {
                chosen.add(t);
            }
        }
        for (int i : Hull.upperRight(Arrays.copyOf(x, nz), Arrays.copyOf(y, nz))) {
            chosen.add(tz[i]);
        }
        for (int i : Hull.upperRight(Arrays.copyOf(rx, nr), Arrays.copyOf(ry, nr))) {
            chosen.add(tr[i]);
        }
        return new ArrayList<>(chosen);
    }
}
