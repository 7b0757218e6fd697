package io.prescale.providers.aws;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.prescale.providers.aws.AwsWire.action;
import static io.prescale.providers.aws.AwsWire.describeGroups;
import static io.prescale.providers.aws.AwsWire.group;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.prescale.planner.model.Target;
import io.prescale.providers.spi.CapacityProvider;
import io.prescale.providers.spi.ObserveRequest;
import io.prescale.providers.spi.ObserveResponse;
import io.prescale.providers.spi.ProviderConfig;
import io.prescale.providers.spi.ProviderRegistry;
import io.prescale.providers.spi.QuotaCheck;
import io.prescale.providers.spi.ScheduledActions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.BatchDeleteScheduledActionRequest;
import software.amazon.awssdk.services.autoscaling.model.BatchDeleteScheduledActionResponse;
import software.amazon.awssdk.services.autoscaling.model.BatchPutScheduledUpdateGroupActionRequest;
import software.amazon.awssdk.services.autoscaling.model.BatchPutScheduledUpdateGroupActionResponse;
import software.amazon.awssdk.services.autoscaling.model.CreateOrUpdateTagsRequest;
import software.amazon.awssdk.services.autoscaling.model.DeleteTagsRequest;
import software.amazon.awssdk.services.autoscaling.model.DescribeAutoScalingGroupsRequest;
import software.amazon.awssdk.services.autoscaling.model.DescribeAutoScalingGroupsResponse;
import software.amazon.awssdk.services.autoscaling.model.DescribeScheduledActionsRequest;
import software.amazon.awssdk.services.autoscaling.model.DescribeScheduledActionsResponse;
import software.amazon.awssdk.services.autoscaling.model.SetDesiredCapacityRequest;
import software.amazon.awssdk.services.autoscaling.model.UpdateAutoScalingGroupRequest;

class AwsProvidersTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @Test
    void iamActions_requiredAndOptional_listEveryCallMade() {
        assertEquals(List.of("autoscaling:DescribeAutoScalingGroups", "autoscaling:DescribePolicies",
                "autoscaling:UpdateAutoScalingGroup",
                        "autoscaling:SetDesiredCapacity", "autoscaling:CreateOrUpdateTags", "autoscaling:DeleteTags"),
                AwsProviders.autoScalingGroups().iamActions(false));
        List<String> all = AwsProviders.autoScalingGroups().iamActions(true);
        assertEquals(13, all.size());
        assertTrue(all.containsAll(List.of("autoscaling:BatchPutScheduledUpdateGroupAction",
                "autoscaling:DescribeScheduledActions", "autoscaling:BatchDeleteScheduledAction",
                "ec2:DescribeInstanceTypes", "ec2:DescribeInstances", "ec2:CreateCapacityReservation",
                "ec2:CancelCapacityReservation")), all.toString());
        assertEquals(List.of("elasticloadbalancing:DescribeCapacityReservation",
                "elasticloadbalancing:ModifyCapacityReservation"), AwsProviders.loadBalancers().iamActions(true));
    }

    @Test
    void create_withUnknownProfile_createsNoClientUntilFirstCall() {
        // a missing profile would fail when credentials are resolved: creating the provider must not resolve them
        ProviderConfig config = new ProviderConfig(Optional.of("no-such-profile-prescale-test"), Optional.of("us-east-1"),
                Optional.empty(), Optional.empty(), Optional.empty(), Clock.systemUTC(), Duration.ofSeconds(5),
                3, Map.of());
        ProviderRegistry registry = new ProviderRegistry().register(AwsProviders.autoScalingGroups())
                .register(AwsProviders.loadBalancers());

        try (CapacityProvider asg = registry.find("aws-asg").orElseThrow().create(config);
             CapacityProvider elb = registry.find("aws-elbv2").orElseThrow().create(config)) {
            assertEquals("aws-asg", asg.type());
            assertEquals("aws-elbv2", elb.type());
            assertInstanceOf(ScheduledActions.class, asg);
            assertInstanceOf(QuotaCheck.class, asg);
        }
    }

    @Test
    void create_fromConfig_usesEndpointAndTargetRegionOnFirstCall() {
        // the factory's own client path: endpoint override from the config; credentials from the default chain
        // are not needed by WireMock but must resolve, so give them through system properties for this test
        System.setProperty("aws.accessKeyId", "AKIDEXAMPLE");
        System.setProperty("aws.secretAccessKey", "secret");
        try (CapacityProvider asg = AwsProviders.autoScalingGroups().create(AwsWire.config(wm))) {
            wm.stubFor(action("DescribeAutoScalingGroups").willReturn(describeGroups(
                    group("edge-asg", 1, 5, 2, 2, "c5.xlarge", Map.of(), null))));

            ObserveResponse r = asg.observe(new ObserveRequest("edge",
                    new Target(AwsTargets.AUTO_SCALING_GROUP, "edge-asg", Map.of("region", "eu-west-2")), Duration.ofSeconds(10)));

            assertEquals(2, r.observation().orElseThrow().units(), r.diagnostics().toString());
            // SigV4 scope names the target's region, not --region
            String auth = wm.getAllServeEvents().getFirst().getRequest().getHeader("Authorization");
            assertTrue(auth.contains("/eu-west-2/autoscaling/aws4_request"), auth);
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }

    @Test
    void autoScalingGroups_givenApi_usesTheFake() {
        AutoScalingApi fake = new AutoScalingApi() {
            @Override
            public DescribeAutoScalingGroupsResponse describeAutoScalingGroups(DescribeAutoScalingGroupsRequest r) {
                return DescribeAutoScalingGroupsResponse.builder().autoScalingGroups(AutoScalingGroup.builder()
                        .autoScalingGroupName("edge-asg").minSize(1).maxSize(9).desiredCapacity(3).build()).build();
            }

            @Override
            public software.amazon.awssdk.services.autoscaling.model.DescribePoliciesResponse describePolicies(
                    software.amazon.awssdk.services.autoscaling.model.DescribePoliciesRequest r) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void updateAutoScalingGroup(UpdateAutoScalingGroupRequest r) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void setDesiredCapacity(SetDesiredCapacityRequest r) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void createOrUpdateTags(CreateOrUpdateTagsRequest r) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void deleteTags(DeleteTagsRequest r) {
                throw new UnsupportedOperationException();
            }

            @Override
            public BatchPutScheduledUpdateGroupActionResponse batchPutScheduledUpdateGroupAction(
                    BatchPutScheduledUpdateGroupActionRequest r) {
                throw new UnsupportedOperationException();
            }

            @Override
            public DescribeScheduledActionsResponse describeScheduledActions(DescribeScheduledActionsRequest r) {
                throw new UnsupportedOperationException();
            }

            @Override
            public BatchDeleteScheduledActionResponse batchDeleteScheduledAction(
                    BatchDeleteScheduledActionRequest r) {
                throw new UnsupportedOperationException();
            }
        };

        CapacityProvider p = AwsProviders.autoScalingGroups(AwsWire.config(wm), fake, null);

        assertEquals(3, p.observe(new ObserveRequest("edge", new Target(AwsTargets.AUTO_SCALING_GROUP, "edge-asg", Map.of()), null))
                .observation().orElseThrow().units());
    }
}
