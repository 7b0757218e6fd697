package io.prescale.cli.chart;

import io.prescale.cli.chart.LayerChart.Kind;
import io.prescale.cli.chart.LayerChart.Marker;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.knowm.xchart.internal.chartpart.Annotation;

/**
 * A panel's markers: a dashed vertical line per marker in its kind's colour, labelled along the line with the
 * label and the time in the document's zone.
 *
 * <p>XChart's own {@code AnnotationLine} has one colour for all lines and its text is drawn as glyph outlines; this
 * extends XChart's (internal) {@link Annotation} so that each kind has its colour and labels are drawn with {@code
 * drawString}, which the SVG output keeps as real {@code <text>} (searchable, selectable). A label that would
 * overlap the previous one is left out; its line is still drawn.
 */
final class MarkerLines extends Annotation {
    static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    private static final BasicStroke DASHED = new BasicStroke(1.3f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {5f, 3f}, 0f);
    private static final Color HALO = new Color(255, 255, 255, 210);

    private final List<Marker> markers;
    private final DateTimeFormatter time;
    private final ZoneId zone;
    private final TimeAxis axis;

    MarkerLines(List<Marker> markers, ZoneId zone, DateTimeFormatter time, TimeAxis axis) {
        super(false);
        this.markers = markers.stream().sorted(Comparator.comparing(Marker::at)).toList();
        this.zone = zone;
        this.time = time;
        this.axis = axis;
    }

    static Color color(Kind kind) {
        return switch (kind) {
            // hues no series uses (LayerPlot): a kickoff line must not read as the reactive baseline's green
            case KICKOFF -> new Color(0x6A, 0x3D, 0x9A);
            case WHISTLE -> new Color(0x55, 0x55, 0x55);
            case EVENT -> new Color(0x8C, 0x1D, 0x40);
        };
    }

    String text(Marker m) {
        return m.label() + "  " + time.format(m.at().atZone(zone));
    }

    @Override
    public void paint(Graphics2D g) {
        int left = Math.min(getXAxisScreenValueForMin(), getXAxisScreenValueForMax());
        int right = Math.max(getXAxisScreenValueForMin(), getXAxisScreenValueForMax());
        int top = Math.min(getYAxisScreenValueForMin(), getYAxisScreenValueForMax());
        int bottom = Math.max(getYAxisScreenValueForMin(), getYAxisScreenValueForMax());
        bounds = new Rectangle2D.Double(left, top, right - left, bottom - top);
        g.setFont(FONT);
        FontMetrics fm = g.getFontMetrics();
        List<Marker> shown = new ArrayList<>();
        List<Integer> xs = new ArrayList<>();
        for (Marker m : markers) {
            int x = getXAxisScreenValue(axis.x(m.at()));
            if (x >= left && x <= right) {
                g.setColor(color(m.kind()));
                g.setStroke(DASHED);
                g.drawLine(x, top, x, bottom);
                shown.add(m);
                xs.add(x);
            }
        }
        // Labels over every line, so that a later line does not cross an earlier label.
        int lastLabel = -100_000;
        for (int i = 0; i < shown.size(); i++) {
            int x = xs.get(i);
            String text = text(shown.get(i));
            int w = fm.stringWidth(text);
            if (x - lastLabel < fm.getHeight() + 2 || w > bottom - top - 8) {
                continue;
            }
            lastLabel = x;
            // Rotated to read bottom-to-top along the line, just right of it, ending near the top of the plot.
            AffineTransform saved = g.getTransform();
            g.translate(x + 2 + fm.getAscent(), top + 6 + w);
            g.rotate(-Math.PI / 2);
            g.setColor(HALO);
            g.fillRect(-2, -fm.getAscent(), w + 4, fm.getAscent() + fm.getDescent());
            g.setColor(color(shown.get(i).kind()));
            g.drawString(text, 0, 0);
            g.setTransform(saved);
        }
    }
}
