package io.prescale.providers.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.prescale.providers.aws.AwsWire.action;
import static io.prescale.providers.aws.AwsWire.actionsSent;
import static io.prescale.providers.aws.AwsWire.describeGroups;
import static io.prescale.providers.aws.AwsWire.ec2;
import static io.prescale.providers.aws.AwsWire.fixture;
import static io.prescale.providers.aws.AwsWire.group;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.prescale.planner.model.Target;
import io.prescale.providers.spi.ChangeResponse;
import io.prescale.providers.spi.ChangeStatus;
import io.prescale.providers.spi.ProviderConfig;
import io.prescale.providers.spi.QuotaCheck;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The group launches c5.xlarge (4 vCPUs) or m5.2xlarge (8): 8 vCPUs per unit. Running: 10 On-Demand c5.xlarge
 * (40 vCPUs); 2 Spot c5.xlarge and a p3.2xlarge count against other quotas. 100 more units need 800 vCPUs.
 */
class VcpuQuotaCheckTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    AutoScalingGroupProvider provider;

    @BeforeEach
    void setUp() {
        ProviderConfig config = AwsWire.config(wm);
        provider = new AutoScalingGroupProvider(config, AwsWire.clients(config));
        wm.stubFor(action("DescribeInstanceTypes").willReturn(ec2("DescribeInstanceTypes",
                fixture("ec2-describe-instance-types.xml"))));
        wm.stubFor(action("DescribeInstances").willReturn(ec2("DescribeInstances", fixture("ec2-describe-instances.xml"))));
    }

    @AfterEach
    void tearDown() {
        provider.close();
    }

    static Target target(Map<String, String> settings) {
        return new Target(AwsTargets.AUTO_SCALING_GROUP, "edge-asg", settings);
    }

    static void mixedGroup() {
        wm.stubFor(action("DescribeAutoScalingGroups").willReturn(describeGroups(group("edge-asg", 40, 400, 40, 10,
                "c5.xlarge", Map.of(), fixture("asg-mixed-instances-policy.xml")))));
    }

    @ParameterizedTest(name = "quota {0} vCPUs: {1}")
    @CsvSource({
            "1000, PASSED, need 800 vCPUs (100 units x 8) free 960 of 1000 (40 running)",
            "880, WARNED, need 800 vCPUs (100 units x 8) free 840 of 880 (40 running)",
            "800, FAILED, need 800 vCPUs (100 units x 8) free 760 of 800 (40 running)"})
    void checkQuota_launchTemplateOverrides_comparesNeedWithFreeVcpus(int quota, ChangeStatus expected, String numbers) {
        // given
        mixedGroup();

        // when
        ChangeResponse r = ((QuotaCheck) provider).checkQuota("edge", target(Map.of("vcpuQuota", Integer.toString(quota))), 100);

        // then
        assertEquals(expected, r.status(), r.toString());
        assertEquals(numbers, r.message().replace(",", ""));
        assertEquals("40", r.details().get("runningVcpus"));
        assertEquals("8", r.details().get("vcpusPerUnit"));
        assertEquals(40, r.before());
        assertEquals(840, r.after());
        if (expected == ChangeStatus.FAILED) {
            assertEquals("VcpuQuotaExceeded", r.diagnostics().getFirst().code());
        }
        wm.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=DescribeInstanceTypes"))
                .withRequestBody(containing("InstanceType.1=c5.xlarge"))
                .withRequestBody(containing("InstanceType.2=m5.2xlarge")));
        wm.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=DescribeInstances&"))
                .withRequestBody(containing("Filter.1.Name=instance-state-name"))
                .withRequestBody(containing("Filter.1.Value.1=running"))
                .withRequestBody(containing("Filter.1.Value.2=pending")));
    }

    @Test
    void checkQuota_plainLaunchTemplate_usesInstanceTypeSetting() {
        wm.stubFor(action("DescribeAutoScalingGroups").willReturn(describeGroups(group("edge-asg", 40, 400, 40, 0,
                "c5.xlarge", Map.of(), "<LaunchTemplate><LaunchTemplateId>lt-0123456789abcdef0</LaunchTemplateId>"
                        + "<LaunchTemplateName>edge</LaunchTemplateName><Version>$Default</Version></LaunchTemplate>"))));

        ChangeResponse r = ((QuotaCheck) provider).checkQuota("edge",
                target(Map.of("vcpuQuota", "1000", "instanceType", "c5.xlarge")), 100);

        assertEquals(ChangeStatus.PASSED, r.status(), r.toString());
        assertEquals("4", r.details().get("vcpusPerUnit"));
        assertTrue(r.details().get("instanceTypes").contains("target setting"), r.details().toString());
    }

    @Test
    void checkQuota_noQuotaSetting_skipsWithWarningAndNoCall() {
        ChangeResponse r = ((QuotaCheck) provider).checkQuota("edge", target(Map.of()), 100);

        assertEquals(ChangeStatus.SKIPPED, r.status());
        assertTrue(r.diagnostics().getFirst().summary().contains("vcpuQuota"), r.diagnostics().toString());
        assertEquals(List.of(), actionsSent(wm));
    }

    @Test
    void checkQuota_unknownInstanceType_fails() {
        wm.stubFor(action("DescribeAutoScalingGroups").willReturn(describeGroups(group("edge-asg", 0, 400, 0, 0,
                "c5.xlarge", Map.of(), null))));

        ChangeResponse r = ((QuotaCheck) provider).checkQuota("edge", target(Map.of("vcpuQuota", "1000")), 100);

        assertEquals(ChangeStatus.FAILED, r.status());
        assertEquals("UnknownInstanceType", r.diagnostics().getFirst().code());
    }

    @Test
    void quotaClass_familiesMapToTheirOnDemandQuota() {
        assertEquals("Standard (A, C, D, H, I, M, R, T, Z)", VcpuQuotaCheck.quotaClass("c5.xlarge"));
        assertEquals("Standard (A, C, D, H, I, M, R, T, Z)", VcpuQuotaCheck.quotaClass("m7g.large"));
        assertEquals("G and VT", VcpuQuotaCheck.quotaClass("g5.xlarge"));
        assertEquals("P", VcpuQuotaCheck.quotaClass("p3.2xlarge"));
        assertEquals("INF", VcpuQuotaCheck.quotaClass("inf2.xlarge"));
        assertEquals("DL", VcpuQuotaCheck.quotaClass("dl1.24xlarge"));
        assertEquals("High Memory", VcpuQuotaCheck.quotaClass("u-6tb1.metal"));
    }
}
