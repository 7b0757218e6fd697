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
 * without the match model in the way. The log load is split into a level per day and an effect per hour of each
 * day type (Tukey's median polish, robust to a stray spike): the level follows the growth of a tournament, the
 * hour effect the rhythm of a day, so an evening hour seen only in the quiet weeks before the tournament (every
 * evening since has had a match) is not taken as quiet now. The level used is the days' levels with recent days
 * weighing more (a weight that halves every {@link #HALF_LIFE_DAYS} days, looking back at most
 * {@link #HISTORY_DAYS}). Empty minutes (missing from the trace, read as 0) are left out.
 */
final class BackgroundFit {
    static final double HALF_LIFE_DAYS = 3.5;
    static final int HISTORY_DAYS = 28;
    /** A day's hour with fewer minutes outside events than this is not a cell of the table. */
    static final int MIN_CELL_MINUTES = 15;
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
        // log loads by local day and hour: the cells of a day x hour table
        java.util.TreeMap<Long, List<List<Double>>> days = new java.util.TreeMap<>();
        java.util.Map<Long, Boolean> weekendDay = new java.util.HashMap<>();
        List<long[]> minuteCell = new ArrayList<>();
        List<Double> minuteLog = new ArrayList<>();
        int k = 0;
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
            long day = local.toLocalDate().toEpochDay();
            weekendDay.put(day, local.getDayOfWeek() == DayOfWeek.SATURDAY || local.getDayOfWeek() == DayOfWeek.SUNDAY);
            List<List<Double>> row = days.computeIfAbsent(day, d -> {
                List<List<Double>> r = new ArrayList<>();
                for (int h = 0; h < 24; h++) {
                    r.add(new ArrayList<>());
                }
                return r;
            });
            row.get(local.getHour()).add(Math.log(v));
            minuteCell.add(new long[] {day, local.getHour(), m});
            minuteLog.add(Math.log(v));
        }
        if (minuteLog.size() < MIN_MINUTES) {
            throw new TooShort("the trace has " + minuteLog.size() + " minute(s) outside the events' windows in the "
                    + HISTORY_DAYS + " days before " + Instant.ofEpochSecond(until * 60)
                    + ": a background profile needs at least a day of them");
        }
        // Tukey's median polish on the table of cell medians: log load = day level + hour effect (per day type).
        // The day level carries the growth of a tournament, the hour effect the rhythm of a day, so an hour seen
        // only in the quiet weeks before the tournament is not read as quiet now.
        long[] dayKeys = days.keySet().stream().mapToLong(Long::longValue).toArray();
        double[][] cell = new double[dayKeys.length][24];
        for (int d = 0; d < dayKeys.length; d++) {
            for (int h = 0; h < 24; h++) {
                List<Double> xs = days.get(dayKeys[d]).get(h);
                cell[d][h] = xs.size() >= MIN_CELL_MINUTES ? median(xs) : Double.NaN;
            }
        }
        double[] dayLevel = new double[dayKeys.length];
        double[][] hour = new double[2][24];
        for (int iter = 0; iter < 10; iter++) {
            for (int d = 0; d < dayKeys.length; d++) {
                List<Double> xs = new ArrayList<>();
                int type = weekendDay.get(dayKeys[d]) ? 1 : 0;
                for (int h = 0; h < 24; h++) {
                    if (!Double.isNaN(cell[d][h])) {
                        xs.add(cell[d][h] - hour[type][h]);
                    }
                }
                dayLevel[d] = xs.isEmpty() ? Double.NaN : median(xs);
            }
            for (int type = 0; type < 2; type++) {
                for (int h = 0; h < 24; h++) {
                    List<Double> xs = new ArrayList<>();
                    for (int d = 0; d < dayKeys.length; d++) {
                        if ((weekendDay.get(dayKeys[d]) ? 1 : 0) == type && !Double.isNaN(cell[d][h])
                                && !Double.isNaN(dayLevel[d])) {
                            xs.add(cell[d][h] - dayLevel[d]);
                        }
                    }
                    hour[type][h] = xs.isEmpty() ? Double.NaN : median(xs);
                }
                // centre the hour effects so the levels carry the day's height
                List<Double> seen = new ArrayList<>();
                for (double x : hour[type]) {
                    if (!Double.isNaN(x)) {
                        seen.add(x);
                    }
                }
                double c = seen.isEmpty() ? 0 : median(seen);
                for (int h = 0; h < 24; h++) {
                    hour[type][h] = Double.isNaN(hour[type][h]) ? 0 : hour[type][h] - c;
                }
            }
        }
        // the level now: the days' levels of each type, recent days weighing more
        double[] level = new double[2];
        boolean[] levelSeen = new boolean[2];
        long untilDay = Instant.ofEpochSecond(until * 60).atZone(zone).toLocalDate().toEpochDay();
        int[] daysOf = new int[2];
        for (int type = 0; type < 2; type++) {
            double sw = 0;
            double sl = 0;
            for (int d = 0; d < dayKeys.length; d++) {
                if ((weekendDay.get(dayKeys[d]) ? 1 : 0) != type || Double.isNaN(dayLevel[d])) {
                    continue;
                }
                double wt = Math.pow(0.5, (untilDay - dayKeys[d]) / HALF_LIFE_DAYS);
                sw += wt;
                sl += wt * dayLevel[d];
                daysOf[type]++;
            }
            levelSeen[type] = sw > 0;
            level[type] = sw > 0 ? sl / sw : 0;
        }
        List<String> borrowed = new ArrayList<>();
        boolean[][] hourSeen = new boolean[2][24];
        for (int d = 0; d < dayKeys.length; d++) {
            for (int h = 0; h < 24; h++) {
                if (!Double.isNaN(cell[d][h])) {
                    hourSeen[weekendDay.get(dayKeys[d]) ? 1 : 0][h] = true;
                }
            }
        }
        for (int type = 0; type < 2; type++) {
            int other = 1 - type;
            if (!levelSeen[type]) {
                // no day of this type yet: the other type's rhythm and level, said so
                level[type] = level[other];
                hour[type] = hour[other].clone();
                hourSeen[type] = hourSeen[other].clone();
                borrowed.add((type == 0 ? "every weekday hour" : "every weekend hour") + " from the "
                        + (type == 0 ? "weekends" : "weekdays") + " (none seen)");
                continue;
            }
            for (int h = 0; h < 24; h++) {
                if (!hourSeen[type][h]) {
                    if (hourSeen[other][h]) {
                        hour[type][h] = hour[other][h];
                        borrowed.add((type == 0 ? "weekday " : "weekend ") + hour(h) + " from the "
                                + (type == 0 ? "weekends" : "weekdays"));
                    } else {
                        hour[type][h] = neighbours(hour[type], hourSeen[type], h);
                        borrowed.add((type == 0 ? "weekday " : "weekend ") + hour(h) + " from the hours around it");
                    }
                }
            }
        }
        double[][] med = new double[2][24];
        for (int type = 0; type < 2; type++) {
            for (int h = 0; h < 24; h++) {
                med[type][h] = Yaml.round(Math.exp(level[type] + hour[type][h]));
            }
        }
        // a minute's spread above its hour's profile value, recent minutes weighing more
        List<double[]> logs = new ArrayList<>();
        for (int i = 0; i < minuteLog.size(); i++) {
            long[] c = minuteCell.get(i);
            int type = weekendDay.get(c[0]) ? 1 : 0;
            double age = (until - c[2]) / 1440.0;
            logs.add(new double[] {minuteLog.get(i) - level[type] - hour[type][(int) c[1]],
                    Math.pow(0.5, age / HALF_LIFE_DAYS)});
        }
        double spread = Yaml.round(Math.max(0, Math.expm1(weightedQuantile(logs, 0.9))));
        return new Result(new BackgroundProfile(zone, med[0], med[1], spread), minuteLog.size(), daysOf[0],
                daysOf[1], List.copyOf(borrowed));
    }

    private static double neighbours(double[] hour, boolean[] seen, int h) {
        for (int d = 1; d < 12; d++) {
            int a = Math.floorMod(h - d, 24);
            int b = Math.floorMod(h + d, 24);
            if (seen[a] && seen[b]) {
                return (hour[a] + hour[b]) / 2;
            }
            if (seen[a]) {
                return hour[a];
            }
            if (seen[b]) {
                return hour[b];
            }
        }
        return 0;
    }

    private static double median(List<Double> xs) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    private static boolean inside(long[][] w, int k, long m) {
        for (int i = k; i < w.length && w[i][0] <= m; i++) {
            if (m < w[i][1]) {
                return true;
            }
        }
        return false;
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
