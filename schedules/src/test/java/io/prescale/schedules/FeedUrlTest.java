package io.prescale.schedules;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.prescale.planner.diag.InvalidInputException;
import io.prescale.providers.apply.FakeProvider;
import io.prescale.providers.apply.MutableClock;
import io.prescale.providers.spi.ProviderConfig;
import io.prescale.providers.spi.ProviderRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.TriggerKey;

/**
 * The daemon from --calendar-url feeds alone, no calendar in the scenario: a football-data.org v4 matches response
 * fetched with its X-Auth-Token, and an iCalendar feed whose floating times follow the scenario's calendarZone and
 * whose entries the scenario's calendarRules map, as a file calendar's do.
 */
class FeedUrlTest {
    static final Instant START = Instant.parse("2030-06-01T00:00:00Z");
    static final String TOKEN = "fd-test-token-5b1e";

    /** A football-data.org v4 /competitions/WC/matches response, trimmed to the fields prescale reads. */
    static final String MATCHES = """
            {
              "filters": {"season": "2030"},
              "resultSet": {"count": 3, "first": "2030-06-13", "last": "2030-06-15", "played": 0},
              "competition": {"id": 2000, "name": "FIFA World Cup", "code": "WC", "type": "CUP"},
              "matches": [
                {
                  "id": 537327, "utcDate": "2030-06-13T19:00:00Z", "status": "TIMED", "matchday": 1,
                  "stage": "GROUP_STAGE", "group": "GROUP_A", "lastUpdated": "2030-05-30T08:20:11Z",
                  "homeTeam": {"id": 769, "name": "Mexico", "shortName": "Mexico", "tla": "MEX"},
                  "awayTeam": {"id": 774, "name": "South Africa", "shortName": "South Africa", "tla": "RSA"},
                  "score": {"winner": null, "duration": "REGULAR", "fullTime": {"home": null, "away": null}}
                },
                {
                  "id": 537328, "utcDate": "2030-06-14T16:00:00Z", "status": "POSTPONED", "matchday": 1,
                  "stage": "GROUP_STAGE", "group": "GROUP_A", "lastUpdated": "2030-05-30T08:20:11Z",
                  "homeTeam": {"id": 772, "name": "Korea Republic", "tla": "KOR"},
                  "awayTeam": {"id": 801, "name": "Czechia", "tla": "CZE"},
                  "score": {"winner": null, "duration": "REGULAR", "fullTime": {"home": null, "away": null}}
                },
                {
                  "id": 537400, "utcDate": "2030-07-19T19:00:00Z", "status": "SCHEDULED",
                  "stage": "FINAL", "group": null, "lastUpdated": "2030-05-30T08:20:11Z",
                  "homeTeam": {"id": null, "name": null}, "awayTeam": {"id": null, "name": null},
                  "score": {"winner": null, "duration": "REGULAR", "fullTime": {"home": null, "away": null}}
                }
              ]
            }
            """;

    static final String FLOATING = String.join("\r\n", "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//club//x//EN",
            "BEGIN:VEVENT", "UID:c1@club", "DTSTART:20300620T200000", "SUMMARY:M7 Lions hosts Eagles", "END:VEVENT",
            "END:VCALENDAR", "");

    @TempDir
    Path tmp;
    WireMockServer server;
    StringWriter log = new StringWriter();
    Daemon daemon;

    @BeforeEach
    void serve() {
        server = new WireMockServer(wireMockConfig().dynamicPort());
        server.start();
        // as football-data.org answers a request without a valid token
        server.stubFor(get(urlEqualTo("/v4/competitions/WC/matches?season=2030")).atPriority(10)
                .willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json;charset=UTF-8")
                        .withBody("{\"message\": \"The resource you are looking for is restricted and apparently not "
                                + "within your permissions. Please check your subscription.\", \"errorCode\": 403}")));
        server.stubFor(get(urlEqualTo("/v4/competitions/WC/matches?season=2030")).atPriority(1)
                .withHeader("X-Auth-Token", equalTo(TOKEN))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json;charset=UTF-8")
                        .withBody(MATCHES)));
        server.stubFor(get(urlEqualTo("/club/fixtures")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/calendar; charset=utf-8").withBody(FLOATING)));
    }

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.close();
        }
        server.stop();
    }

    Path scenario(String extra) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("s"));
        Files.writeString(dir.resolve("prescale.yaml"), """
                name: feeds
                zone: Europe/London
                plan: {quantile: p90, horizon: 4000d}
                calendarZone: Europe/Paris
                """ + extra + """
                audience:
                  base: {p50: 1M, p90: 1.2M}
                layers:
                  - name: edge
                    unit: instances
                    rpsPerUnit: 400rps
                    min: 10
                    max: 400
                    warmup: 5m
                    leadTime: 10m
                    target: {type: aws-asg, name: edge-asg}
                    terms:
                      - {type: per-viewer, every: 60s}
                """);
        return dir;
    }

    Daemon daemon(Path dir, List<URI> urls, Map<String, String> headers) {
        MutableClock clock = new MutableClock(START);
        FakeProvider asg = new FakeProvider("aws-asg", new AtomicLong());
        asg.units.put("edge-asg", 10);
        DaemonConfig cfg = DaemonConfig.defaults(dir).withStore(new StoreSpec.H2(tmp.resolve("store"))).withHttpPort(0)
                .withReloadInterval(Duration.ofHours(1)).withShutdownGrace(Duration.ofSeconds(5))
                .withAuditLog(tmp.resolve("audit.jsonl")).withCalendarUrls(urls, Duration.ZERO)
                .withCalendarHeaders(headers);
        return new Daemon(cfg, new ProviderRegistry().register(asg.factory()), ProviderConfig.defaults(clock), clock,
                new PrintWriter(log, true));
    }

    URI matches() {
        return URI.create(server.baseUrl() + "/v4/competitions/WC/matches?season=2030");
    }

    @Test
    void daemon_footballDataUrlAlone_fetchedWithItsTokenPostponedReportedAndNotPlanned() throws Exception {
        // given: a scenario with no calendar of its own
        Path dir = scenario("");
        daemon = daemon(dir, List.of(matches()), Map.of("X-Auth-Token", TOKEN));

        // when
        Reconciler.Result r = daemon.start(true);

        // then
        server.verify(getRequestedFor(urlEqualTo("/v4/competitions/WC/matches?season=2030"))
                .withHeader("X-Auth-Token", equalTo(TOKEN)));
        assertTrue(daemon.scheduler().checkExists(new TriggerKey("event/fd-537327/edge/scale-out", "feeds")),
                r.changes().toString());
        assertTrue(daemon.scheduler().checkExists(new TriggerKey("event/fd-537400/edge/scale-out", "feeds")),
                "the final, teams not known yet: " + r.changes());
        assertFalse(daemon.scheduler().checkExists(new TriggerKey("event/fd-537328/edge/scale-out", "feeds")));
        assertEquals(Instant.parse("2030-06-13T18:07:00Z"), daemon.scheduler().getTrigger(
                new TriggerKey("event/fd-537327/edge/scale-out", "feeds")).getNextFireTime().toInstant());
        String said = log.toString();
        assertTrue(said.contains("match 'Korea Republic v Czechia' is postponed: not planned"), said);
        assertFalse(said.contains(TOKEN), "the token is never logged");
    }

    @Test
    void daemon_footballDataUrlWithoutItsToken_refusedAndNothingScheduled() throws Exception {
        // given
        Path dir = scenario("");
        daemon = daemon(dir, List.of(matches()), Map.of());

        // when
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> daemon.start(true));

        // then
        assertTrue(log.toString().contains("HTTP 403; keeping nothing (not fetched yet)"), log.toString());
        assertTrue(e.diagnostics().get(0).format().contains("calendar feed not fetched yet"), e.getMessage());
        daemon = null;
    }

    @Test
    void daemon_icsUrl_floatingTimesInTheCalendarZoneAndTheScenariosRulesApplied() throws Exception {
        // given
        Path dir = scenario("""
                calendarRules:
                  - {summary: "^M\\\\d+ (.+) hosts (.+)$", teams: ["$1", "$2"], stage: quarter-final}
                """);
        daemon = daemon(dir, List.of(URI.create(server.baseUrl() + "/club/fixtures")), Map.of());

        // when
        daemon.start(true);

        // then: 20:00 floating in Europe/Paris is 18:00Z; a quarter-final is planned through extra time
        assertEquals(Instant.parse("2030-06-20T17:07:00Z"), daemon.scheduler().getTrigger(
                new TriggerKey("event/c1@club/edge/scale-out", "feeds")).getNextFireTime().toInstant());
        String down = daemon.desired().stream().filter(j -> j.name().equals("event/c1@club/edge/scale-down"))
                .map(j -> ((DesiredJob.OneShot) j).fireAt().toString()).findFirst().orElseThrow();
        assertEquals("2030-06-20T21:17:00Z", down, "latest end 21:02 with extra time and penalties (20:12 without) + "
                + "cool-down 15m: the quarter-final from the rule");
    }
}
