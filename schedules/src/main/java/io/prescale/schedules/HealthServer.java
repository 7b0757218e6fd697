package io.prescale.schedules;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The daemon's HTTP endpoint (the JDK's server, no framework): {@code /healthz} (the process is up: liveness),
 * {@code /readyz} (the scheduler runs and the job store answers: readiness) and {@code /metrics} (Prometheus).
 */
final class HealthServer implements AutoCloseable {
    /** A probe's answer: ok, or why not. */
    record Status(boolean ok, String detail) {
    }

    private final HttpServer server;
    private final ExecutorService executor;

    private HealthServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** @param port 0 for any free port */
    static HealthServer start(int port, Supplier<Status> live, Supplier<Status> ready, Supplier<String> metrics) {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(port), 16);
            ExecutorService ex = Executors.newFixedThreadPool(2, r -> {
                Thread t = new Thread(r, "prescale-http");
                t.setDaemon(true);
                return t;
            });
            s.setExecutor(ex);
            s.createContext("/healthz", x -> probe(x, live.get()));
            s.createContext("/readyz", x -> probe(x, ready.get()));
            s.createContext("/metrics", x -> send(x, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.get()));
            s.start();
            return new HealthServer(s, ex);
        } catch (IOException e) {
            throw new ScheduleException("start the health and metrics endpoint on port " + port + ": " + e.getMessage(), e);
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    private static void probe(HttpExchange x, Status s) throws IOException {
        send(x, s.ok() ? 200 : 503, "text/plain; charset=utf-8", (s.ok() ? "ok" : "not ok") + ": " + s.detail() + "\n");
    }

    private static void send(HttpExchange x, int code, String type, String body) throws IOException {
        try (x) {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().set("Content-Type", type);
            if ("HEAD".equals(x.getRequestMethod())) {
                x.sendResponseHeaders(code, -1);
                return;
            }
            x.sendResponseHeaders(code, b.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(b);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
