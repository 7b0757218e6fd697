package io.prescale.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.prescale.planner.backtest.Trace;
import io.prescale.planner.backtest.TraceReader;
import io.prescale.planner.calibrate.Calibration;
import io.prescale.planner.calibrate.CalibrationSettings;
import io.prescale.planner.calibrate.Calibrator;
import io.prescale.planner.calibrate.FittedParameter;
import io.prescale.planner.calibrate.SlotFit;
import io.prescale.planner.diag.Diagnostic;
import io.prescale.planner.model.Quantities;
import io.prescale.planner.model.Scenario;
import io.prescale.planner.plan.PlanJson;
import io.prescale.planner.plan.Times;
import io.prescale.planner.scenario.ScenarioLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code prescale calibrate}: fits the audience and shape parameters that best explain a recorded trace of some of
 * the scenario's events and writes them as scenario fragments (audience.yaml, shapes.yaml, layers.yaml).
 */
@Command(name = "calibrate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fit the audience base (P50, and P90 from the spread between slots), the factors of the "
                + "scenario's kickoff and team rules, each fitted shape's final-whistle surge (level, rise, "
                + "half-life) and the layer's background to a recorded trace of some events (least squares, "
                + "Levenberg-Marquardt), and write them as scenario files (audience.yaml, shapes.yaml, layers.yaml).",
                "A scenario uses them as sections, e.g.:",
                "  audience: calibrated/audience.yaml", "  shapes: calibrated/shapes.yaml",
                "  layers: calibrated/layers.yaml",
                "Each fragment starts with a comment saying what it was fitted on and the fit's error. The trace "
                        + "format is in docs/trace-format.md."},
        exitCodeListHeading = Main.EXIT_HEADING,
        exitCodeList = {"0:calibrated", "1:invalid scenario or trace, an --out folder that cannot be written, or the fit failed", Main.EXIT_USAGE,
                Main.EXIT_BUG})
final class CalibrateCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "<scenario-dir>",
            description = "Scenario folder holding prescale.yaml (or the path of a prescale.yaml): the structure to fit.")
    Path scenarioDir;

    @Option(names = "--trace", paramLabel = "<file>", required = true,
            description = "The recorded trace (CSV; see docs/trace-format.md).")
    Path trace;

    @Option(names = "--layer", paramLabel = "<name>",
            description = "The layer the trace is fitted on. Default: the scenario's only layer.")
    String layer;

    @Option(names = "--events", paramLabel = "<id,id>", split = ",",
            description = "Fit on these events. Default: every event kicking off in [--from, --until) whose window "
                    + "lies within the trace.")
    List<String> events = new ArrayList<>();

    @Option(names = "--from", paramLabel = "<instant>", converter = Options.InstantConverter.class,
            description = "Fit on events kicking off at or after this instant, e.g. 1998-06-10T00:00+02:00.")
    Instant from;

    @Option(names = "--until", paramLabel = "<instant>", converter = Options.InstantConverter.class,
            description = "Fit on events kicking off before this instant.")
    Instant until;

    @Option(names = "--weighting", paramLabel = "absolute|relative", defaultValue = "absolute",
            description = "Errors per minute in rps (absolute: busy minutes weigh most) or as a share of the real "
                    + "load (relative: every minute alike). Default: ${DEFAULT-VALUE}.")
    String weighting;

    @Option(names = "--out", paramLabel = "<dir>",
            description = "Folder to write audience.yaml, shapes.yaml and layers.yaml to. Default: calibrated/ in "
                    + "the scenario folder.")
    Path out;

    @Option(names = "--half-life", paramLabel = "<duration>", converter = TraceOptions.LongerThanZeroConverter.class,
            description = "Weigh evidence by its age, the weight halving every <duration> (e.g. 7d): recent matches "
                    + "speak louder when an audience grows through a tournament. Default: every match the same.")
    java.time.Duration halfLife;

    @Option(names = "--no-save", description = "Print the fit without writing the fragments.")
    boolean noSave;

    @Option(names = {"-o", "--output"}, paramLabel = "table|json", defaultValue = "table",
            description = "Output format: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    Format output;

    enum Format { table, json }

    @Override
    public Integer call() throws IOException {
        ScenarioInput.checkFolder(scenarioDir);
        Path dir = out != null ? out
                : (Files.isDirectory(scenarioDir) ? scenarioDir : scenarioDir.toAbsolutePath().getParent()).resolve("calibrated");
        if (!noSave) {
            OutputFiles.checkFolder("--out", dir);
        }
        if (!events.isEmpty() && (from != null || until != null)) {
            throw new UserException("give either --events or --from/--until, not both");
        }
        CalibrationSettings.Weighting w = switch (weighting.strip().toLowerCase(Locale.ROOT)) {
            case "absolute" -> CalibrationSettings.Weighting.ABSOLUTE;
            case "relative" -> CalibrationSettings.Weighting.RELATIVE;
            default -> throw new UserException("--weighting must be absolute or relative, got " + weighting);
        };
        // refused first: a link that leads nowhere does not "exist" either, but is not what "not found" says
        io.prescale.planner.config.InputFiles.refusal(trace).ifPresent(why -> {
            throw new UserException("cannot read trace " + trace + ": " + why);
        });
        if (!Files.exists(trace)) {
            throw new UserException("trace not found: " + trace);
        }
        Scenario s = ScenarioLoader.load(scenarioDir, Optional.empty(), main.clock.instant());
        Trace t = TraceReader.load(trace);
        Calibration c = Calibrator.calibrate(s, t, new CalibrationSettings(Optional.ofNullable(layer), events,
                Optional.ofNullable(from), Optional.ofNullable(until), w, Optional.ofNullable(halfLife)));
        PrintWriter pw = main.spec.commandLine().getOut();
        PrintWriter err = main.spec.commandLine().getErr();
        for (Diagnostic d : c.diagnostics()) {
            err.println("prescale: " + d.format());
        }
        List<Path> written = new ArrayList<>();
        if (!noSave) {
            written = writeAll(dir, c.fragments());
        }
        if (output == Format.json) {
            pw.println(json(c, written));
        } else {
            table(c, s, written, pw);
        }
        pw.flush();
        err.flush();
        return 0;
    }

    /** The fragments written as one ({@link OutputFiles#replace}): never one fit's audience beside another's shapes. */
    private static List<Path> writeAll(Path dir, Map<String, String> fragments) throws IOException {
        Map<Path, String> files = new java.util.LinkedHashMap<>();
        fragments.forEach((name, text) -> files.put(dir.resolve(name), text));
        OutputFiles.replace("--out", files);
        return List.copyOf(files.keySet());
    }

    private static void table(Calibration c, Scenario s, List<Path> written, PrintWriter out) {
        out.printf("prescale calibrate: %s on %d events (%d slots, %d trace minutes) of layer %s from %s%n",
                c.scenario(), c.events().size(), c.slots().size(), c.minutes(), c.layer(), c.traceFile());
        out.printf("least squares on %s errors per minute: %d iterations, %d forecasts%n%n",
                c.weighting().name().toLowerCase(Locale.ROOT), c.iterations(), c.evaluations());
        Table t = new Table("PARAMETER", "BEFORE", "AFTER", "NOTE");
        var base = s.audience().base().orElseThrow();
        for (FittedParameter p : c.parameters()) {
            if (p.kind() == FittedParameter.Kind.AUDIENCE) {
                t.row("audience base P50", Quantities.human(base.p50()), Quantities.human(c.p50()), "median slot");
                long measured = c.measuredSlots();
                t.row("audience base P90", Quantities.human(base.p90()), Quantities.human(c.p90()),
                        String.format(Locale.ROOT, measured >= Calibration.SPREAD_SLOTS ? "log-normal, sigma %.2f from the slots' spread"
                                : "log-normal, sigma %.2f: the scenario's spread (" + measured + " slot(s) measured)",
                                c.sigma()));
            } else {
                t.row(p.name(), p.format(p.before()), p.fitted() ? p.format(p.after()) : "(kept)", p.note());
            }
        }
        t.print(out, "  ");
        out.println();
        out.printf(Locale.ROOT, "Fit of the P50 forecast, in-sample: RMS %.0f rps = %.0f%% of the mean %.0f rps; slot "
                + "peaks: median |error| %.0f%%, max %.0f%%%n", c.rmsRps(), 100 * c.relativeRms(), c.meanRps(),
                100 * c.peakErrorMedian(), 100 * c.peakErrorMax());
        Table slots = new Table("SLOT", "EVENTS", "REAL PEAK", "FITTED P50 PEAK", "ERROR", "BEST SCALE");
        for (SlotFit f : c.slots()) {
            slots.row(Times.format(f.windowStart(), s.zone()), String.join(" + ", f.events()),
                    BacktestRenderer.fmt(f.realPeakRps()), BacktestRenderer.fmt(f.fittedPeakRps()),
                    BacktestRenderer.signed(f.peakError()),
                    Double.isNaN(f.scale()) ? "-" : String.format(Locale.ROOT, "%.2f", f.scale()));
        }
        slots.print(out, "  ");
        out.println();
        if (written.isEmpty()) {
            out.println("Not saved (--no-save).");
        } else {
            out.println("Wrote " + String.join(", ", written.stream().map(Path::toString).toList()) + ".");
            out.println("Use them from a scenario's prescale.yaml (paths are relative to its folder), e.g.:");
            String dir = written.get(0).toAbsolutePath().getParent().getFileName().toString();
            for (Path p : written) {
                String key = p.getFileName().toString().replace(".yaml", "");
                out.println("  " + key + ": " + dir + "/" + p.getFileName());
            }
        }
    }

    private static String json(Calibration c, List<Path> written) {
        ObjectMapper mapper = PlanJson.mapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("scenario", c.scenario());
        root.put("trace", c.traceFile());
        root.put("layer", c.layer());
        root.put("weighting", c.weighting().name().toLowerCase(Locale.ROOT));
        ArrayNode ev = root.putArray("events");
        c.events().forEach(ev::add);
        root.put("minutes", c.minutes());
        ObjectNode base = root.putObject("base");
        base.put("p50", c.p50());
        base.put("p90", c.p90());
        base.put("sigma", Math.round(c.sigma() * 10000) / 10000.0);
        parameters(root.putArray("parameters"), c.parameters());
        ObjectNode fit = root.putObject("fit");
        fit.put("rmsRps", Math.round(c.rmsRps() * 10) / 10.0);
        fit.put("meanRps", Math.round(c.meanRps() * 10) / 10.0);
        fit.put("peakErrorMedian", Math.round(c.peakErrorMedian() * 10000) / 10000.0);
        fit.put("peakErrorMax", Math.round(c.peakErrorMax() * 10000) / 10000.0);
        fit.put("iterations", c.iterations());
        fit.put("forecasts", c.evaluations());
        ArrayNode slots = root.putArray("slots");
        for (SlotFit f : c.slots()) {
            ObjectNode x = slots.addObject();
            x.put("windowStart", f.windowStart().toString());
            x.put("windowEnd", f.windowEnd().toString());
            ArrayNode ids = x.putArray("events");
            f.events().forEach(ids::add);
            x.put("realPeakRps", Math.round(f.realPeakRps() * 1000) / 1000.0);
            x.put("fittedPeakRps", Math.round(f.fittedPeakRps() * 1000) / 1000.0);
            if (Double.isNaN(f.scale())) {
                x.putNull("scale");
            } else {
                x.put("scale", Math.round(f.scale() * 10000) / 10000.0);
            }
        }
        ArrayNode files = root.putArray("written");
        written.forEach(p -> files.add(p.toString()));
        ArrayNode header = root.putArray("header");
        c.header().forEach(header::add);
        try {
            return mapper.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a calibration is always serialisable", e);
        }
    }

    /** The fitted parameters as JSON: name, kind, before, after, fitted, and the note when there is one. */
    static void parameters(ArrayNode ps, List<FittedParameter> parameters) {
        for (FittedParameter p : parameters) {
            ObjectNode x = ps.addObject();
            x.put("name", p.name());
            x.put("kind", p.kind().name().toLowerCase(Locale.ROOT));
            x.put("before", p.before());
            x.put("after", p.after());
            x.put("fitted", p.fitted());
            if (!p.note().isEmpty()) {
                x.put("note", p.note());
            }
        }
    }
}
