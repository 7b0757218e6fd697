package io.prescale.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code prescale completion bash|zsh}: a completion script for every command, option and enumerated value, made by
 * Picocli from the commands themselves, so it cannot fall behind them. zsh loads the same script through its bash
 * compatibility ({@code bashcompinit}), which the script turns on itself when it runs in zsh.
 */
@Command(name = "completion", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print a shell completion script for prescale's commands, options and their values.",
                "",
                "bash: source <(prescale completion bash)     (add it to ~/.bashrc to keep it)",
                "zsh:  source <(prescale completion zsh)      (add it to ~/.zshrc to keep it)"},
        exitCodeListHeading = Main.EXIT_HEADING,
        exitCodeList = {"0:script printed", Main.EXIT_USAGE + " (a shell other than bash or zsh)", Main.EXIT_BUG})
final class CompletionCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "bash|zsh", description = "The shell: ${COMPLETION-CANDIDATES}.")
    Shell shell;

    enum Shell { bash, zsh }

    @Override
    public Integer call() {
        // a run registers only the command it calls: the script needs them all
        CommandLine all = Main.commandLine(new Main(main.clock, main.in, main.providers, Terminal.PLAIN), null);
        PrintWriter out = main.spec.commandLine().getOut();
        out.print(AutoComplete.bash("prescale", all));
        out.flush();
        return 0;
    }
}
