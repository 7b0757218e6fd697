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
        assertFalse(html.contains("http://") || html.contains("https://"), "no external reference");
        assertFalse(html.contains("<script") || html.contains("<link") || html.contains("<img"), "nothing to load");
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
