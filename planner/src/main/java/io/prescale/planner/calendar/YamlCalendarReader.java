package io.prescale.planner.calendar;

import io.prescale.planner.config.Distributions;
import io.prescale.planner.config.Kickoffs;
import io.prescale.planner.config.YNode;
import io.prescale.planner.config.YamlDoc;
import io.prescale.planner.diag.Diagnostics;
import io.prescale.planner.model.Event;
import io.prescale.planner.model.Quantities;
import io.prescale.planner.model.Stage;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads events from YAML: a list, or a map with an {@code events:} list. Each event:
 * <pre>
 * - id: M1                      # required, unique
 *   stage: group                # group, round-of-16, quarter-final, semi-final, final, or custom:NAME
 *   teams: [England, Croatia]   # or home: / away:
 *   kickoff: 2026-07-11T19:00+01:00   # or "2026-07-11 19:00 Europe/London", or local with zone:
 *   region: UK
 *   audience: {p50: 2M, p90: 3M}
 *   shape: football
 *   delay: 10m
 *   knockout: true              # played to a result; default from the stage
 * </pre>
 */
public final class YamlCalendarReader implements CalendarReader {

    @Override
    public List<Event> read(String file, String text, CalendarContext ctx, Diagnostics diags) {
        Optional<YNode> root = YamlDoc.parse(file, text, diags);
        if (root.isEmpty()) {
            return List.of();
        }
        YNode list = root.get();
        if (root.get().isMap()) {
            Optional<YNode> ev = root.get().require("events");
            root.get().rejectUnknownKeys();
            if (ev.isEmpty()) {
                return List.of();
            }
            list = ev.get();
        }
        return readEvents(list, ctx.defaultZone());
    }

    /** Reads a YAML list of events (also used for events written inline in {@code prescale.yaml}). */
    public static List<Event> readEvents(YNode list, Optional<ZoneId> defaultZone) {
        List<Event> out = new ArrayList<>();
        if (!list.isList()) {
            list.error("expected a list of events");
            return out;
        }
        for (YNode n : list.items()) {
            readEvent(n, defaultZone).ifPresent(out::add);
        }
        return out;
    }

    static Optional<Event> readEvent(YNode n, Optional<ZoneId> defaultZone) {
        if (!n.isMap()) {
            n.error("expected an event (a map with id, stage, kickoff, ...)");
            return Optional.empty();
        }
        Optional<String> id = n.requireString("id");
        if (id.isPresent() && id.get().isEmpty()) {
            // an empty id names nothing: plans, overrides and the daemon's jobs find events by it
            n.get("id").ifPresent(x -> x.error("an event's id must not be empty"));
            id = Optional.empty();
        }
        Optional<ZoneId> zone = n.parse("zone", Kickoffs::zone).or(() -> defaultZone);
        Optional<ZonedDateTime> kickoff = n.require("kickoff").flatMap(k -> k.as(s -> Kickoffs.parse(s, zone)));
        Stage stage = n.string("stage").map(t -> EventNames.stage(t, n.get("stage").orElseThrow().location(),
                n.diagnostics())).orElseGet(() -> {
            n.require("stage");
            return null;
        });
        List<String> teams = new ArrayList<>();
        n.get("teams").ifPresent(t -> teams.addAll(t.strings()));
        n.string("home").ifPresent(teams::add);
        n.string("away").ifPresent(teams::add);
        String title = n.string("title", "");
        if (teams.isEmpty() && !title.isEmpty()) {
            teams.addAll(EventNames.teamsFromTitle(title));
        }
        var audience = n.get("audience").flatMap(Distributions::read);
        var delay = n.duration("delay", java.time.Duration.ZERO);
        String competition = n.string("competition", "");
        String region = n.string("region", n.string("market", ""));
        Optional<String> shape = n.string("shape");
        boolean knockout = n.bool("knockout", stage != null && stage.knockout());
        n.rejectUnknownKeys();
        if (id.isEmpty() || kickoff.isEmpty() || stage == null) {
            return Optional.empty();
        }
        if (delay.isNegative()) {
            n.get("delay").ifPresent(d -> d.error("a delay must not be negative", "got " + Quantities.format(delay)));
        }
        return Optional.of(new Event(id.get(), title, competition, stage.withKnockout(knockout), teams, kickoff.get(), region, shape, audience,
                delay.isNegative() ? java.time.Duration.ZERO : delay, n.location()));
    }
}
