package io.prescale.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * An installed prescale keeps the AWS SDK and the Kubernetes client off its class path (in {@code lib/cloud/}, for
 * the commands that call a cloud: {@code CloudClasses}), so every plan must load its scenario, check its targets and
 * plan without them. A target type whose declaration or check reaches into either library fails here, naming the
 * class it reached for.
 */
class PlanWithoutCloudLibrariesTest {

    /** The two libraries' own classes, by where Maven keeps them. */
    private static final List<String> CLOUD = List.of("/software/amazon/awssdk/", "/io/kubernetes/");

    @Test
    void plan_everyExample_withoutTheCloudLibrariesOnTheClassPath_printsTheSamePlanAsWithThem() throws Exception {
        // given: the tests' class path less the libraries, and every example with a scenario
        String all = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> lean = Arrays.stream(all.split(File.pathSeparator))
                .filter(e -> CLOUD.stream().noneMatch(e.replace(File.separatorChar, '/')::contains)).toList();
        assertTrue(lean.size() < all.split(File.pathSeparator).length, "the tests' class path has no cloud library: "
                + all);
        List<Path> examples;
        try (Stream<Path> dirs = Files.list(Path.of("../examples"))) {
            examples = dirs.filter(d -> Files.isRegularFile(d.resolve("prescale.yaml"))).sorted().toList();
        }
        assertTrue(examples.size() >= 5, "examples: " + examples);

        for (Path example : examples) {
            String[] args = {"plan", example.toString(), "--no-save"};
            CliRun with = CliRun.run(args);

            // when
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-XX:TieredStopAtLevel=1", "-cp", String.join(File.pathSeparator, lean),
                    Main.class.getName()));
            command.addAll(List.of(args));
            Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            String out = new String(p.getInputStream().readAllBytes());
            String err = new String(p.getErrorStream().readAllBytes());
            int code = p.waitFor();

            // then
            assertFalse(err.contains("NoClassDefFoundError") || err.contains("ClassNotFoundException"),
                    example + ": " + err);
            assertEquals(with.code(), code, example + ": " + err);
            assertEquals(with.out(), out, example + ": " + err);
            assertTrue(out.lines().anyMatch(l -> l.startsWith("Plan: ")), example + ": " + out);
        }
    }

    @Test
    void cloudLibraries_filteredByWhereMavenKeepsThem_matchTheSdkAndTheClient() {
        // a rename of either library's group would make the test above pass with the library still there
        String all = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String found = Arrays.stream(all.split(File.pathSeparator))
                .filter(e -> CLOUD.stream().anyMatch(e.replace(File.separatorChar, '/')::contains))
                .map(e -> Path.of(e).getFileName().toString()).sorted().collect(Collectors.joining(" "));
        assertTrue(found.contains("sdk-core-") && found.contains("autoscaling-") && found.contains("client-java-api-"),
                found);
    }
}
