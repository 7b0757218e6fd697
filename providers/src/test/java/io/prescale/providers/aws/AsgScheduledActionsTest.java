package io.prescale.providers.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.prescale.providers.aws.AwsWire.action;
import static io.prescale.providers.aws.AwsWire.actionsSent;
import static io.prescale.providers.aws.AwsWire.autoScaling;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.prescale.planner.diag.Severity;
import io.prescale.planner.model.Target;
import io.prescale.providers.spi.ChangeResponse;
import io.prescale.providers.spi.ChangeStatus;
import io.prescale.providers.spi.ProviderConfig;
import io.prescale.providers.spi.ProviderException;
import io.prescale.providers.spi.ScheduledActions;
import io.prescale.providers.spi.ScheduledActions.Action;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AsgScheduledActionsTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final Target TARGET = new Target(AwsTargets.AUTO_SCALING_GROUP, "edge-asg", Map.of());
    static final Instant KICKOFF = Instant.parse("2026-06-14T19:00:00Z");

    ScheduledActions actions;
    AutoScalingGroupProvider provider;

    @BeforeEach
    void setUp() {
        ProviderConfig config = AwsWire.config(wm);
        provider = new AutoScalingGroupProvider(config, AwsWire.clients(config));
        actions = provider;
    }

    @AfterEach
    void tearDown() {
        provider.close();
    }

    static Action step(int i, Instant at) {
        return new Action("prescale-wc-step-" + i, at, "Europe/London", 40 + i, 40 + i, 400);
    }

    static String describeActions(String... names) {
        StringBuilder s = new StringBuilder("<ScheduledUpdateGroupActions>");
        for (String n : names) {
            s.append("<member><AutoScalingGroupName>edge-asg</AutoScalingGroupName><ScheduledActionName>").append(n)
                    .append("</ScheduledActionName><ScheduledActionARN>arn:aws:autoscaling:us-east-1:123456789012:")
                    .append("scheduledUpdateGroupAction:0b6e-0000:autoScalingGroupName/edge-asg:scheduledActionName/")
                    .append(n).append("</ScheduledActionARN><Time>2026-06-14T18:40:00Z</Time>")
                    .append("<StartTime>2026-06-14T18:40:00Z</StartTime><MinSize>180</MinSize><MaxSize>400</MaxSize>")
                    .append("<DesiredCapacity>180</DesiredCapacity><TimeZone>Europe/London</TimeZone></member>");
        }
        return s.append("</ScheduledUpdateGroupActions>").toString();
    }

    static List<String> bodies(String action) {
        List<ServeEvent> events = new ArrayList<>(wm.getAllServeEvents());
        return events.stream().map(e -> e.getRequest().getBodyAsString())
                .filter(b -> b.contains("Action=" + action + "&")).toList();
    }

    static int count(String body, String regex) {
        Matcher m = Pattern.compile(regex).matcher(body);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void put_120Actions_sendsThreeCallsOfAtMost50() {
        // given
        wm.stubFor(action("BatchPutScheduledUpdateGroupAction").willReturn(autoScaling(
                "BatchPutScheduledUpdateGroupAction", "<FailedScheduledUpdateGroupActions/>")));
        List<Action> steps = IntStream.range(0, 120).mapToObj(i -> step(i, KICKOFF.plus(Duration.ofMinutes(i)))).toList();

        // when
        ChangeResponse r = actions.put(TARGET, steps, false);

        // then
        assertEquals(ChangeStatus.APPLIED, r.status(), r.toString());
        assertEquals("120", r.details().get("put"));
        List<String> sent = bodies("BatchPutScheduledUpdateGroupAction");
        assertEquals(3, sent.size());
        assertEquals(List.of(50, 50, 20), sent.stream()
                .map(b -> count(b, "ScheduledUpdateGroupActions\\.member\\.\\d+\\.ScheduledActionName=")).sorted((a, b) -> b - a).toList());
        wm.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("AutoScalingGroupName=edge-asg"))
                .withRequestBody(containing("ScheduledUpdateGroupActions.member.1.ScheduledActionName=prescale-wc-step-0&"))
                .withRequestBody(containing("ScheduledUpdateGroupActions.member.1.StartTime=2026-06-14T19%3A00%3A00Z"))
                .withRequestBody(containing("ScheduledUpdateGroupActions.member.1.TimeZone=Europe%2FLondon"))
                .withRequestBody(containing("ScheduledUpdateGroupActions.member.1.DesiredCapacity=40"))
                .withRequestBody(containing("ScheduledUpdateGroupActions.member.1.MinSize=40"))
                .withRequestBody(containing("ScheduledUpdateGroupActions.member.1.MaxSize=400")));
    }

    @Test
    void put_pastAction_refusedAndReported() {
        wm.stubFor(action("BatchPutScheduledUpdateGroupAction").willReturn(autoScaling(
                "BatchPutScheduledUpdateGroupAction", "<FailedScheduledUpdateGroupActions/>")));
        Action past = step(1, AwsWire.NOW.minusSeconds(60));
        Action future = step(2, KICKOFF);

        ChangeResponse r = actions.put(TARGET, List.of(past, future), false);

        assertEquals(ChangeStatus.APPLIED, r.status(), r.toString());
        assertEquals("1", r.details().get("refused"));
        assertEquals(1, r.diagnostics().size());
        assertEquals(Severity.WARNING, r.diagnostics().getFirst().severity());
        assertTrue(r.diagnostics().getFirst().summary().contains("prescale-wc-step-1"), r.diagnostics().toString());
        wm.verify(exactly(1), postRequestedFor(urlEqualTo("/"))
                .withRequestBody(containing("Action=BatchPutScheduledUpdateGroupAction"))
                .withRequestBody(containing("prescale-wc-step-2"))
                .withRequestBody(notContaining("prescale-wc-step-1")));
    }

    @Test
    void put_onlyPastActions_sendsNothing() {
        ChangeResponse r = actions.put(TARGET, List.of(step(1, AwsWire.NOW)), false);

        assertEquals(ChangeStatus.SKIPPED, r.status(), r.toString());
        assertEquals(0, wm.getAllServeEvents().size());
    }

    @Test
    void put_unprefixedName_refused() {
        ChangeResponse r = actions.put(TARGET, List.of(new Action("nightly-scale-down", KICKOFF, null, 1, 1, 1)), false);

        assertEquals(ChangeStatus.FAILED, r.status(), r.toString());
        assertEquals("InvalidName", r.diagnostics().getFirst().code());
        assertEquals(0, wm.getAllServeEvents().size());
    }

    @Test
    void put_actionFailedInBatch_reportedWithItsCode() {
        wm.stubFor(action("BatchPutScheduledUpdateGroupAction").willReturn(autoScaling(
                "BatchPutScheduledUpdateGroupAction", "<FailedScheduledUpdateGroupActions><member>"
                        + "<ScheduledActionName>prescale-wc-step-2</ScheduledActionName><ErrorCode>LimitExceeded"
                        + "</ErrorCode><ErrorMessage>Maximum number of scheduled actions reached</ErrorMessage>"
                        + "</member></FailedScheduledUpdateGroupActions>")));

        ChangeResponse r = actions.put(TARGET, List.of(step(1, KICKOFF), step(2, KICKOFF)), false);

        assertEquals(ChangeStatus.FAILED, r.status(), r.toString());
        assertEquals("1", r.details().get("put"));
        assertEquals("LimitExceeded", r.diagnostics().getFirst().code());
    }

    @Test
    void put_dryRun_sendsNothing() {
        ChangeResponse r = actions.put(TARGET, List.of(step(1, KICKOFF), step(2, KICKOFF)), true);

        assertEquals(ChangeStatus.DRY_RUN, r.status(), r.toString());
        assertEquals("BatchPutScheduledUpdateGroupAction prescale-wc-step-1,prescale-wc-step-2",
                r.details().get("request.1"));
        assertEquals(0, wm.getAllServeEvents().size());
    }

    @Test
    void list_returnsOnlyPrefixedActions() {
        wm.stubFor(action("DescribeScheduledActions").willReturn(autoScaling("DescribeScheduledActions",
                describeActions("prescale-wc-final-up", "team-nightly-down", "prescale-wc-final-down"))));

        List<Action> found = actions.list(TARGET);

        assertEquals(List.of("prescale-wc-final-up", "prescale-wc-final-down"), found.stream().map(Action::name).toList());
        Action first = found.getFirst();
        assertEquals(Instant.parse("2026-06-14T18:40:00Z"), first.at());
        assertEquals("Europe/London", first.timeZone());
        assertEquals(180, first.desired());
        wm.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=DescribeScheduledActions"))
                .withRequestBody(containing("AutoScalingGroupName=edge-asg")));
    }

    @Test
    void list_followsNextToken() {
        wm.stubFor(action("DescribeScheduledActions").withRequestBody(notContaining("NextToken"))
                .willReturn(autoScaling("DescribeScheduledActions", describeActions("prescale-a")
                        + "<NextToken>page2</NextToken>")));
        wm.stubFor(action("DescribeScheduledActions").withRequestBody(containing("NextToken=page2"))
                .willReturn(autoScaling("DescribeScheduledActions", describeActions("prescale-b"))));

        assertEquals(List.of("prescale-a", "prescale-b"), actions.list(TARGET).stream().map(Action::name).toList());
    }

    @Test
    void list_accessDenied_throwsProviderExceptionWithCode() {
        wm.stubFor(action("DescribeScheduledActions").willReturn(AwsWire.queryError(AwsWire.AUTOSCALING_NS,
                "AccessDenied", "User is not authorized to perform: autoscaling:DescribeScheduledActions")));

        ProviderException e = assertThrows(ProviderException.class, () -> actions.list(TARGET));

        assertTrue(e.getMessage().contains("[AccessDenied]"), e.getMessage());
    }

    @Test
    void delete_all_deletesOnlyPrefixedActions() {
        // given: the team's own nightly action sits beside prescale's
        wm.stubFor(action("DescribeScheduledActions").willReturn(autoScaling("DescribeScheduledActions",
                describeActions("prescale-wc-final-up", "team-nightly-down", "prescale-wc-final-down"))));
        wm.stubFor(action("BatchDeleteScheduledAction").willReturn(autoScaling("BatchDeleteScheduledAction",
                "<FailedScheduledActions/>")));

        // when
        ChangeResponse r = actions.delete(TARGET, List.of(), false);

        // then
        assertEquals(ChangeStatus.APPLIED, r.status(), r.toString());
        assertEquals("2", r.details().get("deleted"));
        wm.verify(exactly(1), postRequestedFor(urlEqualTo("/"))
                .withRequestBody(containing("Action=BatchDeleteScheduledAction"))
                .withRequestBody(containing("ScheduledActionNames.member.1=prescale-wc-final-up"))
                .withRequestBody(containing("ScheduledActionNames.member.2=prescale-wc-final-down"))
                .withRequestBody(notContaining("team-nightly-down")));
    }

    @Test
    void delete_namedUnprefixedAction_neverSent() {
        wm.stubFor(action("BatchDeleteScheduledAction").willReturn(autoScaling("BatchDeleteScheduledAction",
                "<FailedScheduledActions/>")));

        ChangeResponse r = actions.delete(TARGET, List.of("prescale-wc-final-up", "team-nightly-down"), false);

        assertEquals(ChangeStatus.FAILED, r.status(), r.toString());
        assertEquals("1", r.details().get("deleted"));
        assertTrue(r.diagnostics().getFirst().summary().contains("team-nightly-down"), r.diagnostics().toString());
        wm.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=BatchDeleteScheduledAction"))
                .withRequestBody(notContaining("team-nightly-down")));
        assertEquals(List.of("BatchDeleteScheduledAction"), actionsSent(wm));
    }

    @Test
    void delete_dryRun_sendsOnlyDescribe() {
        wm.stubFor(action("DescribeScheduledActions").willReturn(autoScaling("DescribeScheduledActions",
                describeActions("prescale-wc-final-up"))));

        ChangeResponse r = actions.delete(TARGET, List.of(), true);

        assertEquals(ChangeStatus.DRY_RUN, r.status(), r.toString());
        assertEquals(List.of("DescribeScheduledActions"), actionsSent(wm));
    }
}
