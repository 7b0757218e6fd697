package io.prescale.providers.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Prometheus server (Debian's {@code prometheus} package) for tests: history is written as OpenMetrics text,
 * turned into TSDB blocks by {@code promtool tsdb create-blocks-from openmetrics}, and the server is started on
 * loopback over that data directory with no scrape targets and a retention long enough for any timestamp. CI
 * installs the package ({@code .ci/run}); elsewhere, a machine without it skips these tests.
 */
public final class RealPrometheus implements AutoCloseable {
    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    private final Process process;
    private final URI url;
    private final Path dir;

    private RealPrometheus(Process process, URI url, Path dir) {
        this.process = process;
        this.url = url;
        this.dir = dir;
    }

    /** Fails in CI when Prometheus is missing (the CI script must install it); skips elsewhere. */
    public static void assumeInstalled() {
        boolean present = Files.isExecutable(PROMETHEUS) && Files.isExecutable(PROMTOOL);
        if (!present && System.getenv("CI") != null) {
            throw new IllegalStateException("CI must install Debian's prometheus package (see .ci/run)");
        }
        Assumptions.assumeTrue(present, "Debian's prometheus package is not installed");
    }

    /**
     * Starts a server holding {@code series}: metric name with labels (e.g. {@code web_rps{layer="web"}}) to
     * values per minute from epoch minute {@code startMinute} (NaN: no sample).
     */
    public static RealPrometheus start(Path dir, long startMinute, Map<String, double[]> series) {
        assumeInstalled();
        try {
            Path om = dir.resolve("history.om");
            StringBuilder sb = new StringBuilder();
            for (var e : series.entrySet()) {
                String name = e.getKey().contains("{") ? e.getKey().substring(0, e.getKey().indexOf('{')) : e.getKey();
                if (sb.indexOf("# TYPE " + name + " ") < 0) {
                    sb.append("# TYPE ").append(name).append(" gauge\n");
                }
                double[] v = e.getValue();
                for (int i = 0; i < v.length; i++) {
                    if (!Double.isNaN(v[i])) {
                        sb.append(e.getKey()).append(' ').append(String.format(Locale.ROOT, "%.3f", v[i])).append(' ')
                                .append((startMinute + i) * 60).append('\n');
                    }
                }
            }
            sb.append("# EOF\n");
            Files.writeString(om, sb.toString());
            Path data = Files.createDirectories(dir.resolve("data"));
            run(List.of(PROMTOOL.toString(), "tsdb", "create-blocks-from", "openmetrics", om.toString(), data.toString()));
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, "global: {scrape_interval: 1m}\nscrape_configs: []\n");
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Process p = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config,
                    "--storage.tsdb.path=" + data, "--storage.tsdb.retention.time=100y",
                    "--web.listen-address=127.0.0.1:" + port, "--query.lookback-delta=2m")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
            RealPrometheus r = new RealPrometheus(p, URI.create("http://127.0.0.1:" + port), dir);
            r.awaitReady();
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<String> errors = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus exited: " + log());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(url.resolve("/-/ready")).timeout(
                        Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                errors.add(e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("prometheus not ready in 30 s: " + log());
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("prometheus.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    public URI url() {
        return url;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
