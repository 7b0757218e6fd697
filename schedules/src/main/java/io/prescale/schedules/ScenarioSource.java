package io.prescale.schedules;

import io.prescale.planner.config.InputFiles;
import io.prescale.planner.diag.Diagnostics;
import io.prescale.planner.diag.SourceLocation;
import io.prescale.planner.model.InputFile;
import io.prescale.planner.model.Scenario;
import io.prescale.planner.scenario.ScenarioLoader;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The daemon's scenario: prescale.yaml and the files it names, its {@code recurring:} schedules, and iCalendar
 * feeds fetched from URLs on an interval (their events join the calendar). Each load reads the files afresh; the
 * digest over every input (files and feeds) tells whether anything changed.
 */
public final class ScenarioSource {
    /**
     * A loaded scenario with its recurring schedules and the digest of everything it was read from;
     * {@code notes} says which events kept their ids across a feed's new UIDs.
     */
    public record Loaded(Scenario scenario, List<RecurringSchedule> recurring, String digest, List<String> notes) {
        public Loaded {
            notes = List.copyOf(notes);
        }
    }

    /**
     * A fetched feed; {@code name} is its redacted URL ending in its format's extension, which picks the reader.
     * {@code body} is its bytes as sent, at most {@link InputFiles#MAX_CALENDAR_BYTES} and one more: they are
     * checked for UTF-8 and size when loaded, as a calendar file's are.
     */
    private record Feed(URI url, String name, byte[] body, String etag, Instant fetchedAt) {
    }

    private final Path dir;
    private final List<URI> urls;
    private final Duration urlInterval;
    private final HttpClient http;
    private final Map<URI, Feed> feeds = new LinkedHashMap<>();
    private final Map<URI, Instant> lastAttempt = new LinkedHashMap<>();
    /** The ids of the last good load and their content ids: what the next load's new UIDs are matched against. */
    private Map<String, String> knownIds = Map.of();
    /** The last load that succeeded: what actions act on while the scenario or a feed does not load. */
    private Loaded lastGood;

    private final Map<String, String> headers;

    public ScenarioSource(Path dir, List<URI> calendarUrls, Duration urlInterval) {
        this(dir, calendarUrls, urlInterval, Map.of());
    }

    /** @param headers sent with every feed request (an API token); never logged */
    public ScenarioSource(Path dir, List<URI> calendarUrls, Duration urlInterval, Map<String, String> headers) {
        this.dir = dir;
        this.urls = List.copyOf(calendarUrls);
        this.urlInterval = urlInterval;
        this.headers = Map.copyOf(headers);
        this.http = calendarUrls.isEmpty() ? null : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    public Path dir() {
        return dir;
    }

    /**
     * Fetches the feeds whose interval has passed. A feed that cannot be fetched keeps its last content; one never
     * fetched makes {@link #load} fail, so a feed that is down never deletes its events' jobs.
     *
     * @return problems to log (the feeds that could not be fetched)
     */
    public synchronized List<String> refreshFeeds(Instant now) {
        List<String> problems = new ArrayList<>();
        for (URI u : urls) {
            Instant last = lastAttempt.get(u);
            if (last != null && now.isBefore(last.plus(urlInterval))) {
                continue;
            }
            lastAttempt.put(u, now);
            Feed prev = feeds.get(u);
            try {
                HttpRequest.Builder rb = HttpRequest.newBuilder(u).timeout(Duration.ofSeconds(30)).GET()
                        .header("Accept", "text/calendar, application/json, text/csv, */*");
                headers.forEach(rb::header);
                if (prev != null && prev.etag() != null) {
                    rb.header("If-None-Match", prev.etag());
                }
                HttpResponse<InputStream> r = http.send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
                byte[] body;
                // a feed that never ends (or a huge one) stops one byte past the limit, which load refuses
                try (InputStream in = r.body()) {
                    body = in.readNBytes((int) InputFiles.MAX_CALENDAR_BYTES + 1);
                }
                if (r.statusCode() == 304 && prev != null) {
                    feeds.put(u, new Feed(u, prev.name(), prev.body(), prev.etag(), now));
                } else if (r.statusCode() / 100 == 2) {
                    feeds.put(u, new Feed(u, feedName(u, r.headers().firstValue("Content-Type").orElse(""),
                            new String(body, 0, Math.min(body.length, 256), StandardCharsets.UTF_8)),
                            body, r.headers().firstValue("ETag").orElse(null), now));
                } else {
                    problems.add("calendar feed " + redact(u) + ": HTTP " + r.statusCode() + "; keeping "
                            + (prev == null ? "nothing (not fetched yet)" : "the copy from " + prev.fetchedAt()));
                }
            } catch (IOException e) {
                problems.add("calendar feed " + redact(u) + ": " + e.getClass().getSimpleName() + ": " + e.getMessage()
                        + "; keeping " + (prev == null ? "nothing (not fetched yet)" : "the copy from " + prev.fetchedAt()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                problems.add("calendar feed " + redact(u) + ": interrupted");
            }
        }
        return problems;
    }

    /**
     * The events the job store knows (id and content id), from a store kept across a restart: the next load matches
     * new UIDs against them.
     */
    public synchronized void rememberIds(Map<String, String> idToContent) {
        knownIds = Map.copyOf(idToContent);
    }

    /**
     * Reads the scenario as of {@code now} (recurring calendar entries are expanded around it).
     *
     * @throws io.prescale.planner.diag.InvalidInputException with every problem, when anything is invalid or a
     *                                                        feed was never fetched
     */
    public synchronized Loaded load(Instant now) {
        List<ScenarioLoader.Feed> texts = new ArrayList<>();
        List<InputFile> feedInputs = new ArrayList<>();
        Diagnostics diags = new Diagnostics();
        for (URI u : urls) {
            Feed f = feeds.get(u);
            if (f == null) {
                diags.error(SourceLocation.of(redact(u)), "calendar feed not fetched yet", "the daemon retries every "
                        + io.prescale.planner.model.Quantities.format(urlInterval));
                continue;
            }
            feedInputs.add(new InputFile(redact(u), sha256(f.body())));
            if (f.body().length > InputFiles.MAX_CALENDAR_BYTES) {
                diags.error(SourceLocation.of(f.name()), "cannot read calendar feed " + f.name() + ": it is more than the "
                        + InputFiles.MAX_CALENDAR_BYTES / (1024 * 1024) + " MB limit", "a calendar feed this large is "
                        + "not a fixture list; check the URL");
                continue;
            }
            // bytes that are not UTF-8 are refused at their line, as a file calendar's are, not read as U+FFFD
            InputFiles.text(f.name(), f.body(), diags).ifPresent(t -> texts.add(new ScenarioLoader.Feed(f.name(), t)));
        }
        // a feed never fetched would leave its events' jobs with nothing to match: they would be deleted
        diags.throwIfErrors("calendar feeds of " + RecurringReader.display(dir));
        // feeds are read as the scenario's own calendar files are: its calendarZone, its calendarRules
        Scenario s = ScenarioLoader.load(dir, Optional.of(now), now, texts);
        List<RecurringSchedule> recurring = RecurringReader.read(dir, s);
        List<InputFile> inputs = new ArrayList<>(s.inputs());
        inputs.addAll(feedInputs);
        StableIds.Result ids = StableIds.carryOver(s.events(), knownIds);
        List<String> notes = new ArrayList<>();
        if (ids.carried() > 0) {
            s = s.withEvents(ids.events());
            notes.add(ids.carried() + " event(s) under new ids in the calendar keep their jobs' ids, matched by date "
                    + "and teams, or start and venue: " + String.join("; ", ids.examples())
                    + (ids.carried() > ids.examples().size() ? "; ..." : ""));
        }
        knownIds = StableIds.contents(s.events());
        StringBuilder sb = new StringBuilder();
        inputs.stream().sorted(Comparator.comparing(InputFile::path))
                .forEach(i -> sb.append(i.path()).append('=').append(i.sha256()).append('\n'));
        lastGood = new Loaded(s, recurring, "sha256:" + sha256(sb.toString()), notes);
        return lastGood;
    }

    /**
     * The scenario as of {@code now}, else, while it (or a feed) does not load, the last version that did, with a
     * note saying so: a job the daemon kept when the calendar broke acts on the calendar it was scheduled from.
     *
     * @throws io.prescale.planner.diag.InvalidInputException when nothing has loaded yet
     */
    public synchronized Loaded loadOrLastGood(Instant now) {
        Loaded previous = lastGood;
        try {
            return load(now);
        } catch (io.prescale.planner.diag.InvalidInputException e) {
            if (previous == null) {
                throw e;
            }
            String first = e.diagnostics().stream().filter(io.prescale.planner.diag.Diagnostic::isError)
                    .map(io.prescale.planner.diag.Diagnostic::format).findFirst().orElse(e.getMessage());
            List<String> notes = new ArrayList<>(previous.notes());
            notes.add("the scenario does not load (" + first + "); acting on its last good version "
                    + previous.digest().substring(0, Math.min(19, previous.digest().length())));
            return new Loaded(previous.scenario(), previous.recurring(), previous.digest(), notes);
        }
    }

    /**
     * The feed's name in diagnostics, ending in the extension that picks its reader: the URL's own (.ics, .json,
     * .csv), else by its Content-Type or its first character (a football-data.org API answers JSON without one).
     */
    static String feedName(URI u, String contentType, String body) {
        String path = u.getRawPath() == null ? "" : u.getRawPath().toLowerCase(Locale.ROOT);
        String type = contentType.toLowerCase(Locale.ROOT);
        String start = body.stripLeading();
        String ext = List.of(".ics", ".json", ".csv", ".yaml", ".yml").stream().filter(path::endsWith).findFirst()
                .orElse(type.contains("json") || start.startsWith("{") || start.startsWith("[") ? ".json"
                        : type.contains("text/csv") ? ".csv" : ".ics");
        String r = redact(u);
        return r.endsWith(ext) ? r : r + "#" + ext;
    }

    /** A URL without its query or user info, which may carry a token. */
    static String redact(URI u) {
        return u.getScheme() + "://" + u.getHost() + (u.getPort() >= 0 ? ":" + u.getPort() : "")
                + (u.getRawPath() == null ? "" : u.getRawPath()) + (u.getRawQuery() == null ? "" : "?...");
    }

    private static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
