package io.prescale.planner.model;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Objects;

/**
 * A layer's load between events by local hour of day, weekdays and weekends apart: a site read from work runs at
 * half its weekday level on a Sunday, and a single constant either starves the weekday or pays for the weekend.
 * Values are medians (P50) per hour in the layer's metric; {@code spread} says how far a minute strays above its
 * hour: a minute's P90 is {@code (1 + spread)} times the hour's median (log-normal), so a plan at P90 sizes the
 * floor between matches for the busy minutes of each hour, not its average one.
 *
 * @param zone    the zone whose local hours and weekends the profile follows (the scenario's)
 * @param weekday median per local hour 00-23, Monday to Friday
 * @param weekend median per local hour 00-23, Saturday and Sunday
 */
public record BackgroundProfile(ZoneId zone, double[] weekday, double[] weekend, double spread) {
    public static final int HOURS = 24;

    public BackgroundProfile {
        Objects.requireNonNull(zone, "zone");
        if (weekday.length != HOURS || weekend.length != HOURS) {
            throw new IllegalArgumentException("a background profile has 24 hours per day type");
        }
        weekday = weekday.clone();
        weekend = weekend.clone();
        if (!(spread >= 0) || !Double.isFinite(spread)) {
            throw new IllegalArgumentException("spread must be finite and not negative: " + spread);
        }
    }

    /** The median at epoch minute {@code minute}. */
    public double median(long minute) {
        ZonedDateTime local = Instant.ofEpochSecond(minute * 60).atZone(zone);
        DayOfWeek d = local.getDayOfWeek();
        boolean end = d == DayOfWeek.SATURDAY || d == DayOfWeek.SUNDAY;
        return (end ? weekend : weekday)[local.getHour()];
    }

    /** The {@code quantile} at epoch minute {@code minute}: log-normal around the hour's median. */
    public double at(long minute, double quantile) {
        double m = median(minute);
        if (spread == 0 || quantile == 0.5) {
            return m;
        }
        double z = StandardNormal.quantile(quantile);
        return m * Math.exp(z * Math.log1p(spread) / AudienceDistribution.Z90);
    }

    /**
     * The {@code quantile} for every minute of {@code [from, from + out.length)}, into {@code out}. The local hour
     * is looked up once every quarter hour (every zone's offset is a multiple of 15 minutes), so a forecast over a
     * whole tournament does not convert each of its minutes to local time.
     */
    public void fill(double[] out, long from, double quantile) {
        double v = 0;
        for (int i = 0; i < out.length; i++) {
            long m = from + i;
            if (i == 0 || Math.floorMod(m, 15) == 0) {
                v = median(m);
                v = spread == 0 || quantile == 0.5 ? v : at(m, quantile);
            }
            out[i] = v;
        }
    }

    /** Mean of the week's 168 hourly medians: the one figure that stands for the profile where one is needed. */
    public double mean() {
        return (5 * Arrays.stream(weekday).sum() + 2 * Arrays.stream(weekend).sum()) / (7.0 * HOURS);
    }

    public double max() {
        return Math.max(Arrays.stream(weekday).max().orElse(0), Arrays.stream(weekend).max().orElse(0));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BackgroundProfile p && zone.equals(p.zone) && Arrays.equals(weekday, p.weekday)
                && Arrays.equals(weekend, p.weekend) && spread == p.spread;
    }

    @Override
    public int hashCode() {
        return Objects.hash(zone, Arrays.hashCode(weekday), Arrays.hashCode(weekend), spread);
    }

    @Override
    public String toString() {
        return "BackgroundProfile[" + zone + ", weekday=" + Arrays.toString(weekday) + ", weekend="
                + Arrays.toString(weekend) + ", spread=" + spread + "]";
    }
}
