package io.prescale.providers.aws;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A stateful fake of ELBv2 capacity reservations in AWS's Query wire format: per load balancer the reserved LCU
 * (0: none) and the decreases left today, every zone provisioned at once. A decrease (a reset included) spends one;
 * with none left the service refuses it. Faults are queued per action, as in {@link FakeAutoScaling}.
 */
final class FakeLoadBalancers implements ResponseDefinitionTransformerV2 {
    static final String NAME = "fake-elbv2";

    static final class Lb {
        int units;
        int decreasesLeft = 2;
    }

    final Map<String, Lb> lbs = new LinkedHashMap<>();
    private final Map<String, Deque<FakeAutoScaling.Fault>> faults = new LinkedHashMap<>();

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    synchronized void reset() {
        lbs.clear();
        faults.clear();
    }

    synchronized Lb put(String arn, int units) {
        Lb l = new Lb();
        l.units = units;
        lbs.put(arn, l);
        return l;
    }

    synchronized void fault(String action, FakeAutoScaling.Fault f) {
        faults.computeIfAbsent(action, k -> new ArrayDeque<>()).add(f);
    }

    synchronized void clearFaults() {
        faults.clear();
    }

    @Override
    public synchronized ResponseDefinition transform(ServeEvent e) {
        Map<String, String> p = FakeAutoScaling.form(e.getRequest().getBodyAsString());
        String action = p.getOrDefault("Action", "");
        Deque<FakeAutoScaling.Fault> q = faults.get(action);
        FakeAutoScaling.Fault f = q == null ? null : q.poll();
        if (f != null && f != FakeAutoScaling.Fault.LOST) {
            return switch (f) {
                case SERVER_ERROR -> error(500, "Receiver", "InternalFailure", "internal error");
                case THROTTLING -> error(400, "Sender", "Throttling", "Rate exceeded");
                case SCALING_ACTIVITY_IN_PROGRESS -> error(400, "Sender", "CapacityReservationPending",
                        "a previous change is still provisioning");
                case VALIDATION_ERROR -> error(400, "Sender", "ValidationError", "not now");
                case EMPTY_200 -> respond(200, "");
                case MALFORMED -> respond(200, "<html>not AWS</html>");
                default -> throw new IllegalStateException();
            };
        }
        Lb lb = lbs.get(p.get("LoadBalancerArn"));
        ResponseDefinition ok;
        if (lb == null) {
            ok = error(400, "Sender", "LoadBalancerNotFound", "no such load balancer");
        } else if (action.equals("DescribeCapacityReservation")) {
            ok = xml(action, state(lb));
        } else if (action.equals("ModifyCapacityReservation")) {
            int to = "true".equals(p.get("ResetCapacityReservation")) ? 0
                    : Integer.parseInt(p.getOrDefault("MinimumLoadBalancerCapacity.CapacityUnits", "0"));
            if (to < lb.units) {
                if (lb.decreasesLeft == 0) {
                    return error(400, "Sender", "CapacityDecreaseRequestsLimitExceeded", "no decrease left today");
                }
                lb.decreasesLeft--;
            }
            lb.units = to;
            ok = xml(action, state(lb));
        } else {
            ok = error(400, "Sender", "InvalidAction", action);
        }
        return f == FakeAutoScaling.Fault.LOST ? error(500, "Receiver", "InternalFailure", "response lost") : ok;
    }

    private static String state(Lb lb) {
        StringBuilder s = new StringBuilder("<LastModifiedTime>2026-07-19T18:00:00Z</LastModifiedTime>")
                .append("<DecreaseRequestsRemaining>").append(lb.decreasesLeft).append("</DecreaseRequestsRemaining>");
        if (lb.units > 0) {
            s.append("<MinimumLoadBalancerCapacity><CapacityUnits>").append(lb.units)
                    .append("</CapacityUnits></MinimumLoadBalancerCapacity>");
        }
        s.append("<CapacityReservationState>");
        if (lb.units > 0) {
            for (String z : new String[] {"us-east-1a", "us-east-1b"}) {
                s.append("<member><State><Code>provisioned</Code></State><AvailabilityZone>").append(z)
                        .append("</AvailabilityZone><EffectiveCapacityUnits>").append(lb.units / 2.0)
                        .append("</EffectiveCapacityUnits></member>");
            }
        }
        return s.append("</CapacityReservationState>").toString();
    }

    private static ResponseDefinition xml(String action, String result) {
        return respond(200, "<" + action + "Response xmlns=\"" + AwsWire.ELBV2_NS + "\"><" + action + "Result>" + result
                + "</" + action + "Result><ResponseMetadata><RequestId>" + java.util.UUID.randomUUID()
                + "</RequestId></ResponseMetadata></" + action + "Response>");
    }

    private static ResponseDefinition error(int status, String type, String code, String message) {
        return respond(status, "<ErrorResponse xmlns=\"" + AwsWire.ELBV2_NS + "\"><Error><Type>" + type + "</Type><Code>"
                + code + "</Code><Message>" + message + "</Message></Error><RequestId>" + java.util.UUID.randomUUID()
                + "</RequestId></ErrorResponse>");
    }

    private static ResponseDefinition respond(int status, String body) {
        return ResponseDefinitionBuilder.responseDefinition().withStatus(status).withHeader("Content-Type", "text/xml")
                .withBody(body).build();
    }
}
