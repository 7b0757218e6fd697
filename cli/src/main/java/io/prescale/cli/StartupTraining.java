package io.prescale.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The workload the launcher records its start-up cache from (JDK 24+ {@code -XX:AOTCacheOutput}, AppCDS on 21-23):
 * the short commands people run most, in one JVM, their output discarded. The classes they load, link and profile
 * are what the cache holds, so {@code prescale --help} and {@code prescale plan} start from it.
 *
 * <p>{@code java -XX:AOTCacheOutput=prescale.aot -cp prescale.jar io.prescale.cli.StartupTraining <scenario-dir>}
 */
public final class StartupTraining {
    private StartupTraining() {
    }

    public static void main(String[] args) {
        if (args.length != 1 || !Files.isDirectory(Path.of(args[0]))) {
            System.err.println("usage: StartupTraining <scenario-dir> (e.g. examples/invidi-ads)");
            System.exit(2);
        }
        Main.quickStart(); // as prescale's own runs, so the cache holds what they load
        System.exit(train(args[0]) == 0 ? 0 : 1);
    }

    /** Runs the workload on a scenario and returns how many of its commands failed. */
    static int train(String scenario) {
        PrintWriter sink = new PrintWriter(Writer.nullWriter());
        String[][] workload = {
            {"--help"},
            {"--version"},
            {"plan", "--help"},
            {"plan", scenario, "--no-save"},
            {"plan", scenario, "--no-save", "--output", "json"},
            {"forecast", scenario},
        };
        int failed = 0;
        for (int round = 0; round < 3; round++) { // a few rounds, so the profiles the cache keeps are warm
            for (String[] a : workload) {
                if (Main.run(sink, sink, a) != 0 && round == 0) {
                    System.err.println("StartupTraining: prescale " + String.join(" ", a) + " failed");
                    failed++;
                }
            }
        }
        return failed;
    }
}
