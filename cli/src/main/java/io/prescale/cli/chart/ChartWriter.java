package io.prescale.cli.chart;

import io.prescale.cli.chart.LayerChart.Kind;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.VectorGraphicsEncoder.VectorGraphicsFormat;
import org.knowm.xchart.XYChart;

/**
 * Writes a {@link ChartDocument} to a file whose extension picks the format: {@code .png}, {@code .svg} or {@code
 * .html} (a self-contained page, interactive: hover values and zoom, with its charting library inlined and the
 * charts as SVG for readers without scripts; nothing fetched). Each layer is one panel, one
 * under the other, under a heading with the title, the subtitle and a key to the markers.
 *
 * <pre>{@code
 * ChartWriter.forFile(Path.of("final.png")).write(document);
 * }</pre>
 */
public final class ChartWriter {
    /** The formats, by file extension. */
    public enum Format {
        PNG, SVG, HTML;

        /** The format a file name asks for, case-insensitively ({@code .htm} too). */
        public static Format of(Path file) {
            String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
            int dot = name.lastIndexOf('.');
            String ext = dot < 0 ? "" : name.substring(dot + 1);
            return switch (ext) {
                case "png" -> PNG;
                case "svg" -> SVG;
                case "html", "htm" -> HTML;
                default -> throw new ChartException("cannot tell the chart format of " + file + ": "
                        + (ext.isEmpty() ? "it has no extension" : "unknown extension ." + ext)
                        + "; use .png, .svg or .html");
            };
        }
    }

    static final int HEADER = 72;

    private final Path file;
    private final Format format;
    private final int width;
    private final int panelHeight;

    private ChartWriter(Path file, Format format, int width, int panelHeight) {
        this.file = file;
        this.format = format;
        this.width = width;
        this.panelHeight = panelHeight;
    }

    /**
     * A writer for this file, 1200 pixels wide with panels 380 pixels high.
     *
     * @throws ChartException when the extension is not {@code .png}, {@code .svg} or {@code .html}
     */
    public static ChartWriter forFile(Path file) {
        Objects.requireNonNull(file, "file");
        return new ChartWriter(file, Format.of(file), 1200, 380);
    }

    /** The same writer with another page width and panel height, in pixels. */
    public ChartWriter size(int width, int panelHeight) {
        if (width < 300 || panelHeight < 200) {
            throw new IllegalArgumentException("chart size " + width + "x" + panelHeight + " is below 300x200");
        }
        return new ChartWriter(file, format, width, panelHeight);
    }

    public Path file() {
        return file;
    }

    public Format format() {
        return format;
    }

    /**
     * Draws the document and writes the file, replacing it.
     *
     * @throws ChartException when the file cannot be written (the message names it and says why)
     */
    public void write(ChartDocument doc) {
        headless();
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (OutputStream out = Files.newOutputStream(file)) {
                switch (format) {
                    case PNG -> png(doc, out);
                    case SVG -> out.write(svg(doc).getBytes(StandardCharsets.UTF_8));
                    case HTML -> out.write(HtmlPage.of(doc, panelsAsSvg(doc), width, panelHeight).getBytes(StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            // the reason in words, not the exception's class: the command prints it as its one line
            String why = e instanceof java.nio.file.NoSuchFileException ? "no such file or directory"
                    : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason()
                    : String.valueOf(e.getMessage());
            throw new ChartException("cannot write chart " + file + ": " + why, e);
        }
    }

    /**
     * Charts are drawn off-screen: without this, AWT on a machine with no display may try to reach one. Set only
     * when nobody chose, so a caller that wants a display keeps it.
     */
    private static void headless() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private List<XYChart> panels(ChartDocument doc) {
        List<XYChart> charts = new ArrayList<>();
        for (LayerChart c : doc.layers()) {
            charts.add(LayerPlot.of(c, doc.zone(), width, panelHeight));
        }
        return charts;
    }

    private void png(ChartDocument doc, OutputStream out) throws IOException {
        List<XYChart> charts = panels(doc);
        BufferedImage page = new BufferedImage(width, HEADER + charts.size() * panelHeight, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = page.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, page.getWidth(), page.getHeight());
            header(g, doc);
            int y = HEADER;
            for (XYChart c : charts) {
                g.drawImage(BitmapEncoder.getBufferedImage(c), 0, y, null);
                y += panelHeight;
            }
        } finally {
            g.dispose();
        }
        if (!ImageIO.write(page, "png", out)) {
            throw new IOException("no PNG writer in this JDK");
        }
    }

    /** Title, subtitle and (right-aligned) the marker kinds present, drawn for the PNG. */
    private void header(Graphics2D g, ChartDocument doc) {
        g.setColor(new Color(0x111111));
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        g.drawString(doc.title(), 16, 30);
        g.setColor(new Color(0x444444));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(doc.subtitle(), 16, 52);
        int x = width - 16;
        List<Kind> kinds = new ArrayList<>(kinds(doc));
        for (int i = kinds.size() - 1; i >= 0; i--) {
            Kind k = kinds.get(i);
            String label = keyLabel(k);
            x -= g.getFontMetrics().stringWidth(label);
            g.setColor(new Color(0x333333));
            g.drawString(label, x, 52);
            x -= 8;
            g.setColor(MarkerLines.color(k));
            g.setStroke(new BasicStroke(1.3f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 3f},
                    0f));
            g.drawLine(x, 40, x, 56);
            x -= 18;
        }
        g.setColor(new Color(0xDDDDDD));
        g.setStroke(new BasicStroke(1f));
        g.drawLine(16, HEADER - 6, width - 16, HEADER - 6);
    }

    static Set<Kind> kinds(ChartDocument doc) {
        Set<Kind> kinds = EnumSet.noneOf(Kind.class);
        doc.layers().forEach(l -> l.markers().forEach(m -> kinds.add(m.kind())));
        return kinds;
    }

    static String keyLabel(Kind k) {
        return switch (k) {
            case KICKOFF -> "kickoff";
            case WHISTLE -> "final whistle";
            case EVENT -> "event";
        };
    }

    /** Each panel as a standalone SVG document (XChart draws glyphs as outlines; marker labels are text). */
    private List<String> panelsAsSvg(ChartDocument doc) throws IOException {
        List<String> svgs = new ArrayList<>();
        int n = 0;
        for (XYChart c : panels(doc)) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            VectorGraphicsEncoder.saveVectorGraphic(c, bytes, VectorGraphicsFormat.SVG);
            svgs.add(uniqueIds(bytes.toString(StandardCharsets.UTF_8), "p" + n++ + "-"));
        }
        return svgs;
    }

    private static final Pattern ROOT = Pattern.compile("<svg\\b[^>]*>");

    /** The panels nested in one SVG page under a heading; valid standalone XML, no DOCTYPE (nothing to fetch). */
    private String svg(ChartDocument doc) throws IOException {
        List<String> panels = panelsAsSvg(doc);
        int height = HEADER + panels.size() * panelHeight;
        StringBuilder s = new StringBuilder();
        s.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"").append(width)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ')
                .append(height).append("\">\n");
        s.append("<title>").append(xml(doc.title())).append("</title>\n");
        if (!doc.subtitle().isEmpty()) {
            s.append("<desc>").append(xml(doc.subtitle())).append("</desc>\n");
        }
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        s.append(svgHeader(doc, width));
        int y = HEADER;
        for (int i = 0; i < panels.size(); i++) {
            s.append("<svg x=\"0\" y=\"").append(y).append("\" width=\"").append(width).append("\" height=\"")
                    .append(panelHeight).append("\" viewBox=\"0 0 ").append(width).append(' ').append(panelHeight)
                    .append("\">\n<title>").append(xml(panelTitle(doc.layers().get(i)))).append("</title>")
                    .append(inner(panels.get(i))).append("</svg>\n");
            y += panelHeight;
        }
        s.append("</svg>\n");
        return s.toString();
    }

    static String svgHeader(ChartDocument doc, int width) {
        StringBuilder s = new StringBuilder();
        s.append("<text x=\"16\" y=\"30\" font-family=\"sans-serif\" font-size=\"18\" font-weight=\"bold\" "
                + "fill=\"#111111\">").append(xml(doc.title())).append("</text>\n");
        s.append("<text x=\"16\" y=\"52\" font-family=\"sans-serif\" font-size=\"12\" fill=\"#444444\">")
                .append(xml(doc.subtitle())).append("</text>\n");
        StringBuilder key = new StringBuilder();
        for (Kind k : kinds(doc)) {
            Color c = MarkerLines.color(k);
            key.append("<tspan fill=\"").append(hex(c)).append("\">\u2506 </tspan><tspan fill=\"#333333\">")
                    .append(keyLabel(k)).append("    </tspan>");
        }
        if (key.length() > 0) {
            s.append("<text x=\"").append(width - 16).append("\" y=\"52\" text-anchor=\"end\" xml:space=\"preserve\" "
                    + "font-family=\"sans-serif\" font-size=\"12\">").append(key).append("</text>\n");
        }
        s.append("<line x1=\"16\" y1=\"").append(HEADER - 6).append("\" x2=\"").append(width - 16).append("\" y2=\"")
                .append(HEADER - 6).append("\" stroke=\"#dddddd\"/>\n");
        return s.toString();
    }

    /** The panel's heading; XChart draws it as outlines, so it is repeated as the SVG title for search and screen readers. */
    static String panelTitle(LayerChart c) {
        return c.note().isEmpty() ? c.layer() : c.layer() + " \u2014 " + c.note();
    }

    /** What is inside a standalone SVG document's root element. */
    static String inner(String svg) {
        Matcher m = ROOT.matcher(svg);
        if (!m.find()) {
            throw new IllegalStateException("XChart wrote no <svg> element");
        }
        int end = svg.lastIndexOf("</svg>");
        return svg.substring(m.end(), end);
    }

    /** The root element's attributes replaced: no DOCTYPE, no namespace declarations (for inline use in HTML). */
    static String inline(String svg, String title, int width, int height) {
        return "<svg viewBox=\"0 0 " + width + " " + height + "\" width=\"" + width + "\" height=\"" + height
                + "\" role=\"img\"><title>" + xml(title) + "</title>" + inner(svg) + "</svg>";
    }

    /** XChart names clip paths by hash; prefixed per panel so that panels on one page cannot clash. */
    private static String uniqueIds(String svg, String prefix) {
        return svg.replace("id=\"", "id=\"" + prefix).replace("url(#", "url(#" + prefix);
    }

    static String hex(Color c) {
        return String.format(Locale.ROOT, "#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
    }

    static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    int width() {
        return width;
    }

    int panelHeight() {
        return panelHeight;
    }
}
