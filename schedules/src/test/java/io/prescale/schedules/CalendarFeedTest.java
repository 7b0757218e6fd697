package io.prescale.schedules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.prescale.planner.diag.InvalidInputException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** iCalendar feeds fetched from a URL: their events join the calendar; a change moves jobs; an outage keeps them. */
class CalendarFeedTest {
    static final Instant NOW = Instant.parse("2030-06-01T00:00:00Z");

    static String feed(String kickoff) {
        return String.join("\r\n", "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//league//fixtures//EN",
                "BEGIN:VEVENT", "UID:FEED-1", "DTSTAMP:20300101T000000Z", "DTSTART:" + kickoff,
                "SUMMARY:G vs H", "CATEGORIES:group", "X-PRESCALE-P50:1M", "X-PRESCALE-P90:1.2M", "END:VEVENT",
                "END:VCALENDAR", "");
    }

    HttpServer server;
    final AtomicReference<String> body = new AtomicReference<>(feed("20300625T190000Z"));
    /** Bytes sent instead of {@code body} when set: a feed that is not UTF-8. */
    final AtomicReference<byte[]> raw = new AtomicReference<>();
    final AtomicInteger status = new AtomicInteger(200);
    final AtomicInteger notModified = new AtomicInteger();
    URI url;

    @BeforeEach
    void serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/league.ics", x -> {
            String b = body.get();
            String etag = "\"" + Integer.toHexString(raw.get() != null ? java.util.Arrays.hashCode(raw.get()) : b.hashCode()) + "\"";
            if (status.get() == 200 && etag.equals(x.getRequestHeaders().getFirst("If-None-Match"))) {
                notModified.incrementAndGet();
                x.sendResponseHeaders(304, -1);
                x.close();
                return;
            }
            byte[] bytes = raw.get() != null ? raw.get() : (status.get() == 200 ? b : "down").getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().set("ETag", etag);
            x.sendResponseHeaders(status.get(), bytes.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/league.ics?token=secret");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    static Map<String, Instant> jobs(ScenarioSource.Loaded l) {
        return JobScheduleTest.times(JobSchedule.compute(l.scenario(), List.of(), NOW, JobSchedule.Settings.DEFAULT));
    }

    @Test
    void feed_eventsJoinTheCalendar_aChangeMovesThem_anOutageKeepsTheLastCopy() {
        ScenarioSource source = new ScenarioSource(Fixtures.CUP, List.of(url), Duration.ZERO);

        assertEquals(List.of(), source.refreshFeeds(NOW));
        ScenarioSource.Loaded first = source.load(NOW);
        assertEquals(Instant.parse("2030-06-25T18:07:00Z"), jobs(first).get("event/FEED-1/edge/scale-out"));

        // unchanged: a conditional GET, nothing changes
        source.refreshFeeds(NOW.plusSeconds(1));
        assertEquals(1, notModified.get());
        assertEquals(first.digest(), source.load(NOW).digest());

        // the league moves the match by an hour
        body.set(feed("20300625T200000Z"));
        source.refreshFeeds(NOW.plusSeconds(2));
        ScenarioSource.Loaded moved = source.load(NOW);
        assertNotEquals(first.digest(), moved.digest());
        assertEquals(Instant.parse("2030-06-25T19:07:00Z"), jobs(moved).get("event/FEED-1/edge/scale-out"));

        // the feed is down: its last good copy is kept, and the problem named (without the URL's token)
        status.set(503);
        List<String> problems = source.refreshFeeds(NOW.plusSeconds(3));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("HTTP 503; keeping the copy from"), problems.get(0));
        assertTrue(!problems.get(0).contains("secret"), problems.get(0));
        assertEquals(moved.digest(), source.load(NOW).digest());
    }

    @Test
    void feed_neverFetched_stopsTheLoad_soItsJobsAreNotDeleted() {
        status.set(500);
        ScenarioSource source = new ScenarioSource(Fixtures.CUP, List.of(url), Duration.ZERO);
        source.refreshFeeds(NOW);

        InvalidInputException e = assertThrows(InvalidInputException.class, () -> source.load(NOW));

        assertTrue(e.diagnostics().get(0).format().contains("calendar feed not fetched yet"), e.getMessage());
    }

    @Test
    void feed_fetchedOnItsInterval() {
        ScenarioSource source = new ScenarioSource(Fixtures.CUP, List.of(url), Duration.ofMinutes(5));
        source.refreshFeeds(NOW);
        body.set(feed("20300625T200000Z"));

        source.refreshFeeds(NOW.plus(Duration.ofMinutes(4)));
        assertEquals(Instant.parse("2030-06-25T18:07:00Z"), jobs(source.load(NOW)).get("event/FEED-1/edge/scale-out"));

        source.refreshFeeds(NOW.plus(Duration.ofMinutes(5)));
        assertEquals(Instant.parse("2030-06-25T19:07:00Z"), jobs(source.load(NOW)).get("event/FEED-1/edge/scale-out"));
    }

    @Test
    void feed_notUtf8_refusedAtItsLine_theLastGoodCopyActedOn() {
        ScenarioSource source = new ScenarioSource(Fixtures.CUP, List.of(url), Duration.ZERO);
        source.refreshFeeds(NOW);
        ScenarioSource.Loaded good = source.load(NOW);
        // given: a Latin-1 export, "Séville" with é as the single byte 0xE9 on line 8
        raw.set(feed("20300625T200000Z").replace("SUMMARY:G vs H", "SUMMARY:G vs S\u00e9ville")
                .getBytes(StandardCharsets.ISO_8859_1));

        // when
        source.refreshFeeds(NOW.plusSeconds(1));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> source.load(NOW));

        // then: refused, naming the feed (without its token), the line and the byte, as a calendar file is
        String said = e.diagnostics().get(0).format();
        assertEquals(1, e.diagnostics().size(), e.getMessage());
        assertTrue(said.startsWith("http://127.0.0.1:" + url.getPort() + "/league.ics?...#.ics:8:15: error: the file is not "
                + "UTF-8 text: byte 0xE9 at offset"), said);
        assertTrue(!said.contains("secret"), said);
        assertTrue(String.join("; ", source.loadOrLastGood(NOW).notes()).contains("acting on its last good version"));
        assertEquals(good.digest(), source.loadOrLastGood(NOW).digest());
    }

    @Test
    void feed_largerThanTheCalendarLimit_refused_notReadWhole() {
        ScenarioSource source = new ScenarioSource(Fixtures.CUP, List.of(url), Duration.ZERO);
        raw.set(new byte[(int) io.prescale.planner.config.InputFiles.MAX_CALENDAR_BYTES + 10]);

        source.refreshFeeds(NOW);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> source.load(NOW));

        assertTrue(e.diagnostics().get(0).format().contains("/league.ics?...#.ics: error: cannot read calendar feed"), e.getMessage());
        assertTrue(e.diagnostics().get(0).format().contains("more than the 5 MB limit"), e.getMessage());
    }
}
