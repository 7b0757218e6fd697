package io.prescale.providers.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.prescale.providers.spi.ProviderConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;

/**
 * AWS's Query-protocol wire format for WireMock: the SDK POSTs a form body to "/" ({@code Action=...&Version=...}),
 * and Auto Scaling / ELBv2 answer {@code <XResponse><XResult>...} in their namespace, EC2 {@code <XResponse>} with
 * lower-case members and {@code <item>} lists.
 */
final class AwsWire {
    static final String AUTOSCALING_NS = "http://autoscaling.amazonaws.com/doc/2011-01-01/";
    static final String ELBV2_NS = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";
    static final String EC2_NS = "http://ec2.amazonaws.com/doc/2016-11-15/";
    static final Instant NOW = Instant.parse("2026-06-14T12:00:00Z");

    private AwsWire() {
    }

    static ProviderConfig config(WireMockExtension wm) {
        return new ProviderConfig(Optional.empty(), Optional.of(Region.US_EAST_1.id()),
                Optional.of(URI.create(wm.baseUrl())), Optional.empty(), Optional.empty(),
                Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(10), 3, Map.of());
    }

    static AwsClients clients(ProviderConfig config) {
        return AwsClients.withCredentials(config,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/EXAMPLEKEY")));
    }

    /**
     * An Auto Scaling group provider on the wire, its ScalingActivityInProgress backoff shortened (the SDK's own
     * retries keep their real backoff).
     */
    static AutoScalingGroupProvider asgProvider(WireMockExtension wm) {
        ProviderConfig config = config(wm);
        return new AutoScalingGroupProvider(config, clients(config),
                BackoffStrategy.fixedDelayWithoutJitter(Duration.ofMillis(5)));
    }

    /** A POST to "/" whose form body has {@code Action=action}. */
    static MappingBuilder action(String action) {
        return post(urlEqualTo("/")).withRequestBody(containing("Action=" + action + "&"));
    }

    static ResponseDefinitionBuilder xml(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(body);
    }

    /** Auto Scaling or ELBv2 success, with a Result element (null result: an action that returns nothing). */
    static ResponseDefinitionBuilder query(String ns, String action, String result) {
        String r = result == null ? "" : "<" + action + "Result>" + result + "</" + action + "Result>";
        return xml("<" + action + "Response xmlns=\"" + ns + "\">" + r + "<ResponseMetadata><RequestId>"
                + UUID.randomUUID() + "</RequestId></ResponseMetadata></" + action + "Response>");
    }

    static ResponseDefinitionBuilder autoScaling(String action, String result) {
        return query(AUTOSCALING_NS, action, result);
    }

    static ResponseDefinitionBuilder elbv2(String action, String result) {
        return query(ELBV2_NS, action, result);
    }

    /** Auto Scaling / ELBv2 error: HTTP 400, {@code <ErrorResponse><Error><Type>Sender</Type><Code>...}. */
    static ResponseDefinitionBuilder queryError(String ns, String code, String message) {
        return aResponse().withStatus(400).withHeader("Content-Type", "text/xml").withBody(
                "<ErrorResponse xmlns=\"" + ns + "\"><Error><Type>Sender</Type><Code>" + code + "</Code><Message>"
                        + message + "</Message></Error><RequestId>" + UUID.randomUUID() + "</RequestId></ErrorResponse>");
    }

    /** DescribePolicies listing the group's enabled policies, given as name, type, name, type... */
    static ResponseDefinitionBuilder policies(String group, String... nameThenType) {
        StringBuilder members = new StringBuilder();
        for (int i = 0; i < nameThenType.length; i += 2) {
            members.append("<member><AutoScalingGroupName>").append(group).append("</AutoScalingGroupName><PolicyName>")
                    .append(nameThenType[i]).append("</PolicyName><PolicyType>").append(nameThenType[i + 1])
                    .append("</PolicyType><Enabled>true</Enabled></member>");
        }
        return autoScaling("DescribePolicies", "<ScalingPolicies>" + members + "</ScalingPolicies>");
    }

    static ResponseDefinitionBuilder ec2(String action, String body) {
        return xml("<" + action + "Response xmlns=\"" + EC2_NS + "\"><requestId>" + UUID.randomUUID()
                + "</requestId>" + body + "</" + action + "Response>");
    }

    /** EC2 error: {@code <Response><Errors><Error><Code>..}. */
    static ResponseDefinitionBuilder ec2Error(int status, String code, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "text/xml").withBody(
                "<Response><Errors><Error><Code>" + code + "</Code><Message>" + message + "</Message></Error></Errors>"
                        + "<RequestID>" + UUID.randomUUID() + "</RequestID></Response>");
    }

    static String fixture(String name) {
        try (InputStream in = AwsWire.class.getResourceAsStream("/aws/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no fixture /aws/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Action of every request WireMock received, oldest first. */
    static List<String> actionsSent(WireMockExtension wm) {
        // the journal is newest first; timestamps have only millisecond resolution, so reverse rather than sort
        List<ServeEvent> events = new ArrayList<>(wm.getAllServeEvents());
        Collections.reverse(events);
        List<String> out = new ArrayList<>();
        for (ServeEvent e : events) {
            for (String p : e.getRequest().getBodyAsString().split("&")) {
                if (p.startsWith("Action=")) {
                    out.add(URLDecoder.decode(p.substring(7), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    /** One Auto Scaling group {@code <member>}: {@code inService} InService instances of {@code type}. */
    static String group(String name, int min, int max, int desired, int inService, String type,
                        Map<String, String> tags, String extra) {
        StringBuilder s = new StringBuilder("<member><AutoScalingGroupName>").append(name)
                .append("</AutoScalingGroupName><AutoScalingGroupARN>arn:aws:autoscaling:us-east-1:123456789012:")
                .append("autoScalingGroup:6f1c0b5e-0000-4000-8000-000000000001:autoScalingGroupName/").append(name)
                .append("</AutoScalingGroupARN><MinSize>").append(min).append("</MinSize><MaxSize>").append(max)
                .append("</MaxSize><DesiredCapacity>").append(desired).append("</DesiredCapacity>")
                .append("<DefaultCooldown>300</DefaultCooldown><AvailabilityZones><member>us-east-1a</member>")
                .append("<member>us-east-1b</member></AvailabilityZones><HealthCheckType>EC2</HealthCheckType>")
                .append("<CreatedTime>2025-01-10T09:00:00.000Z</CreatedTime>");
        s.append(extra == null ? "" : extra);
        s.append("<Instances>");
        for (int i = 0; i < inService; i++) {
            s.append("<member><InstanceId>i-0abc").append(String.format("%05d", i)).append("</InstanceId>")
                    .append("<InstanceType>").append(type).append("</InstanceType>")
                    .append("<AvailabilityZone>us-east-1").append(i % 2 == 0 ? "a" : "b").append("</AvailabilityZone>")
                    .append("<LifecycleState>InService</LifecycleState><HealthStatus>Healthy</HealthStatus>")
                    .append("<ProtectedFromScaleIn>false</ProtectedFromScaleIn></member>");
        }
        s.append("</Instances><Tags>");
        tags.forEach((k, v) -> s.append("<member><ResourceId>").append(name).append("</ResourceId>")
                .append("<ResourceType>auto-scaling-group</ResourceType><Key>").append(k).append("</Key><Value>")
                .append(v).append("</Value><PropagateAtLaunch>false</PropagateAtLaunch></member>"));
        return s.append("</Tags><TerminationPolicies><member>Default</member></TerminationPolicies>")
                .append("<NewInstancesProtectedFromScaleIn>false</NewInstancesProtectedFromScaleIn>")
                .append("</member>").toString();
    }

    /**
     * One EC2 {@code <capacityReservation>}: {@code count} c5.xlarge, all available, in {@code zone}, open and limited
     * to 23:30Z on the test day.
     */
    static String capacityReservation(String id, String zone, int count) {
        return """
                <capacityReservation>
                    <capacityReservationId>%s</capacityReservationId>
                    <ownerId>123456789012</ownerId>
                    <capacityReservationArn>arn:aws:ec2:us-east-1:123456789012:capacity-reservation/%s</capacityReservationArn>
                    <instanceType>c5.xlarge</instanceType>
                    <instancePlatform>Linux/UNIX</instancePlatform>
                    <availabilityZone>%s</availabilityZone>
                    <tenancy>default</tenancy>
                    <totalInstanceCount>%d</totalInstanceCount>
                    <availableInstanceCount>%d</availableInstanceCount>
                    <ebsOptimized>false</ebsOptimized>
                    <ephemeralStorage>false</ephemeralStorage>
                    <state>active</state>
                    <endDate>2026-06-14T23:30:00.000Z</endDate>
                    <endDateType>limited</endDateType>
                    <instanceMatchCriteria>open</instanceMatchCriteria>
                    <createDate>2026-06-14T12:00:00.000Z</createDate>
                </capacityReservation>""".formatted(id, id, zone, count, count);
    }

    static ResponseDefinitionBuilder describeGroups(String... members) {
        return autoScaling("DescribeAutoScalingGroups", "<AutoScalingGroups>" + String.join("", members)
                + "</AutoScalingGroups>");
    }
}
