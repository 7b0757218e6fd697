package io.prescale.planner.simulate;

/**
 * A run's peak, exceedance and load-minutes for one layer from the precomputed {@link LayerModel}: a few
 * multiplications per segment, then the minutes the run's goals and ad breaks fall in. A burst in a minute where
 * only its event may be live is evaluated from the shared curves and the event's threshold; one in a minute shared
 * with another event is summed across the events live then. One instance per worker thread (it holds scratch space).
 */
final class FastPath {
    // bursts of one event that may share a minute, by profile minute
    private final int[] mark;
    private final double[] perViewer;
    private final double[] fixed;
    private final int[] list;
    private int stamp;
    // bursts in minutes several events may share, by slot (LayerModel.gridSlot)
    private final int[] sharedMark;
    private final double[] sharedExtra;
    private final int[] sharedList;
    private int sharedStamp;
    private int shared;

    /** Results of the last {@link #evaluate}. */
    double peak;
    boolean exceeded;
    double loadMinutes;

    FastPath(EventModel[] events, LayerModel[] layers) {
        int len = 1;
        for (EventModel e : events) {
            for (var p : e.profiles) {
                len = Math.max(len, p.level().length);
            }
        }
        mark = new int[len];
        perViewer = new double[len];
        fixed = new double[len];
        list = new int[len];
        int slots = 1;
        for (LayerModel l : layers) {
            slots = Math.max(slots, l.slotGrid.length);
        }
        sharedMark = new int[slots];
        sharedExtra = new double[slots];
        sharedList = new int[slots];
    }

    void evaluate(LayerModel l, RunSample s) {
        final int outcomes = LayerModel.OUTCOMES;
        double[] aud = s.audience;
        int[] out = s.outcome;
        double pk = 0;
        boolean exc = l.backgroundExceeds;
        double lm = l.backgroundLoadMinutes;

        int[] soloEvent = l.soloEvent;
        int[] soloAt = l.soloAt;
        double[] soloMax = l.soloMax;
        double[] soloThr = l.soloThreshold;
        for (int k = 0; k < soloEvent.length; k++) {
            int e = soloEvent[k];
            double a = aud[e];
            int at = soloAt[k] + out[e];
            pk = Math.max(pk, a * soloMax[at]);
            exc |= a > soloThr[at];
        }

        int[] pairA = l.pairA;
        int[] pairB = l.pairB;
        int[] candAt = l.candAt;
        double[] ca = l.candA;
        double[] cb = l.candB;
        double[] cs = l.candSpare;
        for (int k = 0; k < pairA.length; k++) {
            int ea = pairA[k];
            int eb = pairB[k];
            double aa = aud[ea];
            double ab = aud[eb];
            int c = l.pairAt[k] + out[ea] * l.pairOutcomesB[k] + out[eb];
            for (int j = candAt[c], end = candAt[c + 1]; j < end; j++) {
                double v = aa * ca[j] + ab * cb[j];
                pk = Math.max(pk, v);
                exc |= v > cs[j];
            }
        }

        for (LayerModel.Brute b : l.brutes) {
            for (long t = b.start(); t < b.start() + b.length(); t++) {
                double v = 0;
                for (int e : b.events()) {
                    v += aud[e] * l.baseAt(e, out[e], t);
                }
                pk = Math.max(pk, v);
                exc |= v > l.spareAt(t);
            }
        }

        shared = 0;
        int sst = ++sharedStamp;
        for (int e : l.served) {
            LayerModel.EventLayer el = l.events[e];
            double a = aud[e];
            int o = out[e];
            LayerModel.Curves c = el.curves[o];
            lm += a * c.baseSum;
            boolean goals = c.goalFull != null && s.goals[e] > 0;
            boolean ads = c.ads != null;
            if (!goals && !ads) {
                continue;
            }
            int gridOff = (int) (l.startOf[e * outcomes + o] - l.gridStart);
            if (goals && !ads) {
                // goals alone: merge goals in the same minute; a lone goal is one multiplication and a threshold
                double[] slope = c.goalSlope;
                double gc = c.goalConst;
                int[] gp = s.goalPlay[e];
                int[] gt = s.goalTimes[e];
                int ng = s.goals[e];
                if (ng == s.goalCount[e] && a <= el.goalMinThreshold[o] && a * c.goalMaxFull + gc <= pk) {
                    // no goal of this event can raise the peak or exceed: only its load-minutes count
                    double sum = 0;
                    for (int g = 0; g < ng; g++) {
                        sum += slope[gp[g]];
                    }
                    lm += a * sum + ng * gc;
                    continue;
                }
                double[] thr = el.goalThreshold[o];
                int[] slot = el.goalSlot[o];
                double[] full = c.goalFull;
                for (int g = 0; g < ng; g++) {
                    int p = gp[g];
                    int times = gt[g];
                    int sl = slot[p];
                    if (times == 1) {
                        double x = a * slope[p] + gc;
                        lm += x;
                        if (sl >= 0) {
                            share(sl, x, sst);
                        } else {
                            pk = Math.max(pk, a * full[p] + gc);
                            exc |= a > thr[p];
                        }
                    } else {
                        double x = times * (a * slope[p] + gc);
                        lm += x;
                        int gm = c.play[p] + gridOff;
                        if (sl >= 0) {
                            share(sl, x, sst);
                        } else {
                            double v = a * c.base[c.play[p]] + x;
                            pk = Math.max(pk, v);
                            exc |= v > l.spare[gm];
                        }
                    }
                }
                continue;
            }
            if (!goals && !c.adsMayCollide && !el.adShared[o]) {
                // ad breaks that never share a minute, with no other event live: one lookup per break
                double[] slotMax = c.adSlotMax;
                double[] slotRate = c.adSlotRate;
                double[] slotThr = el.adSlotThreshold[o];
                int[] shift = s.adShift[e];
                int shifts = c.adShifts;
                double m = 0;
                double th = Double.POSITIVE_INFINITY;
                double rate = 0;
                for (int k = 0, nb = slotMax.length / shifts; k < nb; k++) {
                    int slot = k * shifts + shift[k];
                    m = Math.max(m, slotMax[slot]);
                    th = Math.min(th, slotThr[slot]);
                    rate += slotRate[slot];
                }
                pk = Math.max(pk, a * m);
                exc |= a > th;
                lm += a * rate;
                continue;
            }
            if (!goals && !c.adsMayCollide) {
                // ad breaks that never share a minute of their own: each row is a minute
                double[] thr = el.adThreshold[o];
                int[] slots = el.adSlot[o];
                int[] at = c.adAt;
                double[] rows = c.ads;
                int[] shift = s.adShift[e];
                int shifts = c.adShifts;
                for (int k = 0, nb = (at.length - 1) / shifts; k < nb; k++) {
                    int slot = k * shifts + shift[k];
                    for (int r = at[slot], end = at[slot + 1]; r < end; r++) {
                        double x = a * rows[3 * r + 1];
                        lm += x;
                        int sl = slots[r];
                        if (sl >= 0) {
                            share(sl, x, sst);
                        } else {
                            pk = Math.max(pk, a * rows[3 * r + 2]);
                            exc |= a > thr[r];
                        }
                    }
                }
                continue;
            }
            // goals and ad breaks that may share minutes: merge by profile minute first
            int n = 0;
            int st = ++stamp;
            if (goals) {
                int[] gp = s.goalPlay[e];
                int[] gt = s.goalTimes[e];
                for (int g = 0, ng = s.goals[e]; g < ng; g++) {
                    int p = gp[g];
                    int i = c.play[p];
                    mark[i] = st;
                    perViewer[i] = gt[g] * c.goalSlope[p];
                    fixed[i] = gt[g] * c.goalConst;
                    list[n++] = i;
                }
            }
            if (ads) {
                int[] at = c.adAt;
                double[] rows = c.ads;
                int[] shift = s.adShift[e];
                int shifts = c.adShifts;
                for (int k = 0, nb = (at.length - 1) / shifts; k < nb; k++) {
                    int slot = k * shifts + shift[k];
                    for (int r = at[slot], end = at[slot + 1]; r < end; r++) {
                        int i = (int) rows[3 * r];
                        if (mark[i] != st) {
                            mark[i] = st;
                            perViewer[i] = rows[3 * r + 1];
                            fixed[i] = 0;
                            list[n++] = i;
                        } else {
                            perViewer[i] += rows[3 * r + 1];
                        }
                    }
                }
            }
            for (int k = 0; k < n; k++) {
                int i = list[k];
                double x = a * perViewer[i] + fixed[i];
                lm += x;
                int gm = gridOff + i;
                int sl = l.gridSlot[gm];
                if (sl >= 0) {
                    share(sl, x, sst);
                } else {
                    double v = a * c.base[i] + x;
                    pk = Math.max(pk, v);
                    exc |= v > l.spare[gm];
                }
            }
        }

        int[] slotEvents = l.slotEvents;
        double[] slotBase = l.slotBase;
        double[] slotSpare = l.slotSpare;
        for (int k = 0; k < shared; k++) {
            int sl = sharedList[k];
            double v = sharedExtra[sl];
            int e0 = slotEvents[2 * sl];
            if (e0 >= 0) {
                int e1 = slotEvents[2 * sl + 1];
                v += aud[e0] * slotBase[6 * sl + out[e0]] + aud[e1] * slotBase[6 * sl + 3 + out[e1]];
            } else {
                int g = l.slotGrid[sl];
                for (int e : l.live[l.liveAt[g]]) {
                    v += aud[e] * l.baseAt(e, out[e], l.gridStart + g);
                }
            }
            pk = Math.max(pk, v);
            exc |= v > slotSpare[sl];
        }
        peak = pk + l.background;
        exceeded = exc;
        loadMinutes = lm;
    }

    /** Adds a burst to a minute several events may share (its slot). */
    private void share(int slot, double x, int st) {
        if (sharedMark[slot] != st) {
            sharedMark[slot] = st;
            sharedExtra[slot] = x;
            sharedList[shared++] = slot;
        } else {
            sharedExtra[slot] += x;
        }
    }
}
