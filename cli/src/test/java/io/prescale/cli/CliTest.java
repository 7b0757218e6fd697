package io.prescale.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.prescale.planner.plan.Plan;
import io.prescale.planner.plan.PlanJson;
import io.prescale.providers.examples.ScenarioFolders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The CLI in-process through {@link Main#run}: output, exit codes, saved plans. */
class CliTest {
    static final String EXAMPLE = "../examples/invidi-ads";
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-12T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;

    static CliRun run(String... args) {
        return CliRun.run(CLOCK, args);
    }

    @Test
    void version_namesTheVersionAndTheCommitOfTheBuild() {
        CliRun r = run("--version");
        assertEquals(0, r.code(), r.err());
        // the build writes build-info.properties from git rev-parse ("unknown" without a .git)
        assertTrue(r.out().matches("prescale \\S+ \\(commit ([0-9a-f]{12}(-dirty)?|unknown)\\)\\R"), r.out());
    }

    @Test
    void help_listsEverySubcommandUnderItsOwnName() {
        // Main registers only the subcommand a run calls, by the names in Main.SUBCOMMANDS: they must be the
        // commands' own names, and help must still list them all
        CliRun r = run("--help");
        assertEquals(0, r.code(), r.err());
        Main.SUBCOMMANDS.forEach((name, command) -> {
            assertEquals(name, command.getAnnotation(picocli.CommandLine.Command.class).name());
            assertTrue(r.out().contains("  " + name + " "), name + " missing from\n" + r.out());
        });
    }

    @Test
    void summaries_areEachCommandsFirstDescriptionLine() {
        // prescale --help lists the commands from Main.SUMMARIES, not from their annotations (a proxy class each)
        assertEquals(Main.SUBCOMMANDS.keySet(), Main.SUMMARIES.keySet());
        Main.SUBCOMMANDS.forEach((name, command) -> {
            picocli.CommandLine.Command c = command.getAnnotation(picocli.CommandLine.Command.class);
            assertEquals(c.description()[0], Main.SUMMARIES.get(name),
                    name + ": its first description line changed, so must Main.SUMMARIES");
            assertEquals(0, c.header().length + c.aliases().length, name + ": a header or alias needs Main.summaries");
            assertFalse(c.hidden(), name + ": a hidden command needs Main.summaries");
        });
    }

    @ParameterizedTest(name = "colour {0}")
    @ValueSource(booleans = {false, true})
    void help_fromSummaries_isTheHelpOfTheFullCommands(boolean colour) {
        // a run naming no subcommand registers each only by its @Command (Main.summaries): its help must not differ
        Terminal terminal = new Terminal(colour, false);
        Main main = new Main(Clock.systemUTC(), null, null, terminal);
        String full = Main.commandLine(main, null).getUsageMessage();
        String summaries = Main.summaries(main).getUsageMessage();
        assertTrue(full.contains("Print a shell completion script"), full); // the command list is there
        assertEquals(full, summaries);
    }

    @ParameterizedTest(name = "colour {0}")
    @ValueSource(booleans = {false, true})
    void help_builtWithoutAnnotations_isTheHelpOfTheAnnotatedCommand(boolean colour) {
        // Main.spec builds prescale's model by hand (reading @Command costs a proxy class per run): the annotation
        // on Main must give the same help and version
        Terminal terminal = new Terminal(colour, false);
        Main main = new Main(Clock.systemUTC(), null, null, terminal);
        picocli.CommandLine annotated = new picocli.CommandLine(main);
        Main.SUBCOMMANDS.forEach(annotated::addSubcommand);
        annotated.setColorScheme(picocli.CommandLine.Help.defaultColorScheme(colour ? picocli.CommandLine.Help.Ansi.ON
                : picocli.CommandLine.Help.Ansi.OFF));
        picocli.CommandLine built = Main.commandLine(new Main(Clock.systemUTC(), null, null, terminal), null);
        assertEquals(annotated.getUsageMessage(), built.getUsageMessage());
        java.io.StringWriter a = new java.io.StringWriter();
        java.io.StringWriter b = new java.io.StringWriter();
        annotated.printVersionHelp(new java.io.PrintWriter(a, true));
        built.printVersionHelp(new java.io.PrintWriter(b, true));
        assertTrue(a.toString().startsWith("prescale "), a.toString());
        assertEquals(a.toString(), b.toString());
    }

    @Test
    void startupTraining_runsEveryCommandOfItsWorkload() {
        // the start-up cache is recorded from this workload: a command failing in it would leave its classes out
        assertEquals(0, StartupTraining.train(EXAMPLE));
    }

    @Test
    void plan_example_printsDiffSummaryAndSavesThePlan() throws Exception {
        Path file = tmp.resolve("plan.json");
        CliRun r = run("plan", EXAMPLE, "--out", file.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("+ ad-edge"), r.out());
        assertTrue(r.out().contains("50 -> "), r.out());
        assertTrue(r.out().contains("~ tracking-lb"), r.out());
        assertTrue(r.out().contains("- ad-edge"), r.out());
        assertTrue(r.out().contains("Summary:"), r.out());
        assertTrue(r.out().contains("Saved to " + file), r.out());
        Plan p = PlanJson.read(Files.readString(file));
        assertEquals("invidi-ads", p.scenario());
        assertEquals(CLOCK.instant(), p.createdAt());
        assertEquals("baseline", p.observed().source());
        assertEquals(50, p.observed().units().get("ad-edge"));
        assertFalse(p.inputs().isEmpty());
    }

    @Test
    void plan_outputJson_carriesLayersAndChangesFields() throws Exception {
        CliRun r = run("plan", EXAMPLE, "--no-save", "--output", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode root = PlanJson.mapper().readTree(r.out());
        JsonNode layer = root.get("layers").get(0);
        for (String f : new String[] {"name", "unit", "peakRps", "peakUnits", "peakAt", "drivenBy"}) {
            assertTrue(layer.has(f), "layers[] has " + f);
        }
        JsonNode change = root.get("changes").get(0);
        for (String f : new String[] {"layer", "action", "at", "from", "to", "reason"}) {
            assertTrue(change.has(f), "changes[] has " + f);
        }
        assertTrue(root.get("digest").asText().startsWith("sha256:"));
        assertFalse(Files.exists(Path.of("plan.json")) && Files.getLastModifiedTime(Path.of("plan.json")).toInstant()
                .isAfter(Instant.now().minusSeconds(5)), "--no-save writes nothing");
    }

    @Test
    void plan_scenarioWithPrices_printsTheCostAgainstTheBaseline_tableAndJsonAgree() throws Exception {
        // given: the example with instances priced, its LCUs and pods not
        Path scenario = tmp.resolve("priced");
        ScenarioFolders.copy(Path.of(EXAMPLE), scenario);
        Files.writeString(scenario.resolve("prescale.yaml"), "\nprices: {instances: 0.17/h}\n",
                java.nio.file.StandardOpenOption.APPEND);

        // when
        CliRun table = run("plan", scenario.toString(), "--no-save");
        CliRun json = run("plan", scenario.toString(), "--no-save", "-o", "json");

        // then
        assertEquals(0, table.code(), table.err());
        JsonNode cost = PlanJson.mapper().readTree(json.out()).get("cost");
        double total = cost.get("planTotal").asDouble();
        assertTrue(total > cost.get("baselineTotal").asDouble(), "a tournament costs more than its baseline");
        assertTrue(table.out().contains(String.format(java.util.Locale.US, "The plan costs %,.2f over the horizon; "
                + "keeping the baseline would cost %,.2f", total, cost.get("baselineTotal").asDouble())), table.out());
        assertTrue(table.out().contains("no price"), "the unpriced layers say so");
        assertFalse(run("plan", EXAMPLE, "--no-save").out().contains("Cost over the horizon"), "no prices, no cost");
    }

    @Test
    void plan_atOverride_plansFromThatInstant() throws Exception {
        CliRun r = run("plan", EXAMPLE, "--no-save", "-o", "json", "--at", "2026-07-01T00:00Z");
        assertEquals(0, r.code(), r.err());
        JsonNode root = PlanJson.mapper().readTree(r.out());
        assertEquals("2026-07-01T00:00:00Z", root.get("at").asText());
        assertEquals(2, root.get("events").size(), "only the matches after July 1");
    }

    @Test
    void planJson_sameInputTwice_writesItsMapsInOneOrder_soTwoPlansDiffOnlyWhereTheyDiffer() throws Exception {
        // given: Map.copyOf iterated in an order that changes from one JVM to the next, so the same plan written
        // twice moved its observed units and target settings around (a reviewer's diff full of moved lines)
        CliRun r = run("plan", EXAMPLE, "--no-save", "-o", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode root = PlanJson.mapper().readTree(r.out());

        // then: every such map is written in its keys' order
        List<JsonNode> maps = new java.util.ArrayList<>(List.of(root.get("observed").get("units")));
        root.get("layers").forEach(l -> {
            if (l.has("targetSettings")) {
                maps.add(l.get("targetSettings"));
            }
        });
        assertTrue(maps.size() > 3, "maps checked: " + maps.size());
        for (JsonNode m : maps) {
            List<String> keys = new java.util.ArrayList<>();
            m.fieldNames().forEachRemaining(keys::add);
            assertEquals(keys.stream().sorted().toList(), keys, m.toString());
        }
    }

    @Test
    void plan_stateFile_replacesTheBaseline() throws Exception {
        Path state = tmp.resolve("state.json");
        Files.writeString(state, "{\"units\": {\"ad-edge\": 120}}");
        CliRun r = run("plan", EXAMPLE, "--no-save", "-o", "json", "--state-file", state.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode root = PlanJson.mapper().readTree(r.out());
        assertEquals(120, root.get("observed").get("units").get("ad-edge").asInt());
        assertTrue(root.get("observed").get("source").asText().startsWith("state-file"));
    }

    @Test
    void plan_stateObservedLongBeforeThePlansTime_isPlannedFromButWarnedAtItsObservedAt() throws Exception {
        // given: capacity seen in 1970, and capacity seen 20 minutes before the plan's time (plan.maxAge is 1h)
        Path old = tmp.resolve("old.json");
        Files.writeString(old, "{\"units\": {\"ad-edge\": 120},\n \"observedAt\": \"1970-01-01T00:00:00Z\"}");
        Path fresh = tmp.resolve("fresh.json");
        Files.writeString(fresh, "{\"units\": {\"ad-edge\": 120},\n \"observedAt\": \"2026-06-12T11:40:00Z\"}");

        // when
        CliRun r = run("plan", EXAMPLE, "--no-save", "--at", "2026-06-12T12:00Z", "--state-file", old.toString());
        CliRun ok = run("plan", EXAMPLE, "--no-save", "--at", "2026-06-12T12:00Z", "--state-file", fresh.toString());

        // then
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("old.json:2:16: warning: observedAt: the state was observed at 1970-01-01T00:00:00Z, "
                + "20616 days before the plan's time 2026-06-12T12:00:00Z (longer than plan.maxAge 1h)"), r.err());
        assertEquals(0, ok.code(), ok.err());
        assertFalse(ok.err().contains("observedAt"), ok.err());
    }

    @Test
    void plan_stateFileNamingUnknownLayer_exitsOneWithReason() throws Exception {
        Path state = tmp.resolve("state.json");
        Files.writeString(state, "{\"units\": {\"nope\": 1}}");
        CliRun r = run("plan", EXAMPLE, "--no-save", "--state-file", state.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("state.json:1:20: error: units.nope: names no layer of the scenario"), r.err());
    }

    @Test
    void plan_invalidScenario_listsEveryErrorWithFileAndLine_exitsOne() throws Exception {
        Files.writeString(tmp.resolve("prescale.yaml"), """
                name: broken
                events:
                  - {id: A, stage: group, kickoff: 2026-06-12 19:00, audience: 1M}
                layers:
                  - name: edge
                    unit: instances
                    rpsPerUnit: 400
                    terms: [{type: per-viewer, every: 6s}]
                """);
        CliRun r = run("plan", tmp.toString(), "--no-save");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("prescale.yaml:3:") && r.err().contains("no time zone"), r.err());
        assertTrue(r.err().contains("prescale.yaml:7:") && r.err().contains("layers[0].rpsPerUnit"), r.err());
        assertTrue(r.err().contains("2 error(s)"), r.err());
        assertFalse(r.err().contains("Exception"), "no stack trace for user errors: " + r.err());
    }

    @Test
    void plan_missingScenario_exitsOne() {
        CliRun r = run("plan", tmp.resolve("nope").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("scenario not found"), r.err());
    }

    @Test
    void plan_badInstant_isAUsageError() {
        CliRun r = run("plan", EXAMPLE, "--at", "tomorrow");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("not an instant"), r.err());
    }

    @Test
    void forecast_csv_hasOneRowPerLayerMinute() {
        CliRun r = run("forecast", EXAMPLE, "--layer", "ad-edge", "--event", "FINAL", "--output", "csv");
        assertEquals(0, r.code(), r.err());
        var lines = r.out().lines().toList();
        assertEquals("minute_utc,layer,metric,load,units_needed,units_planned,event", lines.get(0));
        assertTrue(lines.size() > 150, "a knockout match covers more than 150 minutes: " + lines.size());
        assertTrue(lines.stream().skip(1).allMatch(l -> l.contains(",ad-edge,rps,")), lines.get(1));
        assertTrue(lines.stream().anyMatch(l -> l.endsWith(",FINAL")));
    }

    @Test
    void forecast_unknownLayer_exitsOneNamingTheLayers() {
        CliRun r = run("forecast", EXAMPLE, "--layer", "nope");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("no layer 'nope'") && r.err().contains("ad-edge"), r.err());
    }

    @Test
    void iamPolicy_scopesMutationsToTheScenarioResources() throws Exception {
        CliRun r = run("iam-policy", EXAMPLE);
        assertEquals(0, r.code(), r.err());
        JsonNode policy = PlanJson.mapper().readTree(r.out());
        assertEquals("2012-10-17", policy.get("Version").asText());
        JsonNode observe = policy.get("Statement").get(0);
        assertEquals("*", observe.get("Resource").asText());
        assertTrue(observe.get("Action").toString().contains("autoscaling:DescribeAutoScalingGroups"));
        assertFalse(observe.get("Action").toString().contains("Update"), "no mutation on *: " + observe);
        String all = policy.get("Statement").toString();
        assertTrue(all.contains("autoScalingGroupName/ad-edge-use1"), all);
        assertTrue(all.contains("autoscaling:UpdateAutoScalingGroup"), all);
        assertTrue(all.contains("elasticloadbalancing:ModifyCapacityReservation"), all);
        assertFalse(all.contains("BatchPutScheduledUpdateGroupAction"), "optional actions only with --optional");
        assertTrue(r.err().contains("no IAM needed for beacon-processor"), r.err());
        CliRun optional = run("iam-policy", EXAMPLE, "--optional", "--account", "123456789012");
        assertTrue(optional.out().contains("BatchPutScheduledUpdateGroupAction"));
        assertTrue(optional.out().contains("arn:aws:ec2:us-east-1:123456789012:capacity-reservation/*"), optional.out());
    }

    @ParameterizedTest(name = "{0} --help")
    @ValueSource(strings = {"plan", "forecast", "apply", "iam-policy"})
    void help_onEverySubcommand_describesEveryOption(String cmd) {
        CliRun r = run(cmd, "--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("--"), r.out());
        assertTrue(r.out().contains("Default:") || r.out().contains("Usage:"), r.out());
    }

    @Test
    void bare_noCommand_isBadUsageWithTheUsageOnStderr() {
        CliRun r = run();

        assertEquals(2, r.code());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("prescale: which command? (prescale --help lists them)"), r.err());
    }

    @Test
    void iamPolicy_scenarioWithoutAwsTargets_saysSoAndExitsOne() {
        CliRun r = run("iam-policy", "../examples/nowtv-linear");

        assertEquals(1, r.code());
        assertEquals("", r.out(), "no policy IAM would reject");
        assertTrue(r.err().contains("scenario nowtv-linear has no AWS target (aws-asg, aws-elbv2): no IAM policy to "
                + "print"), r.err());
    }

    @Test
    void scheduleList_storeNoDaemonRanWith_saysSoAndCreatesNoDatabase(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
        java.nio.file.Path store = tmp.resolve("nothing-here");

        CliRun r = run("schedule", "list", "--store", "h2:" + store);

        assertEquals(1, r.code());
        assertTrue(r.err().contains("no job store in " + store), r.err());
        assertTrue(!java.nio.file.Files.exists(store), "a read-only command created a database");
    }

    @Test
    void plan_outIsAFolder_onePlainLineNamingItExitOne(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
        CliRun r = run("plan", "../examples/invidi-ads", "--out", tmp.toString());

        assertEquals(1, r.code());
        assertTrue(r.err().contains("--out " + tmp + " is a folder: give the plan a file name"), r.err());
    }
}
