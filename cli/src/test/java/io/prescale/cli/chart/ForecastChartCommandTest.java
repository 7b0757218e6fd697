package io.prescale.cli.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.cli.CliRun;
import io.prescale.cli.Main;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code prescale forecast --chart} through {@link Main#run}, on the invidi-ads example. */
class ForecastChartCommandTest {
    static final String EXAMPLE = "../examples/invidi-ads";
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-12T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;

    static CliRun run(String... args) {
        return CliRun.run(CLOCK, args);
    }

    @Test
    void forecast_chartPng_writesOnePanelPerLayerBesideTheTable() throws Exception {
        // given
        Path file = tmp.resolve("final.png");

        // when
        CliRun r = run("forecast", EXAMPLE, "--event", "FINAL", "--chart", file.toString());

        // then
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("ad-edge"), "the table is still printed");
        BufferedImage img = ImageIO.read(file.toFile());
        assertNotNull(img, "a PNG");
        assertEquals(1200, img.getWidth());
        assertEquals(ChartWriter.HEADER + 5 * 380, img.getHeight(), "five layers, the nodes' panel included");
    }

    @Test
    void forecast_chartSvgOneLayer_marksTheKickoffInTheScenarioZone() throws Exception {
        Path file = tmp.resolve("final.svg");
        CliRun r = run("forecast", EXAMPLE, "--event", "FINAL", "--layer", "ad-edge", "--output", "json",
                "--chart", file.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("{"), "stdout stays plain JSON");
        String svg = Files.readString(file);
        assertTrue(svg.contains(">FINAL kickoff  15:00 EDT</text>"), "kickoff 19:00Z reads 15:00 EDT");
        assertTrue(svg.contains("<title>ad-edge \u2014 400 rps per instance"), "the panel is named in its SVG title");
    }

    @Test
    void forecast_chartUnknownExtension_exitsOneBeforeForecasting() {
        Path file = tmp.resolve("final.pdf");
        CliRun r = run("forecast", EXAMPLE, "--chart", file.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("unknown extension .pdf; use .png, .svg or .html"), r.err());
        assertEquals("", r.out(), "nothing printed before the error");
        assertFalse(Files.exists(file));
    }
}
