package io.prescale.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code prescale help [command...]}: a command's help. Not Picocli's help command: that one is a "help command" to
 * the parser, which then lets anything pass, so {@code prescale help --no-such-flag} printed the usage and exited 0.
 */
@Command(name = "help", sortOptions = false,
        description = "Print a command's help: what it does, its options with their defaults, and its exit codes.",
        exitCodeListHeading = Main.EXIT_HEADING,
        exitCodeList = {"0:help printed", Main.EXIT_USAGE + " (or no such command)", Main.EXIT_BUG})
final class HelpCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "<command>",
            description = "The command, e.g. plan, or schedule list. Default: the command this one belongs to.")
    List<String> path = new ArrayList<>();

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Override
    public Integer call() {
        CommandLine c = spec.parent().commandLine();
        for (String name : path) {
            CommandLine sub = c.getSubcommands().get(name);
            if (sub == null) {
                String near = io.prescale.planner.config.YNode.nearest(name, c.getSubcommands().keySet());
                throw new CommandLine.ParameterException(spec.commandLine(), "no command '" + name + "' in '"
                        + c.getCommandSpec().qualifiedName() + "'" + (near == null ? "" : ": did you mean '" + near
                        + "'?") + " (its commands: " + String.join(", ", c.getSubcommands().keySet()) + ")");
            }
            c = sub;
        }
        c.usage(spec.commandLine().getOut(), spec.commandLine().getColorScheme());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
