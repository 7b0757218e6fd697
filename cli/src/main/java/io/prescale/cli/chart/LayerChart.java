package io.prescale.cli.chart;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One layer's panel: per-minute series on a common time axis of epoch minutes {@code [startMinute, startMinute +
 * length())}, all in the layer's metric (rps, Gbps), plus vertical markers. Only the forecast is required; build
 * one with {@link #builder}.
 *
 * <p>Drawn as: the band as a shaded area, the forecast as a line over it, the planned capacity and each baseline as
 * step lines (value {@code i} holds for the whole minute {@code i}), the observed trace as a thin dark line ({@code
 * NaN} leaves a gap), and each marker as a dashed vertical line with its label. When the planned capacity has a
 * load per unit, a second axis on the right reads it in {@link #unit()}s.
 *
 * @param layer       the layer's name, the panel's title
 * @param note        said after the title, e.g. {@code "400 rps per instance, headroom 15%"}; may be empty
 * @param metric      the load's unit, the left axis title: {@code "rps"} or {@code "Gbps"}
 * @param unit        what capacity is counted in, the right axis title, e.g. {@code "instances"}; may be empty
 * @param startMinute epoch minute (seconds since the epoch / 60) of the first value
 * @param forecast    the central forecast
 * @param band        a range around it, e.g. P50 to P90
 * @param planned     the capacity planned to serve each minute, in load terms (units x usable load per unit)
 * @param observed    the load measured, for backtests
 * @param baselines   other capacity schedules to compare with, e.g. a reactive autoscaler's
 * @param markers     kickoffs, final whistles, goals, ad breaks
 */
public record LayerChart(String layer, String note, String metric, String unit, long startMinute, Line forecast,
                         Optional<Band> band, Optional<Capacity> planned, Optional<Line> observed,
                         List<Capacity> baselines, List<Marker> markers) {

    /** A named per-minute series. */
    public record Line(String label, double[] values) {
        public Line {
            Objects.requireNonNull(label, "label");
            values = values.clone();
        }

        @Override
        public double[] values() {
            return values.clone();
        }
    }

    /** A shaded range per minute, {@code low[i] <= high[i]}, both finite. */
    public record Band(String label, double[] low, double[] high) {
        public Band {
            Objects.requireNonNull(label, "label");
            if (low.length != high.length) {
                throw new IllegalArgumentException("band " + label + ": " + low.length + " low values but "
                        + high.length + " high values");
            }
            low = low.clone();
            high = high.clone();
        }

        @Override
        public double[] low() {
            return low.clone();
        }

        @Override
        public double[] high() {
            return high.clone();
        }
    }

    /**
     * A capacity schedule in load terms, drawn as a step line.
     *
     * @param loadPerUnit usable load one unit carries (per unit x (1 - headroom)); above 0, a right axis reads the
     *                    capacity in units; 0 for none
     */
    public record Capacity(String label, double[] load, double loadPerUnit) {
        public Capacity {
            Objects.requireNonNull(label, "label");
            if (!(loadPerUnit >= 0) || Double.isInfinite(loadPerUnit)) {
                throw new IllegalArgumentException("capacity " + label + ": load per unit must be 0 or more, got "
                        + loadPerUnit);
            }
            load = load.clone();
        }

        public Capacity(String label, double[] load) {
            this(label, load, 0);
        }

        @Override
        public double[] load() {
            return load.clone();
        }

        /** Capacity in load terms from units per minute: {@code units[i] x loadPerUnit}. */
        public static Capacity ofUnits(String label, int[] units, double loadPerUnit) {
            double[] load = new double[units.length];
            for (int i = 0; i < units.length; i++) {
                load[i] = units[i] * loadPerUnit;
            }
            return new Capacity(label, load, loadPerUnit);
        }
    }

    /** A moment to mark with a vertical line; the time (in the document's zone) is added to the label. */
    public record Marker(Instant at, String label, Kind kind) {
        public Marker {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(kind, "kind");
        }
    }

    /** What a marker is, which sets its colour. */
    public enum Kind { KICKOFF, WHISTLE, EVENT }

    public LayerChart {
        Objects.requireNonNull(layer, "layer");
        note = note == null ? "" : note;
        Objects.requireNonNull(metric, "metric");
        unit = unit == null ? "" : unit;
        Objects.requireNonNull(forecast, "forecast");
        band = band == null ? Optional.empty() : band;
        planned = planned == null ? Optional.empty() : planned;
        observed = observed == null ? Optional.empty() : observed;
        baselines = baselines == null ? List.of() : List.copyOf(baselines);
        markers = markers == null ? List.of() : List.copyOf(markers);
        int n = forecast.values().length;
        if (n == 0) {
            throw new IllegalArgumentException("layer " + layer + ": the forecast has no values");
        }
        Set<String> labels = new HashSet<>();
        labels.add(forecast.label());
        band.ifPresent(b -> sameLength(layer, b.label(), b.low().length, n, labels));
        planned.ifPresent(c -> sameLength(layer, c.label(), c.load().length, n, labels));
        observed.ifPresent(o -> sameLength(layer, o.label(), o.values().length, n, labels));
        for (Capacity c : baselines) {
            sameLength(layer, c.label(), c.load().length, n, labels);
        }
    }

    private static void sameLength(String layer, String label, int length, int n, Set<String> labels) {
        if (length != n) {
            throw new IllegalArgumentException("layer " + layer + ": series " + label + " has " + length
                    + " values, the forecast " + n);
        }
        if (!labels.add(label)) {
            throw new IllegalArgumentException("layer " + layer + ": two series are labelled " + label);
        }
    }

    /** Number of minutes on the time axis. */
    public int length() {
        return forecast.values().length;
    }

    /** The instant minute {@code index} starts. */
    public Instant minute(int index) {
        return Instant.ofEpochSecond((startMinute + index) * 60);
    }

    public static Builder builder(String layer, String metric, long startMinute, double[] forecast) {
        return new Builder(layer, metric, startMinute, forecast);
    }

    /** Builds a {@link LayerChart}; every series must have as many values as the forecast. */
    public static final class Builder {
        private final String layer;
        private final String metric;
        private final long startMinute;
        private final double[] forecast;
        private String forecastLabel = "forecast";
        private String note = "";
        private String unit = "";
        private Band band;
        private Capacity planned;
        private Line observed;
        private final List<Capacity> baselines = new ArrayList<>();
        private final List<Marker> markers = new ArrayList<>();

        private Builder(String layer, String metric, long startMinute, double[] forecast) {
            this.layer = layer;
            this.metric = metric;
            this.startMinute = startMinute;
            this.forecast = forecast;
        }

        /** Legend entry of the forecast line. Default: {@code "forecast"}. */
        public Builder forecastLabel(String label) {
            this.forecastLabel = label;
            return this;
        }

        public Builder note(String note) {
            this.note = note;
            return this;
        }

        /** What capacity is counted in (the right axis title), e.g. {@code "instances"}. */
        public Builder unit(String unit) {
            this.unit = unit;
            return this;
        }

        public Builder band(String label, double[] low, double[] high) {
            this.band = new Band(label, low, high);
            return this;
        }

        public Builder planned(Capacity planned) {
            this.planned = planned;
            return this;
        }

        /** Planned capacity from units per minute, read in units on the right axis. */
        public Builder plannedUnits(String label, int[] units, double loadPerUnit) {
            return planned(Capacity.ofUnits(label, units, loadPerUnit));
        }

        public Builder observed(String label, double[] values) {
            this.observed = new Line(label, values);
            return this;
        }

        /** Another capacity schedule in load terms, drawn as a dashed step line. */
        public Builder baseline(String name, double[] load) {
            baselines.add(new Capacity(name, load));
            return this;
        }

        public Builder marker(Instant at, String label, Kind kind) {
            markers.add(new Marker(at, label, kind));
            return this;
        }

        public Builder markers(List<Marker> all) {
            markers.addAll(all);
            return this;
        }

        public LayerChart build() {
            return new LayerChart(layer, note, metric, unit, startMinute, new Line(forecastLabel, forecast),
                    Optional.ofNullable(band), Optional.ofNullable(planned), Optional.ofNullable(observed), baselines,
                    markers);
        }
    }
}
