package io.prescale.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The example READMEs say what the program prints. For each README: every command it shows runs; every line of
 * output it quotes is printed; every figure in its prose and tables is the one the scenario files (inputs) or the
 * commands (outputs) give; and no number in it escapes its ledger ({@link NowtvLinearReadme},
 * {@link ClevertapIplReadme}, {@link BroadcasterWc2018Readme}, {@link TvCallToActionReadme},
 * {@link ConvivaFifa2014Readme}, {@link InvidiAdsReadme}).
 */
class ExampleReadmeFiguresTest {

    /** One example README and the ledger of its figures. */
    record Example(String name, String folder, BiConsumer<ReadmeFigures, ExampleOutputs> ledger) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Example> examples() {
        return Stream.of(
                new Example("nowtvLinear", "nowtv-linear", NowtvLinearReadme::figures),
                new Example("clevertapIpl", "clevertap-ipl", ClevertapIplReadme::figures),
                new Example("broadcasterWc2018", "broadcaster-wc-2018", BroadcasterWc2018Readme::figures),
                new Example("tvCallToAction", "tv-call-to-action", TvCallToActionReadme::figures),
                new Example("convivaFifa2014", "conviva-fifa-2014", ConvivaFifa2014Readme::figures),
                new Example("invidiAds", "invidi-ads", InvidiAdsReadme::figures));
    }

    /** Two tests read each ledger; it runs the README's commands, so it is built once per example. */
    private static final Map<String, ReadmeFigures> LEDGERS = new ConcurrentHashMap<>();

    @ParameterizedTest(name = "readme_{0}_everyCommandRunsAsWritten")
    @MethodSource("examples")
    void readme_everyCommandRunsAsWritten(Example e) {
        List<String> commands = ExampleReadme.of(e.folder()).commands();
        assertTrue(commands.size() >= 2, e + " README shows its commands: " + commands);
        for (String c : commands) {
            CliRun r = ExampleReadme.run(c);
            assertEquals(0, r.code(), c + "\n" + r.out() + r.err());
        }
    }

    @ParameterizedTest(name = "readme_{0}_everyQuotedOutputLineIsPrinted")
    @MethodSource("examples")
    void readme_everyQuotedOutputLineIsPrinted(Example e) {
        // given
        List<ExampleReadme.OutputBlock> blocks = ExampleReadme.of(e.folder()).outputBlocks();
        assertTrue(!blocks.isEmpty(), e + " README quotes output");

        for (ExampleReadme.OutputBlock b : blocks) {
            // when
            CliRun r = ExampleReadme.run(b.command());
            assertEquals(0, r.code(), b.command() + "\n" + r.err());

            // then: the quoted lines, in order, each one whole line of the output ("..." leaves lines out)
            List<String> printed = r.out().lines().map(ExampleReadme::spaces).toList();
            int at = 0;
            for (String quoted : b.lines()) {
                String q = ExampleReadme.spaces(quoted);
                if (q.isEmpty() || q.equals("...")) {
                    continue;
                }
                int found = printed.subList(at, printed.size()).indexOf(q);
                assertTrue(found >= 0, e + " README: $ " + b.command() + "\ndoes not print (after line " + at + "):\n"
                        + quoted + "\n--- it prints:\n"
                        + r.out().lines().skip(at).limit(40).collect(Collectors.joining("\n")));
                at += found + 1;
            }
        }
    }

    @ParameterizedTest(name = "readme_{0}_everyQuotedFigureIsWhatTheModelGives")
    @MethodSource("examples")
    void readme_everyQuotedFigureIsWhatTheModelGives(Example e) {
        ReadmeFigures f = ledger(e);
        assertEquals(List.of(), f.notFound(), e + " README passages that differ from the model (as they should read)");
    }

    @ParameterizedTest(name = "readme_{0}_everyFigureIsChecked")
    @MethodSource("examples")
    void readme_everyFigureIsChecked(Example e) {
        ReadmeFigures f = ledger(e);
        assertEquals(List.of(), f.unchecked(), "numbers in the " + e + " README that no ledger entry checks");
    }

    private static ReadmeFigures ledger(Example e) {
        return LEDGERS.computeIfAbsent(e.name(), k -> {
            ExampleOutputs o = ExampleOutputs.of(e.folder());
            ReadmeFigures f = new ReadmeFigures(ExampleReadme.of(e.folder()).prose(), o.scenario.zone());
            e.ledger().accept(f, o);
            return f;
        });
    }
}
