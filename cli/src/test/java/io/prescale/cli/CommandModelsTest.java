package io.prescale.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The subcommand models the build writes ({@link CommandModels}, read by a run instead of the annotations) equal
 * what the annotations say: every argument's attributes, the help in and out of colour, the exit codes, and the
 * values a parse leaves in the command's fields.
 */
class CommandModelsTest {

    static Stream<String> modelled() {
        return CommandModels.describable().stream();
    }

    @Test
    void build_writesTheModelsOfTheCommandsPeopleRunMost() {
        // the start-up cache's workload (StartupTraining) runs these: each must start without reading annotations
        Main main = main(false);
        for (String name : List.of("plan", "forecast")) {
            CommandSpec spec = CommandModels.spec(name, main);
            assertNotNull(spec, name + ": no model in " + CommandModels.RESOURCE + " (does the build still write it?)");
            assertSame(Main.SUBCOMMANDS.get(name), spec.userObject().getClass());
        }
        // the ones it cannot describe are read from their annotations: schedule has subcommands, help needs all
        assertEquals(Main.SUBCOMMANDS.keySet().stream().filter(n -> !n.equals("schedule") && !n.equals("help"))
                .toList(), CommandModels.describable());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modelled")
    void model_hasTheAnnotatedArguments(String name) {
        CommandSpec annotated = annotated(name, false).getSubcommands().get(name).getCommandSpec();
        CommandSpec built = Main.commandLine(main(false), name).getSubcommands().get(name).getCommandSpec();

        assertTrue(built.userObject() != null && !isFromAnnotations(built), name + " was read from its annotations");
        List<String> want = describe(annotated.args());
        List<String> got = describe(built.args());
        for (int i = 0; i < Math.min(want.size(), got.size()); i++) {
            assertEquals(want.get(i), got.get(i), name + ", argument " + i);
        }
        assertEquals(want.size(), got.size(), name + ": arguments");
        assertEquals(annotated.mixins().keySet(), built.mixins().keySet());
        assertEquals(annotated.usageMessage().exitCodeList(), built.usageMessage().exitCodeList());
        assertEquals(annotated.usageMessage().exitCodeListHeading(), built.usageMessage().exitCodeListHeading());
        assertEquals(annotated.usageMessage().sortOptions(), built.usageMessage().sortOptions());
        assertEquals(List.of(annotated.usageMessage().description()), List.of(built.usageMessage().description()));
        assertEquals(annotated.mixinStandardHelpOptions(), built.mixinStandardHelpOptions());
        assertEquals(annotated.qualifiedName(), built.qualifiedName());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modelled")
    void model_printsTheAnnotatedHelp(String name) {
        for (boolean colour : new boolean[] {false, true}) {
            CommandLine annotated = annotated(name, colour).getSubcommands().get(name);
            CommandLine built = Main.commandLine(main(colour), name).getSubcommands().get(name);
            // Picocli says on stderr when a description is no valid format (a '%' its expansion unescaped), and
            // then prints the raw text, which may look right: the warning is the tell
            java.io.PrintStream stderr = System.err;
            java.io.ByteArrayOutputStream said = new java.io.ByteArrayOutputStream();
            String usage;
            try {
                System.setErr(new java.io.PrintStream(said, true, java.nio.charset.StandardCharsets.UTF_8));
                usage = built.getUsageMessage();
            } finally {
                System.setErr(stderr);
            }
            assertEquals("", said.toString(java.nio.charset.StandardCharsets.UTF_8), name + ": help warned");
            assertEquals(annotated.getUsageMessage(), usage, name + ", colour " + colour);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modelled")
    void model_parsesIntoTheFieldsAsTheAnnotationsDo(String name) throws Exception {
        // the defaults and initial values a run starts from: only what is required given (an enum's first value)
        List<String> args = new ArrayList<>(List.of(name));
        CommandSpec spec = annotated(name, false).getSubcommands().get(name).getCommandSpec();
        for (OptionSpec o : spec.options()) {
            if (o.required()) {
                args.add(o.longestName());
                args.add(value(o, args.size()));
            }
        }
        for (PositionalParamSpec p : spec.positionalParameters()) {
            for (int i = 0; i < p.arity().min(); i++) {
                args.add(value(p, args.size()));
            }
        }
        assertEquals(fieldsAfter(annotated(name, false), name, args), fieldsAfter(Main.commandLine(main(false), name),
                name, args));
    }

    @Test
    void plan_parsesEveryOptionAsTheAnnotationsDo() throws Exception {
        List<String> args = List.of("plan", "scenario", "--at", "2026-06-12T18:00Z", "--quantile", "p99", "--out",
                "p.json", "--no-save", "--state-file", "s.json", "--observe", "--profile", "pr", "--region",
                "eu-west-1", "--endpoint-url", "http://localhost:1", "--kube-context", "k", "--kubeconfig", "kc",
                "--call-timeout", "10s", "--max-attempts", "3", "-o", "json", "-q");
        Map<String, String> fields = fieldsAfter(Main.commandLine(main(false), "plan"), "plan", args);
        assertEquals(fieldsAfter(annotated("plan", false), "plan", args), fields);
        assertEquals("json", fields.get("output"), fields.toString()); // the test sees the options it gave
        assertEquals("3", fields.get("provider.maxAttempts"), fields.toString());
    }

    @Test
    void plan_badUsage_exitsTwoWithTheAnnotatedMessage() {
        CliRun r = CliTest.run("plan", CliTest.EXAMPLE, "--quantile", "p100");
        assertEquals(Main.EXIT_BAD_USAGE, r.code(), r.err());
        assertTrue(r.err().startsWith("prescale plan: Invalid value for option '--quantile'"), r.err());
    }

    // ---- helpers

    private static String value(ArgSpec a, int n) {
        return a.completionCandidates() != null ? a.completionCandidates().iterator().next() : "x" + n;
    }

    private static Main main(boolean colour) {
        return new Main(Clock.systemUTC(), null, null, new Terminal(colour, false));
    }

    /** Prescale's command line with {@code name} read by Picocli from its annotations, as before the models. */
    private static CommandLine annotated(String name, boolean colour) {
        Main main = main(colour);
        CommandLine cl = Main.commandLine(main, null);
        assertTrue(isFromAnnotations(cl.getSubcommands().get(name).getCommandSpec()));
        return cl;
    }

    /** Picocli keeps the annotated fields of a model it read: a built model has none of prescale's own. */
    private static boolean isFromAnnotations(CommandSpec spec) {
        return spec.args().stream().anyMatch(a -> a.userObject() instanceof Field f
                && f.getDeclaringClass().getPackageName().equals(Main.class.getPackageName()));
    }

    /** Every attribute of each argument that help, parsing or completion reads. */
    private static List<String> describe(List<ArgSpec> args) {
        List<String> out = new ArrayList<>();
        for (ArgSpec a : args) {
            StringBuilder b = new StringBuilder();
            if (a instanceof OptionSpec o) {
                b.append("option ").append(Arrays.toString(o.names())).append(" order ").append(o.order())
                        .append(" negatable ").append(o.negatable()).append(" fallback ").append(o.fallbackValue())
                        .append(" usageHelp ").append(o.usageHelp()).append(" versionHelp ").append(o.versionHelp())
                        .append(" help ").append(o.help());
            } else if (a instanceof PositionalParamSpec p) {
                b.append("positional index ").append(range(p.index()));
            }
            b.append(" label ").append(a.paramLabel()).append(" hideParamSyntax ").append(a.hideParamSyntax())
                    .append(" description ").append(Arrays.toString(a.description()))
                    .append(" descriptionKey ").append(a.descriptionKey())
                    .append(" default ").append(a.defaultValue()).append(" arity ").append(range(a.arity()))
                    .append(" split ").append(a.splitRegex()).append(" splitLabel ").append(a.splitRegexSynopsisLabel())
                    .append(" showDefault ").append(a.showDefaultValue()).append(" type ").append(a.type().getName())
                    .append(" aux ").append(Arrays.stream(a.auxiliaryTypes()).map(Class::getName).toList())
                    .append(" multi ").append(a.typeInfo().isMultiValue())
                    .append(" enum ").append(a.typeInfo().isEnum())
                    .append(" converters ").append(Arrays.stream(a.converters()).map(c -> c.getClass().getName())
                            .toList())
                    .append(" candidates ").append(a.completionCandidates() == null ? null
                            : a.completionCandidates().toString())
                    .append(" required ").append(a.required()).append(" hidden ").append(a.hidden())
                    .append(" interactive ").append(a.interactive()).append(" inherited ").append(a.inherited())
                    .append(" scope ").append(a.scopeType()).append(" initial ").append(a.initialValue())
                    .append(" hasInitial ").append(a.hasInitialValue()).append(" mapFallback ")
                    .append(a.mapFallbackValue()).append(" preprocessor ").append(a.preprocessor().getClass().getName())
                    .append(" consumer ").append(a.parameterConsumer()).append(" group ").append(a.group());
            out.add(b.toString());
        }
        return out;
    }

    private static String range(CommandLine.Range r) {
        return r + " (" + r.originalValue() + (r.isUnspecified() ? ", unspecified" : "") + ")";
    }

    /** Parses {@code args} and reads back the command's fields and its mixins' ({@code mixin.field}). */
    private static Map<String, String> fieldsAfter(CommandLine cl, String name, List<String> args) throws Exception {
        cl.parseArgs(args.toArray(String[]::new));
        Object command = cl.getSubcommands().get(name).getCommandSpec().userObject();
        Map<String, String> values = new TreeMap<>();
        for (Field f : command.getClass().getDeclaredFields()) {
            if (java.lang.reflect.Modifier.isStatic(f.getModifiers()) || f.getType() == Main.class
                    || f.getType() == CommandSpec.class) {
                continue;
            }
            f.setAccessible(true);
            Object v = f.get(command);
            if (v != null && f.isAnnotationPresent(CommandLine.Mixin.class)) {
                for (Field m : v.getClass().getDeclaredFields()) {
                    if (!java.lang.reflect.Modifier.isStatic(m.getModifiers())) {
                        m.setAccessible(true);
                        values.put(f.getName() + "." + m.getName(), String.valueOf(m.get(v)));
                    }
                }
            } else {
                values.put(f.getName(), String.valueOf(v));
            }
        }
        return values;
    }
}
