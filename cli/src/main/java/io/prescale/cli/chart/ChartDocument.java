package io.prescale.cli.chart;

import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * What one chart file shows: a title, the zone the time axes read in, and one panel per layer, drawn one under the
 * other.
 *
 * @param title    heading of the page, e.g. {@code "invidi-ads: forecast"}
 * @param subtitle a line under the title (what was forecast, as of when); may be empty
 * @param zone     every time label reads in this zone, e.g. the scenario's {@code America/New_York}
 * @param layers   the panels, top to bottom
 */
public record ChartDocument(String title, String subtitle, ZoneId zone, List<LayerChart> layers) {

    public ChartDocument {
        Objects.requireNonNull(title, "title");
        subtitle = subtitle == null ? "" : subtitle;
        Objects.requireNonNull(zone, "zone");
        layers = List.copyOf(layers);
    }

    public ChartDocument(String title, ZoneId zone, List<LayerChart> layers) {
        this(title, "", zone, layers);
    }
}
