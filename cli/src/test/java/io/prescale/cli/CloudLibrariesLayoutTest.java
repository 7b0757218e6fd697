package io.prescale.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.prescale.providers.apply.CloudClasses;
import io.prescale.providers.aws.FakeAutoScaling;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installed layout: the AWS SDK and the Kubernetes client in {@code lib/cloud/} beside the providers' jar, off
 * the class path ({@code CloudClasses}), each run in a JVM of its own. Every plan loads its scenario, checks its
 * targets and plans without them (a target type whose declaration or check reaches into either library fails here,
 * naming the class it reached for); a {@code plan --observe} reads the example's Auto Scaling groups and load
 * balancer from AWS's wire format exactly as a run with everything on the class path does: the SDK's clients, its
 * protocol and its XML reading all work from the second class loader.
 */
@org.junit.jupiter.api.extension.ExtendWith(AwsTestCredentials.class)
class CloudLibrariesLayoutTest {
    static final String ELB_NS = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";
    static final Instant AT = Instant.parse("2026-06-13T00:30:00Z");
    /** The SDK's and the client's own jars, by where Maven keeps them (their dependencies may stay: unused). */
    static final List<String> CLOUD = List.of("/software/amazon/awssdk/", "/io/kubernetes/");

    static final FakeAutoScaling FAKE = new FakeAutoScaling();
    @RegisterExtension
    static WireMockExtension wm = AwsTestCredentials.wireMockWith(FAKE);

    @TempDir
    Path tmp;

    @Test
    void plan_everyExample_withoutTheCloudLibrariesOnTheClassPath_printsTheSamePlanAsWithThem() throws Exception {
        // given: every example with a scenario, and the installed layout's class path
        List<Path> examples;
        try (Stream<Path> dirs = Files.list(Path.of("../examples"))) {
            examples = dirs.filter(d -> Files.isRegularFile(d.resolve("prescale.yaml"))).sorted().toList();
        }
        assertTrue(examples.size() >= 5, "examples: " + examples);
        List<String> classPath = installedLayout(tmp.resolve("lib"));

        for (Path example : examples) {
            String[] args = {"plan", example.toString(), "--no-save"};
            CliRun onClassPath = CliRun.run(args);

            // when
            Run r = run(classPath, args);

            // then
            assertFalse(r.err.contains("NoClassDefFoundError") || r.err.contains("ClassNotFoundException"),
                    example + ": " + r.err);
            assertEquals(onClassPath.code(), r.code, example + ": " + r.err);
            assertEquals(onClassPath.out(), r.out, example + ": " + r.err);
            assertTrue(r.out.lines().anyMatch(l -> l.startsWith("Plan: ")), example + ": " + r.out);
        }
    }

    @Test
    void planObserve_installedLayoutWithTheCloudLibrariesInLibCloud_readsAwsAsTheClassPathDoes() throws Exception {
        // given: two groups at capacities no baseline has, a load balancer with a reservation; no cluster to reach
        FAKE.reset();
        FAKE.put("ad-edge-use1", 50, 400, 73, Map.of());
        FAKE.put("tracking-buffer-use1", 100, 1200, 141, Map.of());
        wm.stubFor(FakeAutoScaling.answersAll());
        wm.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=DescribeCapacityReservation&"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(
                        "<DescribeCapacityReservationResponse xmlns=\"" + ELB_NS + "\">"
                                + "<DescribeCapacityReservationResult><LastModifiedTime>2026-06-12T10:00:00Z</LastModifiedTime><DecreaseRequestsRemaining>2"
                                + "</DecreaseRequestsRemaining><MinimumLoadBalancerCapacity><CapacityUnits>900"
                                + "</CapacityUnits></MinimumLoadBalancerCapacity><CapacityReservationState/>"
                                + "</DescribeCapacityReservationResult><ResponseMetadata><RequestId>r-1</RequestId>"
                                + "</ResponseMetadata></DescribeCapacityReservationResponse>")));
        Path kubeconfig = tmp.resolve("kubeconfig");
        Files.writeString(kubeconfig, String.join("\n", "apiVersion: v1", "kind: Config",
                "clusters: [{name: nowhere, cluster: {server: \"https://127.0.0.1:9\"}}]",
                "users: [{name: nobody, user: {token: none}}]",
                "contexts: [{name: prod-use1, context: {cluster: nowhere, user: nobody}}]", "current-context: prod-use1",
                ""));
        String[] args = {"plan", CliTest.EXAMPLE, "--at", AT.toString(), "--no-save", "--observe", "--endpoint-url",
                wm.baseUrl(), "--region", "us-east-1", "--kubeconfig", kubeconfig.toString(), "--max-attempts", "1"};
        CliRun onClassPath = CliRun.run(args);
        assertTrue(onClassPath.out().contains("2 of 5 targets unreadable"), onClassPath.out() + onClassPath.err());

        List<String> classPath = installedLayout(tmp.resolve("lib"));

        // when
        Run r = run(classPath, args);

        // then: the same plan from the same reads; the cluster unreachable alike
        assertEquals(onClassPath.code(), r.code, r.err);
        assertEquals(onClassPath.out(), r.out, r.err);
        assertEquals(onClassPath.err().lines().sorted().toList(), r.err.lines().sorted().toList());
    }

    record Run(int code, String out, String err) {
    }

    /** prescale in a JVM of its own, on {@code classPath}, with the test credentials the SDK signs with. */
    static Run run(List<String> classPath, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:TieredStopAtLevel=1", "-Daws.accessKeyId=AKIDEXAMPLE",
                "-Daws.secretAccessKey=test-secret", "-cp", String.join(File.pathSeparator, classPath),
                Main.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        var err = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getErrorStream().readAllBytes());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        String out = new String(p.getInputStream().readAllBytes());
        return new Run(p.waitFor(), out, err.join());
    }

    /**
     * lib/ as an installed prescale has it: the providers' classes in a jar, the cloud libraries in lib/cloud/. The
     * class path returned is the tests' less those libraries, with that jar for the providers.
     */
    static List<String> installedLayout(Path lib) throws IOException {
        Path cloud = Files.createDirectories(lib.resolve("cloud"));
        Path providersJar = lib.resolve("prescale-providers.jar");
        Path providers = Path.of(CloudClasses.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        if (Files.isDirectory(providers)) {
            jar(providers, providersJar);
        } else {
            Files.copy(providers, providersJar);
        }
        String all = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> classPath = new ArrayList<>();
        for (String e : all.split(File.pathSeparator)) {
            Path entry = Path.of(e);
            if (CLOUD.stream().anyMatch(e.replace(File.separatorChar, '/')::contains)) {
                Files.copy(entry, cloud.resolve(entry.getFileName()));
            } else {
                classPath.add(entry.equals(providers) ? providersJar.toString() : e);
            }
        }
        assertTrue(classPath.contains(providersJar.toString()), "no providers on the class path: " + all);
        try (Stream<Path> jars = Files.list(cloud)) {
            List<String> names = jars.map(j -> j.getFileName().toString()).toList();
            assertTrue(names.stream().anyMatch(n -> n.startsWith("autoscaling-"))
                    && names.stream().anyMatch(n -> n.startsWith("client-java-api-")), "lib/cloud: " + names);
        }
        return classPath;
    }

    private static void jar(Path classes, Path jar) throws IOException {
        try (OutputStream o = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(o);
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                j.putNextEntry(new JarEntry(Arrays.stream(classes.relativize(f).toString().split("[/\\\\]"))
                        .reduce((a, b) -> a + "/" + b).orElseThrow()));
                Files.copy(f, j);
                j.closeEntry();
            }
        }
    }
}
