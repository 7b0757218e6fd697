package io.prescale.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.prescale.planner.model.Layer;
import io.prescale.planner.model.Scenario;
import io.prescale.providers.aws.AwsProviders;
import io.prescale.planner.plan.PlanJson;
import io.prescale.providers.spi.ProviderFactory;
import io.prescale.providers.spi.ProviderRegistry;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code prescale iam-policy}: the least IAM policy the scenario's apply needs. Read-only calls cannot be limited
 * to a resource (AWS requires {@code *} for Describe*), so they get their own statement; every mutating call is
 * limited to the scenario's own groups and load balancers.
 */
@Command(name = "iam-policy", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print the minimum IAM policy (JSON) that 'prescale apply' needs for this scenario's AWS targets."},
        exitCodeListHeading = Main.EXIT_HEADING,
        exitCodeList = {"0:policy printed", "1:invalid scenario, or no AWS target to write a policy for",
                Main.EXIT_USAGE, Main.EXIT_BUG})
final class IamPolicyCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    // only the scenario: the policy depends on its targets, not on when or at which quantile it is planned
    @picocli.CommandLine.Parameters(index = "0", paramLabel = "<scenario-dir>",
            description = "Scenario folder holding prescale.yaml (or the path of a prescale.yaml).")
    java.nio.file.Path scenarioDir;

    @Option(names = "--optional", description = "Include the optional features' actions (native scheduled actions, "
            + "vCPU quota checks, On-Demand Capacity Reservations).")
    boolean optional;

    @Option(names = "--account", paramLabel = "<id>", defaultValue = "*",
            description = "AWS account id in resource ARNs. Default: ${DEFAULT-VALUE}.")
    String account;

    @Override
    public Integer call() throws Exception {
        ScenarioInput input = new ScenarioInput();
        input.scenarioDir = scenarioDir;
        Scenario s = input.load(main.clock).scenario();
        ProviderRegistry registry = main.providers.get();
        Map<String, TreeSet<String>> mutatingByResource = new TreeMap<>();
        TreeSet<String> readOnly = new TreeSet<>();
        List<String> skipped = new ArrayList<>();
        for (Layer l : s.layers()) {
            String t = l.target().type();
            if (!t.equals(AwsProviders.AUTO_SCALING_GROUP) && !t.equals(AwsProviders.LOAD_BALANCER)) {
                skipped.add(l.name() + " (" + t + ")");
                continue;
            }
            ProviderFactory f = registry.find(t).orElseThrow(() -> new UserException("no provider for " + t));
            String region = l.target().settings().getOrDefault("region", "*");
            String arn = t.equals(AwsProviders.AUTO_SCALING_GROUP)
                    ? "arn:aws:autoscaling:" + region + ":" + account + ":autoScalingGroup:*:autoScalingGroupName/"
                    + l.target().name()
                    : l.target().name();
            for (String action : f.iamActions(optional)) {
                String verb = action.substring(action.indexOf(':') + 1);
                if (verb.startsWith("Describe") || verb.startsWith("List") || verb.startsWith("Get")) {
                    readOnly.add(action);
                } else if (action.startsWith("ec2:")) {
                    // capacity reservations are created per event: their ids are not known in advance
                    mutatingByResource.computeIfAbsent(action, a -> new TreeSet<>())
                            .add("arn:aws:ec2:" + region + ":" + account + ":capacity-reservation/*");
                } else {
                    mutatingByResource.computeIfAbsent(action, a -> new TreeSet<>()).add(arn);
                }
            }
        }
        if (readOnly.isEmpty() && mutatingByResource.isEmpty()) {
            // an empty Statement list is a policy IAM rejects: say there is nothing to allow instead
            throw new UserException("scenario " + s.name() + " has no AWS target (aws-asg, aws-elbv2): no IAM policy "
                    + "to print" + (skipped.isEmpty() ? "" : "; its layers: " + String.join(", ", skipped)));
        }
        var mapper = PlanJson.mapper();
        ObjectNode policy = mapper.createObjectNode();
        policy.put("Version", "2012-10-17");
        ArrayNode statements = policy.putArray("Statement");
        if (!readOnly.isEmpty()) {
            ObjectNode st = statements.addObject();
            st.put("Sid", "PrescaleObserve");
            st.put("Effect", "Allow");
            readOnly.forEach(st.putArray("Action")::add);
            st.put("Resource", "*");
        }
        Map<TreeSet<String>, TreeSet<String>> byResources = new java.util.LinkedHashMap<>();
        mutatingByResource.forEach((action, arns) -> byResources.computeIfAbsent(arns, k -> new TreeSet<>()).add(action));
        int i = 0;
        for (var e : byResources.entrySet()) {
            ObjectNode st = statements.addObject();
            st.put("Sid", "PrescaleScale" + (++i));
            st.put("Effect", "Allow");
            e.getValue().forEach(st.putArray("Action")::add);
            ArrayNode res = st.putArray("Resource");
            e.getKey().forEach(res::add);
        }
        PrintWriter out = main.spec.commandLine().getOut();
        out.println(mapper.writeValueAsString(policy));
        if (!skipped.isEmpty()) {
            main.spec.commandLine().getErr().println("prescale: no IAM needed for " + String.join(", ", skipped));
        }
        out.flush();
        return 0;
    }
}
