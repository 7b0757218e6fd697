package io.prescale.schedules;

import io.prescale.planner.config.Kickoffs;
import io.prescale.planner.config.YNode;
import io.prescale.planner.config.YamlDoc;
import io.prescale.planner.diag.Diagnostics;
import io.prescale.planner.diag.SourceLocation;
import io.prescale.planner.model.Layer;
import io.prescale.planner.model.Quantities;
import io.prescale.planner.model.Scenario;
import io.prescale.planner.scenario.ScenarioLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads {@code recurring:} from a scenario's prescale.yaml (inline, or the name of a YAML file beside it whose root
 * may repeat the key), validating every field against the loaded scenario. Every problem is reported with its file,
 * line and field, all in one run.
 */
public final class RecurringReader {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private RecurringReader() {
    }

    /** The scenario's recurring schedules (none when prescale.yaml has no {@code recurring:}). */
    public static List<RecurringSchedule> read(Path dirOrFile, Scenario scenario) {
        Path file = Files.isDirectory(dirOrFile) ? dirOrFile.resolve(ScenarioLoader.SCENARIO_FILE) : dirOrFile;
        Diagnostics diags = new Diagnostics();
        List<RecurringSchedule> out = new ArrayList<>();
        readYaml(file, diags).flatMap(root -> root.get("recurring")).flatMap(n -> section(n, file, diags))
                .ifPresent(n -> {
                    if (!n.isList()) {
                        n.error("expected a list of recurring schedules, e.g. - {name: friday-show, cron: \"0 30 21 ? * FRI\", "
                                + "zone: Europe/Stockholm, set: {web: 40}, hold: 2h}");
                        return;
                    }
                    Map<String, SourceLocation> names = new HashMap<>();
                    for (YNode item : n.items()) {
                        schedule(item, scenario).ifPresent(r -> {
                            SourceLocation prev = names.putIfAbsent(r.name(), r.source());
                            if (prev != null) {
                                diags.error(r.source().withField(r.source().field() + ".name"), "duplicate recurring "
                                        + "schedule name '" + r.name() + "'", "first defined at " + prev.position());
                            } else {
                                out.add(r);
                            }
                        });
                    }
                });
        diags.throwIfErrors("recurring schedules in " + display(file));
        return List.copyOf(out);
    }

    private static Optional<RecurringSchedule> schedule(YNode n, Scenario scenario) {
        if (!n.isMap()) {
            n.error("expected a recurring schedule: {name, cron, zone, set, hold, exclude}");
            return Optional.empty();
        }
        Optional<String> name = n.requireString("name");
        name.filter(x -> !NAME.matcher(x).matches()).ifPresent(x -> n.get("name").orElseThrow().error(
                "a recurring schedule's name is part of job keys: letters, digits, '.', '_' and '-' only (got \"" + x + "\")"));
        String description = n.string("description", "");
        Optional<ZoneId> zone = n.require("zone").flatMap(z -> z.as(Kickoffs::zone));
        Optional<String> cron = n.require("cron").flatMap(c -> c.as(text -> {
            RecurringTimes.expression(text, zone.map(ZoneId::getId).orElse("UTC"));
            return text.strip();
        }));
        Map<String, Integer> set = new LinkedHashMap<>();
        n.require("set").ifPresent(s -> {
            if (!s.isMap()) {
                s.error("expected units per layer, e.g. {web: 40}");
                return;
            }
            s.entries().forEach((layer, v) -> {
                Optional<Layer> l = scenario.layer(layer);
                if (l.isEmpty()) {
                    v.error("unknown layer '" + layer + "'", "layers: " + String.join(", ",
                            scenario.layers().stream().map(Layer::name).toList()));
                    return;
                }
                if (l.get().target().kind() == io.prescale.planner.targets.CapacityKind.CHECK) {
                    v.error("layer " + layer + " is a " + l.get().target().type() + " target (checked, not scaled): "
                            + "a recurring schedule cannot set it");
                    return;
                }
                v.as(t -> {
                    double u = Quantities.count(t);
                    if (u != Math.rint(u) || u < 0) {
                        throw new IllegalArgumentException("expected a whole number of " + l.get().unit().id()
                                + " (got \"" + t + "\")");
                    }
                    return (int) u;
                }).ifPresent(u -> {
                    if (u < l.get().min() || u > l.get().max()) {
                        v.error("layer " + layer + " may hold " + l.get().min() + " to " + l.get().max() + " "
                                + l.get().unit().id() + ", not " + u);
                    } else {
                        set.put(layer, u);
                    }
                });
            });
            if (s.entries().isEmpty()) {
                s.error("name at least one layer and its units");
            }
        });
        Optional<Duration> hold = n.require("hold").flatMap(h -> h.as(Quantities::duration).filter(d -> {
            if (d.isNegative() || d.isZero()) {
                h.error("must be a positive duration, e.g. 2h");
                return false;
            }
            return true;
        }));
        List<LocalDate> exclude = new ArrayList<>();
        n.get("exclude").ifPresent(e -> {
            for (YNode d : e.items()) {
                d.as(RecurringReader::date).ifPresent(exclude::add);
            }
        });
        n.rejectUnknownKeys();
        if (name.isEmpty() || zone.isEmpty() || cron.isEmpty() || hold.isEmpty() || set.isEmpty()
                || !NAME.matcher(name.get()).matches()) {
            return Optional.empty();
        }
        return Optional.of(new RecurringSchedule(name.get(), description, cron.get(), zone.get(), set, hold.get(),
                exclude, n.location()));
    }

    private static LocalDate date(String s) {
        try {
            return LocalDate.parse(s.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("expected a date such as 2026-12-25 (got \"" + s + "\")");
        }
    }

    /** A section given inline, or as the name of a YAML file beside prescale.yaml (whose root may repeat the key). */
    private static Optional<YNode> section(YNode n, Path file, Diagnostics diags) {
        if (!n.isScalar()) {
            return Optional.of(n);
        }
        Optional<String> name = n.text();
        if (name.isEmpty()) {
            return Optional.empty();
        }
        Path p = file.toAbsolutePath().getParent().resolve(name.get());
        if (!Files.isRegularFile(p)) {
            n.error("file not found: " + name.get(), "paths are relative to " + display(p.getParent()));
            return Optional.empty();
        }
        Optional<YNode> root = readYaml(p, diags);
        if (root.isPresent() && root.get().isMap() && root.get().has("recurring")) {
            YNode inner = root.get().get("recurring").orElseThrow();
            root.get().rejectUnknownKeys();
            return Optional.of(inner);
        }
        return root;
    }

    private static Optional<YNode> readYaml(Path p, Diagnostics diags) {
        Optional<String> refusal = io.prescale.planner.config.InputFiles.refusal(p)
                .or(() -> io.prescale.planner.config.InputFiles.tooLarge(p,
                        io.prescale.planner.config.InputFiles.MAX_YAML_BYTES));
        if (refusal.isPresent()) {
            diags.error(SourceLocation.of(display(p)), "cannot read " + display(p) + ": " + refusal.get());
            return Optional.empty();
        }
        try {
            return YamlDoc.parse(display(p), Files.readString(p, StandardCharsets.UTF_8), diags);
        } catch (IOException e) {
            diags.error(SourceLocation.of(display(p)), "cannot read " + display(p), e.getClass().getSimpleName() + ": "
                    + e.getMessage());
            return Optional.empty();
        }
    }

    /** Paths as the user gave them, relative to the working directory where possible (as the scenario loader does). */
    static String display(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path cwd = Path.of("").toAbsolutePath();
        return abs.startsWith(cwd) ? cwd.relativize(abs).toString() : abs.toString();
    }
}
