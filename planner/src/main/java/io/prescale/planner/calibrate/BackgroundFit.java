package io.prescale.planner.calibrate;

import io.prescale.planner.backtest.Trace;
import io.prescale.planner.backtest.TraceSeries;
import io.prescale.planner.model.BackgroundProfile;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fits a layer's background profile (median per local hour, weekdays and weekends apart) from the trace minutes
 * outside every event's window. Between matches the load is the site's own rhythm, so those minutes measure it
 * without the match model in the way. Recent days weigh more (a weight that halves every {@link #HALF_LIFE_DAYS}
 * days, looking back at most {@link #HISTORY_DAYS}): traffic grows as a tournament goes on, and last week's
 * Sunday should not speak as loudly as yesterday. Empty minutes (missing from the trace, read as 0) are left out.
 */
final class BackgroundFit {
    static final double HALF_LIFE_DAYS = 3.5;
    static final int HISTORY_DAYS = 28;
    /** Fewer minutes than this in an hour's bucket and it borrows from its neighbours. */
    static final int MIN_BUCKET_MINUTES = 20;
    /** Less than a day of minutes outside events is too little to tell the hours apart. */
    static final int MIN_MINUTES = 24 * 60;

    private BackgroundFit() {
    }

    /** What was fitted, and on how much. */
    record Result(BackgroundProfile profile, int minutes, int daysSeenWeekday, int daysSeenWeekend,
                  List<String> borrowed) {
    }

    /** Thrown when the trace holds too little outside the events' windows. */
    static final class TooShort extends Exception {
        TooShort(String message) {
            super(message);
        }
    }

    /**
     * @param windows the events' windows as epoch-minute pairs {@code [start, end)}: minutes inside are not background
     * @param until   the first epoch minute not used (the end of what calibrate may see)
     */
    static Result fit(Trace trace, TraceSeries series, long[][] windows, long until, ZoneId zone) throws TooShort {
        long from = Math.max(trace.startMinute(), until - HISTORY_DAYS * 1440L);
        long to = Math.min(until, trace.startMinute() + trace.length());
        long[][] w = windows.clone();
        Arrays.sort(w, (a, b) -> Long.compare(a[0], b[0]));
        List<List<double[]>> buckets = new ArrayList<>();
        for (int b = 0; b < 48; b++) {
            buckets.add(new ArrayList<>());
        }
        java.util.Set<Long> weekdays = new java.util.HashSet<>();
        java.util.Set<Long> weekends = new java.util.HashSet<>();
        int k = 0;
        int used = 0;
        for (long m = from; m < to; m++) {
            while (k < w.length && w[k][1] <= m) {
                k++;
            }
            if (inside(w, k, m)) {
                continue;
            }
            double v = Trace.rpsAt(series, trace.startMinute(), m);
            if (!(v > 0) || !Double.isFinite(v)) {
                continue;
            }
            ZonedDateTime local = Instant.ofEpochSecond(m * 60).atZone(zone);
            boolean end = local.getDayOfWeek() == DayOfWeek.SATURDAY || local.getDayOfWeek() == DayOfWeek.SUNDAY;
            (end ? weekends : weekdays).add(local.toLocalDate().toEpochDay());
            double age = (until - m) / 1440.0;
            buckets.get((end ? 24 : 0) + local.getHour()).add(new double[] {v, Math.pow(0.5, age / HALF_LIFE_DAYS)});
            used++;
        }
        if (used < MIN_MINUTES) {
            throw new TooShort("the trace has " + used + " minute(s) outside the events' windows in the "
                    + HISTORY_DAYS + " days before " + Instant.ofEpochSecond(until * 60)
                    + ": a background profile needs at least a day of them");
        }
        double[] med = new double[48];
        boolean[] have = new boolean[48];
        for (int b = 0; b < 48; b++) {
            if (buckets.get(b).size() >= MIN_BUCKET_MINUTES) {
                med[b] = Yaml.round(weightedQuantile(buckets.get(b), 0.5));
                have[b] = true;
            }
        }
        List<String> borrowed = new ArrayList<>();
        fill(med, have, borrowed);
        // a minute's spread above its hour: the weighted P90 of log(load / the hour's median)
        List<double[]> logs = new ArrayList<>();
        for (int b = 0; b < 48; b++) {
            if (med[b] <= 0) {
                continue;
            }
            for (double[] x : buckets.get(b)) {
                logs.add(new double[] {Math.log(x[0] / med[b]), x[1]});
            }
        }
        double spread = Yaml.round(Math.max(0, Math.expm1(weightedQuantile(logs, 0.9))));
        return new Result(new BackgroundProfile(zone, Arrays.copyOfRange(med, 0, 24), Arrays.copyOfRange(med, 24, 48),
                spread), used, weekdays.size(), weekends.size(), List.copyOf(borrowed));
    }

    private static boolean inside(long[][] w, int k, long m) {
        for (int i = k; i < w.length && w[i][0] <= m; i++) {
            if (m < w[i][1]) {
                return true;
            }
        }
        return false;
    }

    /**
     * Hours with too few minutes borrow: from the same hour of the other day type, scaled by how the two types
     * differ where both were seen, else from the nearest seen hours of their own type.
     */
    private static void fill(double[] med, boolean[] have, List<String> borrowed) {
        List<Double> ratios = new ArrayList<>();
        for (int h = 0; h < 24; h++) {
            if (have[h] && have[24 + h] && med[h] > 0) {
                ratios.add(Math.log(med[24 + h] / med[h]));
            }
        }
        double ratio = ratios.isEmpty() ? 1 : Math.exp(ratios.stream().sorted().toList().get(ratios.size() / 2));
        boolean[] had = have.clone();
        for (int h = 0; h < 24; h++) {
            if (!had[24 + h] && had[h]) {
                med[24 + h] = Yaml.round(med[h] * ratio);
                have[24 + h] = true;
                borrowed.add("weekend " + hour(h) + " from weekdays");
            } else if (!had[h] && had[24 + h]) {
                med[h] = Yaml.round(med[24 + h] / ratio);
                have[h] = true;
                borrowed.add("weekday " + hour(h) + " from weekends");
            }
        }
        for (int type = 0; type < 2; type++) {
            for (int h = 0; h < 24; h++) {
                int b = type * 24 + h;
                if (have[b]) {
                    continue;
                }
                for (int d = 1; d < 24; d++) {
                    int before = type * 24 + Math.floorMod(h - d, 24);
                    int after = type * 24 + Math.floorMod(h + d, 24);
                    if (had[before] || had[after] || have[before] || have[after]) {
                        double sum = 0;
                        int n = 0;
                        for (int x : new int[] {before, after}) {
                            if (have[x]) {
                                sum += med[x];
                                n++;
                            }
                        }
                        if (n > 0) {
                            med[b] = Yaml.round(sum / n);
                            borrowed.add((type == 0 ? "weekday " : "weekend ") + hour(h) + " from the hours around it");
                            break;
                        }
                    }
                }
            }
            for (int h = 0; h < 24; h++) {
                have[type * 24 + h] = true;
            }
        }
    }

    private static String hour(int h) {
        return String.format(java.util.Locale.ROOT, "%02d:00", h);
    }

    /** The weighted quantile of {value, weight} pairs (the first value whose cumulative weight reaches q). */
    static double weightedQuantile(List<double[]> xs, double q) {
        if (xs.isEmpty()) {
            return 0;
        }
        double[][] s = xs.toArray(new double[0][]);
        Arrays.sort(s, (a, b) -> Double.compare(a[0], b[0]));
        double total = 0;
        for (double[] x : s) {
            total += x[1];
        }
        double acc = 0;
        for (double[] x : s) {
            acc += x[1];
            if (acc >= q * total) {
                return x[0];
            }
        }
        return s[s.length - 1][0];
    }
}
