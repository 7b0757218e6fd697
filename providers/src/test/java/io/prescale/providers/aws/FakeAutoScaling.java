package io.prescale.providers.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A stateful fake of EC2 Auto Scaling in AWS's Query wire format, for WireMock: groups with min, max, desired,
 * InService instances and tags, changed by UpdateAutoScalingGroup, SetDesiredCapacity, CreateOrUpdateTags and
 * DeleteTags and read by DescribeAutoScalingGroups and DescribePolicies, so a test sees state across calls and
 * runs. Faults are queued per action: the next call of that action answers with the fault instead (and a "lost"
 * fault applies the change, then answers 500, as a response lost on the way back does).
 */
public final class FakeAutoScaling implements ResponseDefinitionTransformerV2 {
    public static final String NAME = "fake-autoscaling";

    /**
     * The stub that hands every Query request to the fake (registered as a WireMock extension), at a low priority so
     * that a test's own stubs (a fault, EC2, ELBv2) answer first.
     */
    public static MappingBuilder answersAll() {
        return post(urlEqualTo("/")).atPriority(10).willReturn(aResponse().withTransformers(NAME));
    }

    /** One group's state. {@code inService} follows desired unless frozen (instances that never come up). */
    public static final class Group {
        public int min;
        public int max;
        public int desired;
        public int inService;
        public boolean instancesFollow = true;
        /** Changes of desired capacity that took effect: what "changed exactly once" counts. */
        public int writes;
        public final Map<String, String> tags = new TreeMap<>();
        public final Map<String, String> policies = new LinkedHashMap<>();

        Group(int min, int max, int desired) {
            this.min = min;
            this.max = max;
            this.desired = desired;
            this.inService = desired;
        }
    }

    /** What a faulted call answers. */
    public enum Fault { SERVER_ERROR, THROTTLING, SCALING_ACTIVITY_IN_PROGRESS, VALIDATION_ERROR, EMPTY_200, LOST, MALFORMED }

    public final Map<String, Group> groups = new LinkedHashMap<>();
    private final Map<String, Deque<Fault>> faults = new LinkedHashMap<>();

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    public synchronized void reset() {
        groups.clear();
        faults.clear();
    }

    public synchronized Group put(String name, int min, int max, int desired, Map<String, String> tags) {
        Group g = new Group(min, max, desired);
        g.tags.putAll(tags);
        groups.put(name, g);
        return g;
    }

    public synchronized void clearFaults() {
        faults.clear();
    }

    public synchronized void fault(String action, Fault f) {
        faults.computeIfAbsent(action, k -> new ArrayDeque<>()).add(f);
    }

    @Override
    public synchronized ResponseDefinition transform(ServeEvent serveEvent) {
        Map<String, String> p = form(serveEvent.getRequest().getBodyAsString());
        String action = p.getOrDefault("Action", "");
        Deque<Fault> q = faults.get(action);
        Fault fault = q == null ? null : q.poll();
        if (fault != null && fault != Fault.LOST) {
            return switch (fault) {
                case SERVER_ERROR -> error(500, "Receiver", "InternalFailure", "We encountered an internal error.");
                case THROTTLING -> error(400, "Sender", "Throttling", "Rate exceeded");
                case SCALING_ACTIVITY_IN_PROGRESS -> error(400, "Sender", "ScalingActivityInProgress",
                        "Scaling activity in progress");
                case VALIDATION_ERROR -> error(400, "Sender", "ValidationError", "not now");
                case EMPTY_200 -> respond(200, "");
                case MALFORMED -> respond(200, "<html>not AWS</html>");
                default -> throw new IllegalStateException();
            };
        }
        ResponseDefinition ok = switch (action) {
            case "DescribeAutoScalingGroups" -> describe(p);
            case "DescribePolicies" -> policies(p.get("AutoScalingGroupName"));
            case "UpdateAutoScalingGroup" -> update(p);
            case "SetDesiredCapacity" -> setDesired(p);
            case "CreateOrUpdateTags" -> tags(p, false);
            case "DeleteTags" -> tags(p, true);
            default -> error(400, "Sender", "InvalidAction", "the fake does not know " + action);
        };
        return fault == Fault.LOST ? error(500, "Receiver", "InternalFailure", "response lost") : ok;
    }

    private ResponseDefinition describe(Map<String, String> p) {
        StringBuilder members = new StringBuilder();
        for (int i = 1; p.containsKey("AutoScalingGroupNames.member." + i); i++) {
            String name = p.get("AutoScalingGroupNames.member." + i);
            Group g = groups.get(name);
            if (g != null) {
                if (g.instancesFollow) {
                    g.inService = g.desired;
                }
                members.append(AwsWire.group(name, g.min, g.max, g.desired, g.inService, "c5.xlarge", g.tags, null));
            }
        }
        return xml("DescribeAutoScalingGroups", "<AutoScalingGroups>" + members + "</AutoScalingGroups>");
    }

    private ResponseDefinition policies(String name) {
        Group g = groups.get(name);
        StringBuilder members = new StringBuilder();
        if (g != null) {
            g.policies.forEach((n, type) -> members.append("<member><AutoScalingGroupName>").append(name)
                    .append("</AutoScalingGroupName><PolicyName>").append(n).append("</PolicyName><PolicyType>")
                    .append(type).append("</PolicyType><Enabled>true</Enabled></member>"));
        }
        return xml("DescribePolicies", "<ScalingPolicies>" + members + "</ScalingPolicies>");
    }

    private ResponseDefinition update(Map<String, String> p) {
        Group g = groups.get(p.get("AutoScalingGroupName"));
        if (g == null) {
            return error(400, "Sender", "ValidationError", "AutoScalingGroup name not found");
        }
        int min = p.containsKey("MinSize") ? Integer.parseInt(p.get("MinSize")) : g.min;
        int max = p.containsKey("MaxSize") ? Integer.parseInt(p.get("MaxSize")) : g.max;
        int desired = p.containsKey("DesiredCapacity") ? Integer.parseInt(p.get("DesiredCapacity")) : g.desired;
        if (min > max || desired < min || desired > max) {
            return error(400, "Sender", "ValidationError", "Desired capacity:" + desired + " must be between the "
                    + "specified min size:" + min + " and max size:" + max);
        }
        g.min = min;
        g.max = max;
        if (g.desired != desired) {
            g.writes++;
        }
        g.desired = desired;
        return xml("UpdateAutoScalingGroup", null);
    }

    private ResponseDefinition setDesired(Map<String, String> p) {
        Group g = groups.get(p.get("AutoScalingGroupName"));
        int desired = Integer.parseInt(p.get("DesiredCapacity"));
        if (g == null || desired < g.min || desired > g.max) {
            return error(400, "Sender", "ValidationError", "New SetDesiredCapacity value " + desired
                    + " is outside the group's bounds");
        }
        if (g.desired != desired) {
            g.writes++;
        }
        g.desired = desired;
        return xml("SetDesiredCapacity", null);
    }

    private ResponseDefinition tags(Map<String, String> p, boolean delete) {
        for (int i = 1; p.containsKey("Tags.member." + i + ".Key"); i++) {
            Group g = groups.get(p.get("Tags.member." + i + ".ResourceId"));
            if (g == null) {
                continue;
            }
            String k = p.get("Tags.member." + i + ".Key");
            if (delete) {
                g.tags.remove(k);
            } else {
                g.tags.put(k, p.getOrDefault("Tags.member." + i + ".Value", ""));
            }
        }
        return xml(delete ? "DeleteTags" : "CreateOrUpdateTags", null);
    }

    private static ResponseDefinition xml(String action, String result) {
        String r = result == null ? "" : "<" + action + "Result>" + result + "</" + action + "Result>";
        return respond(200, "<" + action + "Response xmlns=\"" + AwsWire.AUTOSCALING_NS + "\">" + r
                + "<ResponseMetadata><RequestId>" + java.util.UUID.randomUUID() + "</RequestId></ResponseMetadata></"
                + action + "Response>");
    }

    private static ResponseDefinition error(int status, String type, String code, String message) {
        return respond(status, "<ErrorResponse xmlns=\"" + AwsWire.AUTOSCALING_NS + "\"><Error><Type>"
                + type + "</Type><Code>" + code + "</Code><Message>" + message + "</Message></Error><RequestId>"
                + java.util.UUID.randomUUID() + "</RequestId></ErrorResponse>");
    }

    private static ResponseDefinition respond(int status, String body) {
        return com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder.responseDefinition().withStatus(status)
                .withHeader("Content-Type", "text/xml").withBody(body).build();
    }

    static Map<String, String> form(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String kv : body.split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
