package io.prescale.planner.sizing;

import io.prescale.planner.forecast.EventTimeline;
import io.prescale.planner.forecast.LayerForecast;
import io.prescale.planner.model.Layer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Builds a layer's capacity schedule. Inside a live cluster capacity only rises (a ratchet): each rise covers the
 * demand of the next {@code coalesce} minutes, so a ramp is a few steps. Every rise is requested a lead time
 * (warm-up plus lead) before it is needed; capacity falls only when the cluster ends, which is the latest
 * possible end of its events (extra time and penalties for knockouts) plus cool-down, and never below min.
 */
public final class CapacityScheduler {
    private CapacityScheduler() {
    }

    /**
     * @param observed units in place at the planning instant
     * @param atIndex  grid index of the planning instant: nothing is requested before it
     */
    public static LayerSchedule schedule(LayerForecast f, List<EventTimeline> events, int observed, int atIndex) {
        return schedule(f, events, observed, atIndex, false);
    }

    /**
     * @param followTail the layer runs a closed loop: hold each cluster only to the latest possible whistle plus
     *                   cool-down, then follow the forecast's post-match tail down (each level kept one cool-down
     *                   after the need fell), since the live controller raises it again if the tail is heavier
     */
    public static LayerSchedule schedule(LayerForecast f, List<EventTimeline> events, int observed, int atIndex,
                                         boolean followTail) {
        Layer l = f.layer();
        int n = f.length();
        int lead = minutes(l.totalLead().toSeconds());
        int cool = minutes(l.cooldown().toSeconds());
        // a closed loop steps up with the forecast, each step covering the next scale-up time, since the controller
        // raises it sooner if reality runs ahead; open loop, one step covers the demand of the next coalesce minutes
        int coalesce = followTail ? Math.min(lead, Math.max(0, minutes(l.coalesce().toSeconds())))
                : Math.max(0, minutes(l.coalesce().toSeconds()));
        int[] required = new int[n];
        int[] unbounded = new int[n];
        for (int i = 0; i < n; i++) {
            unbounded[i] = f.dimensioned() ? CapacitySizer.unboundedUnits(l, f.demand(i))
                    : CapacitySizer.unbounded(l, f.load()[i]);
            required[i] = Math.max(l.min(), Math.min(l.max(), unbounded[i]));
        }
        List<LiveCluster> clusters = clusters(f, events, cool, lead, followTail);

        int[] planned = required.clone();
        if (followTail) {
            for (int i = 0; i < n; i++) {
                for (int k = Math.max(0, i - cool); k < i; k++) {
                    planned[i] = Math.max(planned[i], required[k]);
                }
            }
        }
        int[] driver = new int[n];
        for (int i = 0; i < n; i++) {
            driver[i] = i;
        }
        for (LiveCluster c : clusters) {
            int level = c.start() > 0 ? planned[c.start() - 1] : l.min();
            int from = -1;
            for (int i = c.start(); i < c.end(); i++) {
                if (required[i] > level) {
                    int best = i;
                    for (int k = i; k < Math.min(c.end(), i + coalesce + 1); k++) {
                        // the peak load, not merely the first minute needing the most units, names the driver
                        if (required[k] > required[best]
                                || (required[k] == required[best] && f.load()[k] > f.load()[best])) {
                            best = k;
                        }
                    }
                    level = required[best];
                    from = best;
                }
                planned[i] = level;
                driver[i] = from < 0 ? i : from;
            }
        }
        if (followTail) {
            // down the tail in steps a cool-down apart, not a change a minute
            int last = -cool;
            for (int i = 1; i < n; i++) {
                if (planned[i] < planned[i - 1] && i - last < cool) {
                    planned[i] = planned[i - 1];
                } else if (planned[i] != planned[i - 1]) {
                    last = i;
                }
            }
        }
        int[] requested = slidingMax(planned, lead);
        decreaseBudget(l).ifPresent(b -> holdWithinDecreaseBudget(requested, f.gridStart(), observed,
                Math.max(0, atIndex), b));
        List<Step> steps = steps(planned, requested, driver, clusters, observed, Math.max(0, atIndex), lead);
        return new LayerSchedule(f, observed, required, unbounded, planned, requested, List.copyOf(clusters),
                List.copyOf(steps));
    }

    /**
     * How many times a day the target lets its capacity be lowered, when it limits that: the target setting
     * {@code decreasesPerDay}, else what its type declares (a service's own limit).
     */
    static java.util.OptionalInt decreaseBudget(Layer l) {
        return l.target().decreasesPerDay();
    }

    /**
     * Spends a target's daily decrease budget (UTC days) on the decreases that come first, and holds the capacity
     * where a further one would exceed it, until the next day allows it: a held capacity costs money, a decrease
     * the service refuses leaves the plan and the world apart.
     */
    static void holdWithinDecreaseBudget(int[] requested, long gridStart, int observed, int from, int perDay) {
        int current = observed;
        long day = Long.MIN_VALUE;
        int left = perDay;
        for (int j = from; j < requested.length; j++) {
            long d = Math.floorDiv(gridStart + j, 24L * 60);
            if (d != day) {
                day = d;
                left = perDay;
            }
            if (requested[j] < current) {
                if (left > 0) {
                    left--;
                    current = requested[j];
                } else {
                    requested[j] = current;
                }
            } else {
                current = requested[j];
            }
        }
    }

    static List<LiveCluster> clusters(LayerForecast f, List<EventTimeline> events, int cool, int lead) {
        return clusters(f, events, cool, lead, false);
    }

    static List<LiveCluster> clusters(LayerForecast f, List<EventTimeline> events, int cool, int lead,
                                      boolean toWhistle) {
        record W(int start, int latestEnd, int index) {
        }
        List<W> ws = new ArrayList<>();
        for (EventTimeline t : events) {
            if (f.layer().servesRegion(t.event().region())) {
                ws.add(new W(clamp(t.windowStart() - f.gridStart(), f.length()),
                        clamp((toWhistle ? t.latestWhistle() : t.windowEnd()) - f.gridStart(), f.length()), t.index()));
            }
        }
        ws.sort(Comparator.comparingInt(W::start));
        List<LiveCluster> out = new ArrayList<>();
        int cs = -1;
        int ce = -1;
        int latest = -1;
        List<Integer> members = new ArrayList<>();
        for (W w : ws) {
            // Merge when the next event's pre-scale would be requested before this cluster scales in.
            if (cs >= 0 && w.start - lead <= ce) {
                latest = Math.max(latest, w.latestEnd);
                ce = Math.max(ce, Math.min(f.length(), w.latestEnd + cool));
                members.add(w.index);
                continue;
            }
            if (cs >= 0) {
                out.add(new LiveCluster(cs, ce, latest, List.copyOf(members)));
            }
            cs = w.start;
            latest = w.latestEnd;
            ce = Math.min(f.length(), w.latestEnd + cool);
            members = new ArrayList<>(List.of(w.index));
        }
        if (cs >= 0) {
            out.add(new LiveCluster(cs, ce, latest, List.copyOf(members)));
        }
        return out;
    }

    private static List<Step> steps(int[] planned, int[] requested, int[] driver, List<LiveCluster> clusters,
                                    int observed, int atIndex, int lead) {
        List<Step> out = new ArrayList<>();
        int n = planned.length;
        int current = observed;
        for (int j = atIndex; j < n; j++) {
            int want = requested[j];
            if (want == current || (want < current && clusterAt(clusters, j) >= 0)) {
                // Never scale in while an event may be live, even when more than planned is running.
                continue;
            }
            if (want > current) {
                int needed = j;
                while (needed < Math.min(n - 1, j + lead) && planned[needed] < want) {
                    needed++;
                }
                int late = j == atIndex ? Math.max(0, lead - (needed - j)) : 0;
                out.add(new Step(j, needed, current, want, driver[needed], late, clusterAt(clusters, needed)));
            } else {
                out.add(new Step(j, j, current, want, -1, 0, clusterEndingAt(clusters, j)));
            }
            current = want;
        }
        return out;
    }

    private static int clusterAt(List<LiveCluster> cs, int i) {
        for (int k = 0; k < cs.size(); k++) {
            if (i >= cs.get(k).start() && i < cs.get(k).end()) {
                return k;
            }
        }
        return -1;
    }

    private static int clusterEndingAt(List<LiveCluster> cs, int i) {
        int best = -1;
        for (int k = 0; k < cs.size(); k++) {
            if (cs.get(k).end() <= i) {
                best = k;
            }
        }
        return best;
    }

    /** {@code out[j] = max(a[j..j+w])}: what must be requested at j so it serves by the time it is needed. */
    static int[] slidingMax(int[] a, int w) {
        int n = a.length;
        int[] out = new int[n];
        // a deque of indices in an int array (head..tail-1), not an ArrayDeque<Integer>: this runs once per layer
        // on every plan, mostly before the JIT has compiled it, where boxing each minute's index costs
        int[] dq = new int[n];
        int head = 0;
        int tail = 0;
        for (int j = n - 1; j >= 0; j--) {
            while (tail > head && a[dq[tail - 1]] <= a[j]) {
                tail--;
            }
            dq[tail++] = j;
            while (dq[head] > j + w) {
                head++;
            }
            out[j] = a[dq[head]];
        }
        return out;
    }

    private static int clamp(long v, int n) {
        return (int) Math.max(0, Math.min(n, v));
    }

    static int minutes(long seconds) {
        return (int) ((seconds + 59) / 60);
    }
}
