package io.prescale.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code prescale completion bash|zsh}: a script bash accepts, which completes commands, options and values. */
class CompletionCommandTest {
    @TempDir
    Path tmp;

    record Shell(int code, String out) {
    }

    /** Runs bash with the script sourced, then the given lines; stdout and stderr together. */
    Shell bash(Path script, String lines, String... flags) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("bash"));
        cmd.addAll(List.of(flags));
        cmd.add(flags.length > 0 ? script.toString() : "-c");
        if (flags.length == 0) {
            cmd.add("source " + script + "\n" + lines);
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        return new Shell(p.waitFor(), out);
    }

    /** What the script offers after these words, the last one being completed. */
    String complete(Path script, String... words) throws Exception {
        String line = String.join(" ", words);
        Shell s = bash(script, "COMP_WORDS=(" + line + ")\nCOMP_CWORD=" + (words.length - 1) + "\nCOMP_LINE='" + line
                + "'\nCOMP_POINT=${#COMP_LINE}\n_complete_prescale\nprintf '%s\\n' \"${COMPREPLY[@]}\"");
        assertEquals(0, s.code(), s.out());
        return s.out();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"bash", "zsh"})
    void completion_script_isValidBashThatCompletesCommandsOptionsAndValues(String shell) throws Exception {
        // given
        CliRun r = CliTest.run("completion", shell);
        assertEquals(0, r.code(), r.err());
        Path script = Files.writeString(tmp.resolve("prescale." + shell), r.out());

        // then: bash reads it without a syntax error, and it completes
        Shell syntax = bash(script, "", "-n");
        assertEquals(0, syntax.code(), syntax.out());
        assertTrue(complete(script, "prescale", "pl").lines().toList().contains("plan"));
        assertTrue(complete(script, "prescale", "plan", "--no-s").lines().toList().contains("--no-save"));
        assertTrue(complete(script, "prescale", "schedule", "").lines().toList().containsAll(List.of("list", "show",
                "pause", "resume", "cancel")));
        assertTrue(complete(script, "prescale", "forecast", "x", "--output", "").lines().toList().containsAll(
                List.of("table", "csv", "json")));
        assertTrue(complete(script, "prescale", "completion", "").lines().toList().containsAll(List.of("bash", "zsh")));
        if (shell.equals("zsh")) {
            // zsh loads the bash script through its compatibility layer, which the script switches on itself
            assertTrue(r.out().contains("ZSH_VERSION") && r.out().contains("bashcompinit"), r.out());
        }
    }

    @org.junit.jupiter.api.Test
    void completion_otherShell_isBadUsage() {
        CliRun r = CliTest.run("completion", "fish");

        assertEquals(2, r.code());
        assertTrue(r.err().contains("bash, zsh"), r.err());
    }
}
