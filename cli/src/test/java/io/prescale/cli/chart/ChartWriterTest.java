package io.prescale.cli.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.cli.chart.LayerChart.Kind;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** {@link ChartWriter} on a made-up final: every format is written, opens, and shows what it should. */
class ChartWriterTest {
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    static final Instant KICKOFF = Instant.parse("2026-07-19T19:00:00Z"); // 15:00 EDT

    @TempDir
    Path tmp;

    /** Two layers, four and a half hours from 13:30 EDT: a band, planned capacity in instances, a trace with a gap, markers. */
    static ChartDocument finalMatch() {
        long start = KICKOFF.getEpochSecond() / 60 - 90;
        int n = 270;
        List<LayerChart> layers = new ArrayList<>();
        for (String name : List.of("ad-edge", "tracking-buffer")) {
            double scale = name.equals("ad-edge") ? 131_000 : 958_000;
            double[] p50 = new double[n];
            double[] p90 = new double[n];
            double[] observed = new double[n];
            int[] units = new int[n];
            double[] reactive = new double[n];
            for (int i = 0; i < n; i++) {
                double live = i >= 80 && i < 200 ? 0.6 + 0.4 * Math.sin((i - 80) / 12.0) * Math.sin((i - 80) / 12.0) : 0.03;
                p90[i] = scale * live;
                p50[i] = p90[i] * 0.7;
                observed[i] = i >= 150 && i < 160 ? Double.NaN : p50[i] * 1.1;
                units[i] = i >= 70 && i < 215 ? 400 : 50;
                reactive[i] = Math.max(50 * 340, (i < 5 ? p50[0] : p50[i - 5]) * 1.1);
            }
            layers.add(LayerChart.builder(name, "rps", start, p90)
                    .forecastLabel("forecast (P90)")
                    .note("400 rps per instance, headroom 15%")
                    .unit("instances")
                    .band("P50-P90", p50, p90)
                    .plannedUnits("planned capacity", units, scale / 385)
                    .observed("observed", observed)
                    .baseline("reactive autoscaler", reactive)
                    .marker(KICKOFF, "FINAL kickoff", Kind.KICKOFF)
                    .marker(KICKOFF.plusSeconds(47 * 60), "FINAL goal", Kind.EVENT)
                    .marker(KICKOFF.plusSeconds(161 * 60), "FINAL latest whistle", Kind.WHISTLE)
                    .build());
        }
        return new ChartDocument("demo: FINAL", "P50-P90 audience, times in America/New_York", NEW_YORK, layers);
    }

    @Test
    void png_twoLayers_isAnImageOfThePageSizeInManyColours() throws Exception {
        // given
        Path file = tmp.resolve("final.png");

        // when
        ChartWriter.forFile(file).write(finalMatch());

        // then
        BufferedImage img = ImageIO.read(file.toFile());
        assertNotNull(img, "ImageIO reads the PNG");
        assertEquals(1200, img.getWidth());
        assertEquals(ChartWriter.HEADER + 2 * 380, img.getHeight());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                colours.add(img.getRGB(x, y) & 0xFFFFFF);
            }
        }
        assertTrue(colours.size() > 50, "not blank: " + colours.size() + " colours");
        for (Color c : List.of(LayerPlot.FORECAST, LayerPlot.PLANNED, LayerPlot.BASELINES[0],
                MarkerLines.color(Kind.KICKOFF), MarkerLines.color(Kind.EVENT))) {
            assertTrue(colours.stream().anyMatch(rgb -> near(rgb, c)), "the picture has " + c);
        }
    }

    private static boolean near(int rgb, Color c) {
        int r = (rgb >> 16) & 0xFF;
        int g = (rgb >> 8) & 0xFF;
        int b = rgb & 0xFF;
        return Math.abs(r - c.getRed()) + Math.abs(g - c.getGreen()) + Math.abs(b - c.getBlue()) < 24;
    }

    @Test
    void svg_isXmlWithAnSvgRootAndTextInTheZonesTime() throws Exception {
        // given
        Path file = tmp.resolve("final.svg");

        // when
        ChartWriter.forFile(file).write(finalMatch());

        // then
        Document doc = parse(Files.readAllBytes(file));
        assertEquals("svg", doc.getDocumentElement().getLocalName());
        assertEquals("http://www.w3.org/2000/svg", doc.getDocumentElement().getNamespaceURI());
        NodeList texts = doc.getElementsByTagNameNS("*", "text");
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < texts.getLength(); i++) {
            labels.add(texts.item(i).getTextContent());
        }
        assertTrue(labels.contains("demo: FINAL"), labels.toString());
        assertTrue(labels.stream().anyMatch(t -> t.contains("FINAL kickoff") && t.contains("15:00 EDT")),
                labels.toString());
        assertTrue(labels.stream().anyMatch(t -> t.contains("FINAL latest whistle") && t.contains("17:41 EDT")),
                labels.toString());
        assertEquals(2, doc.getDocumentElement().getElementsByTagNameNS("*", "svg").getLength(), "one panel per layer");
    }

    @Test
    void html_embedsTheChartsAndFetchesNothing() throws Exception {
        // given
        Path file = tmp.resolve("final.html");

        // when
        ChartWriter.forFile(file).write(finalMatch());

        // then
        String html = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(html.startsWith("<!DOCTYPE html>"), html.substring(0, 40));
        assertTrue(html.contains("<title>demo: FINAL</title>"));
        assertTrue(html.contains("<h1>demo: FINAL</h1>"));
        assertEquals(2, html.split("<svg ", -1).length - 1, "one inline SVG per layer");
        for (String legend : List.of("P50-P90", "forecast (P90)", "planned capacity", "observed", "reactive autoscaler",
                "kickoff", "final whistle")) {
            assertTrue(html.contains(">" + legend + "</li>"), "legend has " + legend);
        }
        assertTrue(html.contains("Sun Jul 19 15:00 EDT"), "marked times read in the zone");
        assertFalse(java.util.regex.Pattern.compile("(?i)<(script|img|iframe)[^>]*\\ssrc=|<link|@import|url\\(\\s*['\"]?(https?:)?//")
                .matcher(html).find(), "nothing to load");
        assertTrue(html.contains("<noscript><svg "), "the SVG stays for readers without scripts");
        assertTrue(html.contains("uPlot"), "the charting library is inlined");
    }

    @Test
    void html_panelsRunTheirScript_eachSeriesWithItsMinutes() throws Exception {
        // given: node runs the page's own script with a stand-in for the library, which records what it is given
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/node")), "node not installed");
        Path file = tmp.resolve("final.html");
        ChartWriter.forFile(file).write(finalMatch());
        String html = Files.readString(file, StandardCharsets.UTF_8);
        StringBuilder js = new StringBuilder("""
                var made = [];
                var devicePixelRatio = 1, window = {addEventListener: function () {}}, document = {
                  getElementById: function (id) { return {id: id, clientWidth: 900}; }};
                function uPlot(opts, data, el) { made.push({opts: opts, data: data, el: el}); this.setSize = function () {}; }
                uPlot.paths = {stepped: function () { return 'stepped'; }};
                uPlot.tzDate = function (d) { return d; };
                """);
        var scripts = java.util.regex.Pattern.compile("(?s)<script>(.*?)</script>").matcher(html);
        scripts.find(); // the library itself: replaced by the stand-in above
        while (scripts.find()) {
            js.append(scripts.group(1)).append('\n');
        }
        js.append("""
                console.log(JSON.stringify(made.map(function (m) {
                  return {el: m.el.id, minutes: m.data[0].length, lengths: m.data.map(function (d) { return d.length; }),
                    labels: m.opts.series.map(function (s) { return s.label; }), axes: m.opts.axes.length,
                    bands: m.opts.bands.length, legend: m.opts.series[5].value(null, 1234.5),
                    planned: m.opts.series[4].value(null, 17000)};
                })));
                """);
        Path script = tmp.resolve("page.js");
        Files.writeString(script, js);

        // when
        Process p = new ProcessBuilder("/usr/bin/node", script.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        // then: one chart per layer, every series as long as the time axis, the right axis in units, the band
        assertEquals(0, p.waitFor(), out);
        var made = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out);
        assertEquals(2, made.size(), out);
        assertEquals("panel0", made.get(0).get("el").asText());
        for (var m : made) {
            assertEquals(270, m.get("minutes").asInt());
            m.get("lengths").forEach(n -> assertEquals(270, n.asInt(), out));
            assertEquals(List.of("time (America/New_York)", "P50-P90 (high)", "P50-P90 (low)", "reactive autoscaler",
                    "planned capacity", "forecast (P90)", "observed"), labelsOf(m));
            assertEquals(3, m.get("axes").asInt(), "time, load, and the capacity in units on the right");
            assertEquals(1, m.get("bands").asInt());
        }
        assertEquals("1,235 rps", made.get(0).get("legend").asText(), "hover values read as the table does");
        assertTrue(made.get(0).get("planned").asText().matches("17,000 rps = \\d+ instances"),
                made.get(0).get("planned").asText());
    }

    private static List<String> labelsOf(com.fasterxml.jackson.databind.JsonNode m) {
        List<String> out = new ArrayList<>();
        m.get("labels").forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void html_labelThatLooksLikeMarkup_staysInsideItsScript() throws Exception {
        // a marker label is the event's title, which comes from a feed
        String label = "</script><script>alert(1)</script> \"Eng\\land\"\n\u2028";
        String json = InteractivePanel.str(label);
        assertFalse(json.contains("</") || json.contains("<script") || json.contains("\u2028"), json);
        assertEquals(label, new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, String.class));
    }

    @Test
    void colours_everySeriesAndMarkerKind_standApart() {
        // a kickoff line drawn in the reactive baseline's green read as part of it
        List<Color> all = new ArrayList<>(List.of(LayerPlot.FORECAST, LayerPlot.PLANNED, LayerPlot.OBSERVED));
        all.addAll(List.of(LayerPlot.BASELINES));
        for (Kind k : Kind.values()) {
            all.add(MarkerLines.color(k));
        }
        for (int i = 0; i < all.size(); i++) {
            for (int j = i + 1; j < all.size(); j++) {
                Color a = all.get(i);
                Color b = all.get(j);
                double d = Math.sqrt(Math.pow(a.getRed() - b.getRed(), 2) + Math.pow(a.getGreen() - b.getGreen(), 2)
                        + Math.pow(a.getBlue() - b.getBlue(), 2));
                assertTrue(d > 60, ChartWriter.hex(a) + " and " + ChartWriter.hex(b) + " are too close: " + d);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"chart.pdf", "chart.jpeg", "chart", "chart.png.txt"})
    void forFile_unknownExtension_saysWhichWork(String name) {
        ChartException e = assertThrows(ChartException.class, () -> ChartWriter.forFile(tmp.resolve(name)));
        assertTrue(e.getMessage().contains(name), e.getMessage());
        assertTrue(e.getMessage().contains("use .png, .svg or .html"), e.getMessage());
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({"a.png, PNG", "a.PNG, PNG", "dir.x/a.svg, SVG", "a.html, HTML", "a.htm, HTML"})
    void format_byExtension_ignoringCase(String name, ChartWriter.Format expected) {
        assertEquals(expected, ChartWriter.Format.of(Path.of(name)));
    }

    @Test
    void write_intoAMissingFolder_createsIt() throws Exception {
        Path file = tmp.resolve("out/charts/final.png");
        ChartWriter.forFile(file).write(finalMatch());
        assertNotNull(ImageIO.read(file.toFile()));
    }

    @Test
    void write_onlyAForecast_drawsWithoutBandCapacityOrMarkers() throws Exception {
        // given
        double[] load = {0, 10, 250, 900, 1200, 800, 40, 0};
        LayerChart only = LayerChart.builder("cdn", "Gbps", KICKOFF.getEpochSecond() / 60, load).build();
        Path file = tmp.resolve("cdn.png");

        // when
        ChartWriter.forFile(file).size(800, 300).write(new ChartDocument("cdn", ZoneId.of("Europe/London"),
                List.of(only)));

        // then
        BufferedImage img = ImageIO.read(file.toFile());
        assertEquals(800, img.getWidth());
        assertEquals(ChartWriter.HEADER + 300, img.getHeight());
    }

    private static Document parse(byte[] xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }
}
