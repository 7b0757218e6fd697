package io.prescale.planner.scenario;

import io.prescale.planner.calendar.CalendarContext;
import io.prescale.planner.calendar.Calendars;
import io.prescale.planner.calendar.MappingRules;
import io.prescale.planner.calendar.YamlCalendarReader;
import io.prescale.planner.config.Distributions;
import io.prescale.planner.config.InputFiles;
import io.prescale.planner.config.Kickoffs;
import io.prescale.planner.config.YNode;
import io.prescale.planner.config.YamlDoc;
import io.prescale.planner.diag.Diagnostic;
import io.prescale.planner.diag.Diagnostics;
import io.prescale.planner.diag.InvalidInputException;
import io.prescale.planner.diag.SourceLocation;
import io.prescale.planner.model.AudienceDistribution;
import io.prescale.planner.model.AudienceRules;
import io.prescale.planner.model.AudienceShape;
import io.prescale.planner.model.Event;
import io.prescale.planner.model.InputFile;
import io.prescale.planner.model.KickoffFactor;
import io.prescale.planner.model.Layer;
import io.prescale.planner.model.MatchShape;
import io.prescale.planner.model.LiveConfig;
import io.prescale.planner.model.PlanSettings;
import io.prescale.planner.model.Quantities;
import io.prescale.planner.model.Scenario;
import io.prescale.planner.model.SimulationSettings;
import io.prescale.planner.targets.TargetCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Loads {@code <dir>/prescale.yaml} and the files it names. Every problem in every file is collected; when any
 * is an error the load fails with an {@link InvalidInputException} carrying all of them.
 * <pre>
 * name: my-platform
 * zone: Europe/London            # zone times are shown in
 * plan: {from: 2026-06-11T00:00Z, quantile: p90, maxAge: 1h, horizon: 60d}
 * calendar: fixtures.csv         # or a list; .yaml, .csv or .ics; or {file: x.csv, zone: Europe/Paris}
 * calendarAllDay: ["18:00"]      # all-day entries planned at these local times (default: placeholders)
 * calendarDateOrder: day-month   # CSV dates 03/12/2022 when no date of the file tells (default: an error)
 * calendarRules: [{summary: "\\(KO\\)", stage: round-of-16}]   # what feed entries mean: stage, kind, teams, region
 * events: [...]                  # events written inline
 * audience: audience.yaml        # or inline: {base, teams, combine, stages, markets, events}
 * shapes: {football: {...}}      # named audience shapes; shapeByStage / defaultShape pick them
 * layers: layers.yaml            # or an inline list
 * baseline: {edge: 40}           # observed capacity per layer when no provider is asked
 * recurring: [...]               # cron-based scaling, read by the scheduler daemon (not by plan)
 * simulation: {goals: 2.7, extraTime: 30%, penalties: 50%, adBreakJitter: 2m}
 * prices: {instances: 0.17/h}    # per unit-hour, by layer name or unit kind
 * whatIf: {storm: [surge.CRO-ENG=+10%@60m/5m]}   # named what-if overrides for simulate
 * </pre>
 */
public final class ScenarioLoader {
    public static final String SCENARIO_FILE = "prescale.yaml";

    private final Path dir;
    private final TargetCatalog targets;
    private final Diagnostics diags = new Diagnostics();
    private final List<InputFile> inputs = new ArrayList<>();

    private ScenarioLoader(Path dir, TargetCatalog targets) {
        this.dir = dir;
        this.targets = targets;
    }

    /**
     * Loads a scenario folder (or a {@code prescale.yaml} path). Recurring calendar entries are expanded from a
     * day before the planning instant to the end of the planning horizon.
     *
     * @param atOverride the planning instant given by the user, if any
     * @param now        the current time, used when neither the user nor the scenario sets the instant
     */
    public static Scenario load(Path dirOrFile, Optional<Instant> atOverride, Instant now) {
        return load(dirOrFile, atOverride, now, List.of(), TargetCatalog.installed());
    }

    /**
     * As {@link #load(Path, Optional, Instant)}, with the target types layers may name: a type not in
     * {@code targets} is an error, and each target's settings are checked against its type's.
     */
    public static Scenario load(Path dirOrFile, Optional<Instant> atOverride, Instant now, TargetCatalog targets) {
        return load(dirOrFile, atOverride, now, List.of(), targets);
    }

    /**
     * A calendar feed's text, fetched by the caller (the daemon's {@code --calendar-url}); its name ends in the
     * format's extension ({@code .ics}, {@code .json}, {@code .csv}) and is the file diagnostics name.
     */
    public record Feed(String name, String text) {
    }

    /**
     * Loads a scenario with feeds besides its own calendar, read as a file calendar is (the scenario's
     * {@code calendarZone} for floating times, its {@code calendarRules}); with feeds the scenario needs no calendar
     * of its own. A feed's event with no audience estimate is a warning and is not planned (the feed is not the
     * user's to fix), where a calendar file's is an error.
     */
    public static Scenario load(Path dirOrFile, Optional<Instant> atOverride, Instant now, List<Feed> feeds) {
        return load(dirOrFile, atOverride, now, feeds, TargetCatalog.installed());
    }

    /** With feeds and the target types layers may name. */
    public static Scenario load(Path dirOrFile, Optional<Instant> atOverride, Instant now, List<Feed> feeds,
                                TargetCatalog targets) {
        Path file = Files.isDirectory(dirOrFile) ? dirOrFile.resolve(SCENARIO_FILE) : dirOrFile;
        Path dir = file.toAbsolutePath().getParent();
        return new ScenarioLoader(dir, java.util.Objects.requireNonNull(targets, "targets")).read(file, atOverride, now,
                feeds);
    }

    /** The instant a plan is made for: the user's, else the scenario's {@code plan.from}, else now. */
    public static Instant effectiveAt(Scenario s, Optional<Instant> atOverride, Instant now) {
        return atOverride.orElse(s.plan().from().orElse(now));
    }

    private Scenario read(Path file, Optional<Instant> atOverride, Instant now, List<Feed> feeds) {
        Optional<YNode> rootOpt = readYaml(file);
        if (rootOpt.isEmpty()) {
            diags.throwIfErrors("scenario " + display(file));
        }
        YNode root = rootOpt.orElseThrow();
        String name = root.string("name", dir.getFileName() == null ? "scenario" : dir.getFileName().toString());
        String description = root.string("description", "");
        ZoneId zone = root.parse("zone", Kickoffs::zone).orElse(ZoneOffset.UTC);
        PlanSettings plan = root.get("plan").map(ScenarioLoader::planSettings).orElse(PlanSettings.DEFAULT);
        Instant at = atOverride.orElse(plan.from().orElse(now));

        List<Event> events = new ArrayList<>();
        Optional<ZoneId> calendarZone = root.parse("calendarZone", Kickoffs::zone);
        MappingRules rules = root.get("calendarRules").map(MappingRules::read).orElse(MappingRules.none());
        // the defaults of every calendar file without its own zone or allDay, and of the daemon's feeds
        List<java.time.LocalTime> calendarAllDay = root.get("calendarAllDay").map(ScenarioLoader::allDay).orElse(List.of());
        Optional<CalendarContext.DateOrder> calendarDateOrder = root.parse("calendarDateOrder", ScenarioLoader::dateOrder);
        CalendarContext ctx = new CalendarContext(calendarZone, at.minus(Duration.ofDays(1)), at.plus(plan.horizon()),
                calendarAllDay, rules, calendarDateOrder);
        root.get("calendar").ifPresent(c -> {
            for (YNode item : c.items()) {
                readCalendar(item, ctx).forEach(events::add);
            }
        });
        Set<String> feedNames = new java.util.HashSet<>();
        for (Feed f : feeds) {
            feedNames.add(f.name());
            events.addAll(Calendars.read(f.name(), f.text(), ctx, diags));
        }
        rules.warnUnmatched(diags);
        root.get("events").ifPresent(e -> events.addAll(YamlCalendarReader.readEvents(e, calendarZone)));
        if (root.get("calendar").isEmpty() && root.get("events").isEmpty() && feeds.isEmpty()) {
            root.error("a scenario needs a calendar (calendar: fixtures.yaml) or inline events",
                    "or, for the daemon, a --calendar-url feed");
        }
        events.removeIf(this::outsideTheYears);
        events.removeIf(this::nameTooLong);
        checkUniqueIds(events);

        Map<String, String> teamAliases = new LinkedHashMap<>();
        int errorsBeforeAudience = diags.errorCount();
        AudienceRules audience = root.get("audience").flatMap(a -> section(a, "audience"))
                .flatMap(a -> mapSection(a, "audience rules (base, teams, stages, markets, events, kickoff)"))
                .map(a -> audience(a, zone, events, teamAliases)).orElse(AudienceRules.none());
        // an audience file that could not be read is one error, not one more per event
        boolean audienceBroken = diags.errorCount() > errorsBeforeAudience;
        // every event names a team as the audience rules do, whichever of its names the feed used
        if (!teamAliases.isEmpty()) {
            events.replaceAll(e -> e.withTeams(e.teams().stream()
                    .map(t -> teamAliases.getOrDefault(t.strip().toLowerCase(Locale.ROOT), t)).toList()));
        }

        Map<String, AudienceShape> shapes = new LinkedHashMap<>();
        shapes.put("football", MatchShape.football("football"));
        // shapes named in the file but not read (each with its own error): naming them elsewhere is no second error
        Set<String> brokenShapes = new java.util.HashSet<>();
        root.get("shapes").flatMap(s -> section(s, "shapes"))
                .flatMap(s -> mapSection(s, "named audience shapes (football: {type: match, ...})")).ifPresent(s -> s.entries().forEach((k, v) ->
                ShapeReader.read(k, v).ifPresentOrElse(sh -> shapes.put(k, sh), () -> brokenShapes.add(k))));
        Map<String, String> shapeByStage = new HashMap<>();
        root.get("shapeByStage").ifPresent(s -> s.entries().forEach((k, v) -> v.text().ifPresent(t -> {
            if (!shapes.containsKey(t) && !brokenShapes.contains(t)) {
                v.error("unknown shape '" + t + "'", "known shapes: " + String.join(", ", shapes.keySet()));
            }
            shapeByStage.put(k.toLowerCase(Locale.ROOT), t);
        })));
        String defaultShape = root.string("defaultShape", "football");
        if (!shapes.containsKey(defaultShape) && !brokenShapes.contains(defaultShape)) {
            root.get("defaultShape").ifPresent(d -> d.error("unknown shape '" + defaultShape + "'",
                    "known shapes: " + String.join(", ", shapes.keySet())));
        }

        Optional<YNode> layersNode = root.require("layers").flatMap(l -> section(l, "layers"));
        List<Layer> layers = layersNode.map(l -> LayerReader.readAll(l, zone, targets)).orElse(List.of());
        // layers named in the file but not read (each with its own error): naming them elsewhere is no second error
        Set<String> brokenLayers = layersNode.filter(YNode::isList).map(l -> l.items().stream()
                .filter(YNode::isMap).flatMap(i -> i.get("name").filter(YNode::isScalar).flatMap(YNode::text).stream())
                .map(String::strip).filter(nm -> layers.stream().noneMatch(x -> x.name().equals(nm)))
                .collect(Collectors.toSet())).orElse(Set.of());
        if (root.get("layers").isPresent() && layers.isEmpty() && !diags.hasErrors()) {
            root.get("layers").get().error("a scenario needs at least one layer");
        }

        Map<String, Integer> baseline = new LinkedHashMap<>();
        root.get("baseline").ifPresent(b -> b.entries().forEach((k, v) -> {
            if (layers.stream().noneMatch(l -> l.name().equals(k)) && !layers.isEmpty() && !brokenLayers.contains(k)) {
                diags.error(v.location(), "baseline names unknown layer '" + k + "'");
            }
            v.as(Quantities::wholeCount).ifPresent(u -> baseline.put(k, u));
        }));
        // recurring: is the scheduler's (io.prescale.schedules reads and validates it from this same file)
        root.get("recurring");
        SimulationSettings simulation = SimulationReader.read(root, events, layers, brokenLayers, audience);
        LiveConfig live = root.get("live").map(n -> LiveReader.read(n, layers, brokenLayers)).orElse(LiveConfig.NONE);
        root.rejectUnknownKeys();

        Set<Event> unplanned = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Event e : events) {
            if (e.shape().isPresent() && !shapes.containsKey(e.shape().get()) && !brokenShapes.contains(e.shape().get())) {
                diags.error(e.source().withField(sub(e.source().field(), "shape")), "event " + e.id() + " names unknown shape '"
                        + e.shape().get() + "'", "known shapes: " + String.join(", ", shapes.keySet()));
            }
            if (audienceBroken) {
                continue; // the audience file's own error says what is wrong; no second error per event
            }
            // resolved once: resolving explains itself in words, which costs with 10,000 events
            boolean noAudience = audience.resolve(e).isEmpty();
            if (noAudience && feedNames.contains(e.source().file())) {
                unplanned.add(e);
                diags.warning(e.source(), "no audience estimate for event " + e.label() + "; it is not planned",
                        "add X-PRESCALE-P50/P90 to the feed or audience.base rules to the scenario");
            } else if (noAudience) {
                diags.error(e.source().withField(sub(e.source().field(), "audience")), "no audience estimate for event " + e.id(),
                        "give it an audience (p50/p90) or add audience.base rules");
            }
        }
        events.removeAll(unplanned);
        List<Diagnostic> warnings = diags.all().stream().filter(d -> !d.isError()).toList();
        diags.throwIfErrors("scenario " + display(file));
        return new Scenario(name, description, zone, plan, events, audience, shapes, shapeByStage, defaultShape,
                layers, baseline, inputs, warnings, simulation, live);
    }

    private static String sub(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    private static PlanSettings planSettings(YNode n) {
        Optional<Instant> from = n.parse("from", s -> Kickoffs.offsetInstant("plan.from", s));
        double q = n.parse("quantile", ScenarioLoader::quantile).orElse(PlanSettings.DEFAULT.quantile());
        Duration maxAge = n.longerThanZero("maxAge", PlanSettings.DEFAULT.maxAge());
        Duration horizon = n.longerThanZero("horizon", PlanSettings.DEFAULT.horizon());
        n.rejectUnknownKeys();
        return new PlanSettings(from, q, maxAge, horizon);
    }

    static double quantile(String s) {
        String t = s.strip().toLowerCase(Locale.ROOT);
        double q;
        if (t.startsWith("p")) {
            try {
                q = Double.parseDouble(t.substring(1)) / 100.0;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected a quantile such as p90 or 0.9 (got \"" + s + "\")");
            }
        } else {
            q = Quantities.fraction(t);
        }
        if (q <= 0 || q >= 1) {
            throw new IllegalArgumentException("a quantile must be between p1 and p99.9 (got \"" + s + "\")");
        }
        return q;
    }

    private static AudienceRules audience(YNode n, ZoneId zone, List<Event> events, Map<String, String> teamAliases) {
        Optional<AudienceDistribution> base = n.get("base").flatMap(Distributions::read);
        Map<String, Double> uncertainties = new LinkedHashMap<>();
        Set<String> teamNames = new java.util.TreeSet<>();
        Set<String> stageNames = new java.util.TreeSet<>();
        for (Event e : events) {
            e.teams().forEach(teamNames::add);
            stageNames.add(e.stage().key());
            stageNames.add(e.stage().kind().id());
        }
        Map<String, Double> teams = effects(n, "teams", AudienceRules::teamKey, uncertainties, teamNames, "team",
                teamAliases);
        Map<String, Double> stages = effects(n, "stages", AudienceRules::stageKey, uncertainties, stageNames, "stage",
                new LinkedHashMap<>());
        Map<String, Double> markets = factors(n, "markets");
        AudienceRules.TeamCombine combine = n.parse("combine", s -> {
            try {
                return AudienceRules.TeamCombine.valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown combine '" + s + "' (use max, product, sum or mean)");
            }
        }).orElse(AudienceRules.TeamCombine.MAX);
        Map<String, AudienceDistribution> overrides = new LinkedHashMap<>();
        n.get("events").ifPresent(ev -> ev.entries().forEach((k, v) -> {
            // keyed on an id, or on what survives a feed regenerating its UIDs: the content id or the title
            if (!events.isEmpty() && events.stream().noneMatch(e -> e.isNamed(k))) {
                Set<String> names = new java.util.TreeSet<>();
                events.forEach(e -> names.addAll(List.of(e.id(), e.title(), e.contentId())));
                String near = YNode.nearest(k, names);
                v.warning("audience.events '" + k + "' names no event of the calendar (by id, content id or title)"
                        + (near == null ? "" : ": did you mean '" + near + "'?"));
            }
            Distributions.read(v).ifPresent(d -> overrides.put(k, d));
        }));
        List<KickoffFactor> kickoff = new ArrayList<>();
        n.get("kickoff").ifPresent(k -> {
            if (!k.isList()) {
                k.error("expected a list of kickoff factors, e.g. - {days: [saturday, sunday], factor: 10%}");
                return;
            }
            for (YNode r : k.items()) {
                kickoffFactor(r).ifPresent(kickoff::add);
            }
        });
        n.rejectUnknownKeys();
        return new AudienceRules(base, teams, combine, stages, markets, overrides, kickoff, zone, uncertainties);
    }

    /** {@code {days: [saturday, sunday], from: "20:00", to: "24:00", factor: 55%}}; days and times are optional. */
    private static Optional<KickoffFactor> kickoffFactor(YNode r) {
        if (!r.isMap()) {
            r.error("expected a kickoff factor: {days: [saturday], from: \"20:00\", to: \"24:00\", factor: 50%}");
            return Optional.empty();
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        r.get("days").ifPresent(d -> {
            for (YNode x : d.items()) {
                x.as(ScenarioLoader::dayOfWeek).ifPresent(days::add);
            }
        });
        Optional<LocalTime> from = r.parse("from", ScenarioLoader::localTime).flatMap(t -> t);
        Optional<LocalTime> to = r.parse("to", ScenarioLoader::localTime).flatMap(t -> t);
        // no factor: learned by calibrate (and 100% until then)
        boolean stated = r.has("factor");
        Optional<Double> factor = stated ? r.require("factor").flatMap(f -> f.as(Quantities::ratio)) : Optional.of(1.0);
        r.rejectUnknownKeys();
        if (factor.isEmpty()) {
            return Optional.empty();
        }
        String label = (days.isEmpty() ? "" : days.stream().map(d -> d.getDisplayName(TextStyle.SHORT, Locale.ROOT))
                .collect(Collectors.joining("/")) + " ") + (from.isPresent() || to.isPresent()
                ? from.map(LocalTime::toString).orElse("00:00") + "-" + to.map(LocalTime::toString).orElse("24:00") : "");
        return Optional.of(new KickoffFactor(label.strip(), days, from, to, factor.get(), stated));
    }

    private static DayOfWeek dayOfWeek(String s) {
        String t = s.strip().toUpperCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().equals(t) || (t.length() >= 3 && d.name().startsWith(t))) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown day '" + s + "' (use monday ... sunday, or mon ... sun)");
    }

    /** {@code "20:00"}; {@code "24:00"} is the end of the day (empty). */
    private static Optional<LocalTime> localTime(String s) {
        String t = s.strip();
        if (t.equals("24:00")) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalTime.parse(t));
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("expected a local time such as 20:00 (got \"" + s + "\")");
        }
    }

    /**
     * Team or stage effects: a plain factor (certain), or a prior {@code {factor: 2x, uncertainty: 50%}} (the
     * factor's P90 is 1.5 times it); {@code {}} is "no effect, wide" (factor 1, uncertainty 100%). An effect that
     * names nothing in the calendar is a warning, with the nearest name it may have meant.
     */
    private static Map<String, Double> effects(YNode n, String key, java.util.function.UnaryOperator<String> keyOf,
                                               Map<String, Double> uncertainties, Set<String> known, String what,
                                               Map<String, String> aliases) {
        Map<String, Double> out = new LinkedHashMap<>();
        n.get(key).ifPresent(m -> m.entries().forEach((k, v) -> {
            // a team's other names in feeds ("United States", "USMNT" for "USA"): events are read with this name
            List<String> names = new ArrayList<>(List.of(k));
            if (v.isMap() && what.equals("team")) {
                v.get("aliases").ifPresent(a -> {
                    for (String alias : a.strings()) {
                        String previous = aliases.putIfAbsent(alias.strip().toLowerCase(Locale.ROOT), k);
                        if (previous != null && !previous.equals(k)) {
                            a.error("alias '" + alias + "' is already a name of team '" + previous + "'");
                        }
                        names.add(alias.strip());
                    }
                });
            }
            // a stage the calendar has not reached yet (a final before the draw) is no typo: only unknown ones warn
            boolean stageOfItsOwn = what.equals("stage") && io.prescale.planner.model.StageKind.parse(k).isPresent();
            boolean anyTeam = what.equals("team") && k.equals(AudienceRules.ANY_TEAM);
            if (!known.isEmpty() && !stageOfItsOwn && !anyTeam
                    && known.stream().noneMatch(x -> names.stream().anyMatch(x::equalsIgnoreCase))) {
                String near = YNode.nearest(k, known);
                v.warning(what + " '" + k + "' is in no event of the calendar" + (near == null ? ""
                        : ": did you mean '" + near + "'?"));
            }
            if (!v.isMap()) {
                v.as(Quantities::ratio).ifPresent(f -> out.put(k, f));
                return;
            }
            double f = v.get("factor").flatMap(x -> x.as(Quantities::ratio)).orElse(1.0);
            double u = v.get("uncertainty").flatMap(x -> x.as(Quantities::fraction))
                    .orElse(Math.expm1(AudienceDistribution.Z90 * AudienceRules.DEFAULT_SPREAD));
            if (f <= 0) {
                v.get("factor").ifPresent(x -> x.error("a factor with an uncertainty must be above 0 (its prior is "
                        + "log-normal)", "write the factor alone (0%) for an effect that removes the audience"));
                return;
            }
            if (!(u >= 0) || u > 10) {
                v.get("uncertainty").ifPresent(x -> x.error("uncertainty must be between 0% and 1000% (how far above "
                        + "the factor its P90 lies)"));
                return;
            }
            v.rejectUnknownKeys();
            out.put(k, f);
            uncertainties.put(keyOf.apply(k), Math.log1p(u) / AudienceDistribution.Z90);
        }));
        return out;
    }

    private static Map<String, Double> factors(YNode n, String key) {
        Map<String, Double> out = new LinkedHashMap<>();
        n.get(key).ifPresent(m -> m.entries().forEach((k, v) -> v.as(Quantities::ratio).ifPresent(f -> out.put(k, f))));
        return out;
    }

    /** A section given inline, or as the name of a YAML file beside prescale.yaml (whose root may repeat the key). */
    private Optional<YNode> section(YNode n, String key) {
        if (!n.isScalar()) {
            return Optional.of(n);
        }
        Optional<String> name = n.text();
        if (name.isEmpty()) {
            return Optional.empty();
        }
        Path p = dir.resolve(name.get());
        if (InputFiles.refusal(p).isPresent()) {
            n.error("cannot read " + name.get() + ": " + InputFiles.refusal(p).get());
            return Optional.empty();
        }
        if (!Files.exists(p)) {
            n.error("file not found: " + name.get(), "paths are relative to " + display(dir));
            return Optional.empty();
        }
        Optional<YNode> root = readText(p, n.location()).flatMap(t -> YamlDoc.parse(display(p), t, diags));
        if (root.isPresent() && root.get().isMap() && root.get().has(key)) {
            YNode inner = root.get().get(key).orElseThrow();
            root.get().rejectUnknownKeys();
            return Optional.of(inner);
        }
        return root;
    }

    /** A section that must be a map (audience rules, shapes): a list or a value is one error, not a silent default. */
    private static Optional<YNode> mapSection(YNode n, String what) {
        if (n.isMap()) {
            return Optional.of(n);
        }
        n.error("expected a map of " + what + ", found " + (n.isList() ? "a list" : n.isNull() ? "nothing" : "a value"));
        return Optional.empty();
    }

    private List<Event> readCalendar(YNode item, CalendarContext ctx) {
        String fileName;
        CalendarContext c = ctx;
        if (item.isMap()) {
            Optional<String> f = item.requireString("file");
            Optional<ZoneId> z = item.parse("zone", Kickoffs::zone);
            // all-day entries ("Round of 16", one entry for several matches over days) are planned at these local
            // kickoff times on each of their days; without them they are placeholders, reported and not planned
            List<java.time.LocalTime> allDay = item.get("allDay").map(ScenarioLoader::allDay).orElse(ctx.allDay());
            // a CSV's 03/12/2022 dates, when no date in the file has a day above 12 to tell which comes first
            Optional<CalendarContext.DateOrder> dateOrder = item.parse("dateOrder", ScenarioLoader::dateOrder)
                    .or(ctx::dateOrder);
            item.rejectUnknownKeys();
            if (f.isEmpty()) {
                return List.of();
            }
            fileName = f.get();
            c = new CalendarContext(z.or(ctx::defaultZone), ctx.expandFrom(), ctx.expandTo(), allDay, ctx.rules(),
                    dateOrder);
        } else {
            Optional<String> f = item.text();
            if (f.isEmpty()) {
                return List.of();
            }
            fileName = f.get();
        }
        Path p = dir.resolve(fileName);
        Optional<String> text = readText(p, item.location());
        CalendarContext fileCtx = c;
        return text.map(t -> Calendars.read(display(p), t, fileCtx, diags)).orElse(List.of());
    }

    private static CalendarContext.DateOrder dateOrder(String s) {
        return switch (s.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "day-month", "dd/mm", "dd/mm/yyyy" -> CalendarContext.DateOrder.DAY_MONTH;
            case "month-day", "mm/dd", "mm/dd/yyyy" -> CalendarContext.DateOrder.MONTH_DAY;
            default -> throw new IllegalArgumentException("dateOrder is day-month (03/12/2022 is 3 December) or "
                    + "month-day (March 12), got '" + s + "'");
        };
    }

    /** {@code ["18:00", "21:00"]}: the local kickoff times an all-day entry is planned at on each of its days. */
    private static List<java.time.LocalTime> allDay(YNode a) {
        List<java.time.LocalTime> out = new ArrayList<>();
        for (YNode x : a.isList() ? a.items() : List.of(a)) {
            x.as(ScenarioLoader::localTime).ifPresent(t -> t.ifPresentOrElse(out::add,
                    () -> x.error("24:00 is the end of a day, not a kickoff time")));
        }
        return out;
    }

    /** Whatever format an event came from (an iCalendar RRULE, a delay), its start is within the supported years. */
    private boolean outsideTheYears(Event e) {
        try {
            Kickoffs.inYears(e.start().atZone(ZoneOffset.UTC), "kickoff", e.start().toString());
            return false;
        } catch (IllegalArgumentException | java.time.DateTimeException | ArithmeticException x) {
            diags.error(e.source().withField(sub(e.source().field(), "kickoff")), "event " + e.id() + ": "
                    + (x instanceof IllegalArgumentException ? x.getMessage() : "kickoff outside the years "
                    + Kickoffs.FIRST_YEAR + "-" + Kickoffs.LAST_YEAR));
            return true;
        }
    }

    /**
     * The longest id, title, team, competition or venue an event may have. The longest in the published feeds
     * prescale reads is under 100 characters; a name of megabytes is a damaged feed, and every row of a forecast
     * and every change of a plan would carry it (a 2 MB team name made a 300 MB forecast).
     */
    static final int MAX_NAME = 500;

    private boolean nameTooLong(Event e) {
        // the teams first: a title and an id are often made of them
        List<String[]> names = new ArrayList<>();
        e.teams().forEach(t -> names.add(new String[] {"teams", t}));
        names.addAll(List.of(new String[] {"id", e.id()}, new String[] {"title", e.title()},
                new String[] {"competition", e.competition()}, new String[] {"location", e.location()}));
        for (String[] n : names) {
            if (n[1].length() > MAX_NAME) {
                diags.error(e.source().withField(sub(e.source().field(), n[0])), "event " + n[0] + " of "
                        + String.format(java.util.Locale.ROOT, "%,d", n[1].length()) + " characters (\""
                        + n[1].substring(0, 40) + "...\"): at most " + MAX_NAME, "a name that long is a damaged file");
                return true;
            }
        }
        return false;
    }

    private void checkUniqueIds(List<Event> events) {
        Map<String, Event> seen = new HashMap<>();
        for (Event e : events) {
            Event prev = seen.putIfAbsent(e.id(), e);
            if (prev != null) {
                diags.error(e.source().withField(sub(e.source().field(), "id")), "duplicate event id '" + e.id() + "'",
                        "first defined at " + prev.source().position());
            }
        }
    }

    private Optional<YNode> readYaml(Path p) {
        return readText(p, SourceLocation.of(display(p))).flatMap(t -> YamlDoc.parse(display(p), t, diags));
    }

    private Optional<String> readText(Path p, SourceLocation from) {
        Optional<String> refusal = InputFiles.refusal(p);
        if (refusal.isPresent()) {
            diags.error(from, "cannot read " + display(p) + ": " + refusal.get());
            return Optional.empty();
        }
        long limit = InputFiles.limitFor(p.getFileName() == null ? "" : p.getFileName().toString());
        Optional<String> tooLarge = InputFiles.tooLarge(p, limit);
        if (tooLarge.isPresent() && from.line() > 0) {
            diags.error(from, "cannot read " + display(p) + ": " + tooLarge.get()); // at the line that names it
            return Optional.empty();
        }
        if (tooLarge.isPresent()) {
            // at the line the limit falls on: what is above it would be read, what follows would not
            diags.error(new SourceLocation(display(p), InputFiles.lineAtLimit(p, limit), 0, ""), "the file "
                    + tooLarge.get() + "; reading stops at this line", "split it, or trim what it does not need");
            return Optional.empty();
        }
        try {
            byte[] bytes = Files.readAllBytes(p);
            inputs.add(new InputFile(display(p), sha256(bytes)));
            return InputFiles.text(display(p), bytes, diags);
        } catch (java.nio.file.NoSuchFileException e) {
            diags.error(from, "cannot read " + display(p) + ": no such file", "paths are relative to " + display(dir));
            return Optional.empty();
        } catch (IOException e) {
            diags.error(from, "cannot read " + display(p) + ": " + InputFiles.why(e));
            return Optional.empty();
        }
    }

    /** Paths as the user gave them, relative to the working directory where possible. */
    private static String display(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path cwd = Path.of("").toAbsolutePath();
        return abs.startsWith(cwd) ? cwd.relativize(abs).toString() : abs.toString();
    }

    static String sha256(byte[] bytes) {
        return io.prescale.planner.config.Sha256.hex(bytes);
    }
}
