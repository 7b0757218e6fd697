package io.prescale.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An example's README read as claims about the program: the {@code ./prescale} commands it shows, the output it
 * quotes (a fenced block whose first line is {@code $ ./prescale ...}, then lines of that command's output, with
 * {@code ...} where lines are left out), and its prose, whose figures a {@link ReadmeFigures} ledger accounts for.
 */
final class ExampleReadme {
    /** The repository root: README commands run from there. */
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String PROMPT = "$ ";
    private static final String LAUNCHER = "./prescale ";
    private static final Pattern INLINE_COMMAND = Pattern.compile("`(\\./prescale [^`]+)`");
    // the clock only stamps createdAt: examples plan from their plan.from
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    record OutputBlock(String command, List<String> lines) {
    }

    private final String markdown;

    private ExampleReadme(String markdown) {
        this.markdown = markdown;
    }

    static ExampleReadme of(String example) {
        try {
            return new ExampleReadme(Files.readString(ROOT.resolve("examples").resolve(example).resolve("README.md")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every {@code ./prescale} command the README shows: in fenced blocks, as a quoted output's prompt, inline. */
    List<String> commands() {
        Set<String> out = new LinkedHashSet<>();
        for (List<String> block : fencedBlocks()) {
            for (String line : block) {
                String l = line.strip();
                if (l.startsWith(PROMPT + LAUNCHER)) {
                    out.add(l.substring(PROMPT.length()));
                } else if (l.startsWith(LAUNCHER)) {
                    out.add(l);
                }
            }
        }
        Matcher m = INLINE_COMMAND.matcher(markdown);
        while (m.find()) {
            out.add(m.group(1).strip());
        }
        return List.copyOf(out);
    }

    /** The fenced blocks quoting a command's output. */
    List<OutputBlock> outputBlocks() {
        List<OutputBlock> out = new ArrayList<>();
        for (List<String> block : fencedBlocks()) {
            if (quotesOutput(block)) {
                out.add(new OutputBlock(block.get(0).substring(PROMPT.length()), block.subList(1, block.size())));
            }
        }
        return out;
    }

    /**
     * The README without quoted output and without command lines, markdown emphasis and code quotes removed and
     * whitespace collapsed: the text whose figures the ledger must account for.
     */
    String prose() {
        StringBuilder sb = new StringBuilder();
        for (Segment seg : segments()) {
            if (!seg.fenced() || !quotesOutput(seg.lines())) {
                seg.lines().stream().filter(l -> !seg.fenced() || !isCommand(l))
                        .forEach(l -> sb.append(l).append('\n'));
            }
        }
        // a command's arguments are checked by running it, not as figures
        return normalise(INLINE_COMMAND.matcher(sb).replaceAll("").replace("*", ""));
    }

    /** How README prose is read: emphasis and code quotes dropped, whitespace collapsed. */
    static String normalise(String text) {
        return spaces(text.replace("**", "").replace("`", ""));
    }

    /** How quoted output is compared with printed output: whitespace collapsed, nothing else. */
    static String spaces(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }

    /**
     * Runs a README command in-process, as from the repository root: {@code examples/...} arguments resolve
     * against the root, and the root is taken out of what the command prints.
     */
    static CliRun run(String command) {
        if (!command.startsWith(LAUNCHER) || command.contains("\"") || command.contains("'")) {
            throw new IllegalArgumentException("not a plain ./prescale command: " + command);
        }
        String[] args = Arrays.stream(command.substring(LAUNCHER.length()).strip().split("\\s+"))
                .map(a -> a.startsWith("examples/") ? ROOT.resolve(a).toString() : a)
                .toArray(String[]::new);
        CliRun r = CliRun.run(CLOCK, args);
        String root = ROOT + "/";
        return new CliRun(r.code(), r.out().replace(root, ""), r.err().replace(root, ""));
    }

    private static boolean quotesOutput(List<String> block) {
        return !block.isEmpty() && block.get(0).startsWith(PROMPT + LAUNCHER);
    }

    private static boolean isCommand(String line) {
        String l = line.strip();
        return l.startsWith(LAUNCHER) || l.startsWith(PROMPT) || l.startsWith("mvn ");
    }

    private List<List<String>> fencedBlocks() {
        return segments().stream().filter(Segment::fenced).map(Segment::lines).toList();
    }

    /** Runs of lines, each inside a fenced block or outside one. */
    private record Segment(boolean fenced, List<String> lines) {
    }

    private List<Segment> segments() {
        List<Segment> out = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        boolean fenced = false;
        for (String line : markdown.split("\n", -1)) {
            if (line.startsWith("```")) {
                out.add(new Segment(fenced, lines));
                lines = new ArrayList<>();
                fenced = !fenced;
            } else {
                lines.add(line);
            }
        }
        out.add(new Segment(fenced, lines));
        return out;
    }
}
