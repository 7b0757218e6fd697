package io.prescale.providers.aws;

import io.prescale.providers.spi.ProviderConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.BatchDeleteScheduledActionRequest;
import software.amazon.awssdk.services.autoscaling.model.BatchDeleteScheduledActionResponse;
import software.amazon.awssdk.services.autoscaling.model.BatchPutScheduledUpdateGroupActionRequest;
import software.amazon.awssdk.services.autoscaling.model.BatchPutScheduledUpdateGroupActionResponse;
import software.amazon.awssdk.services.autoscaling.model.CreateOrUpdateTagsRequest;
import software.amazon.awssdk.services.autoscaling.model.DeleteTagsRequest;
import software.amazon.awssdk.services.autoscaling.model.DescribeAutoScalingGroupsRequest;
import software.amazon.awssdk.services.autoscaling.model.DescribeAutoScalingGroupsResponse;
import software.amazon.awssdk.services.autoscaling.model.DescribePoliciesRequest;
import software.amazon.awssdk.services.autoscaling.model.DescribePoliciesResponse;
import software.amazon.awssdk.services.autoscaling.model.DescribeScheduledActionsRequest;
import software.amazon.awssdk.services.autoscaling.model.DescribeScheduledActionsResponse;
import software.amazon.awssdk.services.autoscaling.model.SetDesiredCapacityRequest;
import software.amazon.awssdk.services.autoscaling.model.UpdateAutoScalingGroupRequest;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CancelCapacityReservationRequest;
import software.amazon.awssdk.services.ec2.model.CancelCapacityReservationResponse;
import software.amazon.awssdk.services.ec2.model.CreateCapacityReservationRequest;
import software.amazon.awssdk.services.ec2.model.CreateCapacityReservationResponse;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceTypesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceTypesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeCapacityReservationRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeCapacityReservationResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyCapacityReservationRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyCapacityReservationResponse;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * SDK-backed APIs built from {@link ProviderConfig}: one synchronous client per service and region, created on its
 * first call (not at registration: start-up stays small and a plan-only run needs no credentials), with the Apache
 * HTTP client, {@code apiCallTimeout = callTimeout} and the SDK's standard retry strategy (exponential backoff with
 * jitter; throttling and transient errors retried, validation errors not) capped at {@code maxAttempts}.
 */
final class AwsClients implements AwsApis {
    private final ProviderConfig config;
    private final Supplier<AwsCredentialsProvider> credentialsFactory;
    private final Map<String, SdkAutoCloseable> clients = new ConcurrentHashMap<>();
    private AwsCredentialsProvider credentials;

    /** Credentials from {@code --profile} when given, else the SDK's default chain. */
    static AwsClients from(ProviderConfig config) {
        return new AwsClients(config, () -> config.profile()
                .<AwsCredentialsProvider>map(p -> ProfileCredentialsProvider.builder().profileName(p).build())
                .orElseGet(() -> DefaultCredentialsProvider.builder().build()));
    }

    /** With the given credentials (tests: static credentials against WireMock). */
    static AwsClients withCredentials(ProviderConfig config, AwsCredentialsProvider credentials) {
        Objects.requireNonNull(credentials, "credentials");
        return new AwsClients(config, () -> credentials);
    }

    private AwsClients(ProviderConfig config, Supplier<AwsCredentialsProvider> credentialsFactory) {
        this.config = Objects.requireNonNull(config, "config");
        this.credentialsFactory = credentialsFactory;
        if (config.maxAttempts() < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1: " + config.maxAttempts());
        }
    }

    static final int MAX_CONNECTIONS = 256;

    static RetryStrategy retryStrategy(int maxAttempts) {
        // AwsRetryStrategy adds the AWS retry conditions (throttling codes such as Throttling and
        // RequestLimitExceeded, 5xx, clock skew) to the standard strategy; anything else, ValidationError included,
        // is not retried.
        return AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(maxAttempts).build();
    }

    @Override
    public AutoScalingApi autoScaling(String region) {
        return new SdkAutoScaling(() -> client("autoscaling", region, AutoScalingClient.builder()));
    }

    @Override
    public Ec2Api ec2(String region) {
        return new SdkEc2(() -> client("ec2", region, Ec2Client.builder()));
    }

    @Override
    public LoadBalancerApi loadBalancers(String region) {
        return new SdkLoadBalancers(() -> client("elbv2", region, ElasticLoadBalancingV2Client.builder()));
    }

    /** Amazon EKS for managed node groups (its provider builds its own; not in AwsApis, which the others share). */
    public EksApi eks(String region) {
        Supplier<software.amazon.awssdk.services.eks.EksClient> c = () -> client("eks", region,
                software.amazon.awssdk.services.eks.EksClient.builder());
        return new EksApi() {
            @Override
            public software.amazon.awssdk.services.eks.model.Nodegroup describeNodegroup(String cluster, String ng) {
                return c.get().describeNodegroup(b -> b.clusterName(cluster).nodegroupName(ng)).nodegroup();
            }

            @Override
            public software.amazon.awssdk.services.eks.model.Update updateNodegroupConfig(String cluster, String ng,
                    software.amazon.awssdk.services.eks.model.NodegroupScalingConfig scaling) {
                return c.get().updateNodegroupConfig(b -> b.clusterName(cluster).nodegroupName(ng)
                        .scalingConfig(scaling)).update();
            }

            @Override
            public void tagResource(String arn, Map<String, String> tags) {
                c.get().tagResource(b -> b.resourceArn(arn).tags(tags));
            }

            @Override
            public void untagResource(String arn, java.util.Collection<String> keys) {
                c.get().untagResource(b -> b.resourceArn(arn).tagKeys(keys));
            }
        };
    }

    /** CloudWatch for the live controller's metric source (not a capacity provider's API, so not in AwsApis). */
    public CloudWatchApi cloudWatch(String region) {
        Supplier<software.amazon.awssdk.services.cloudwatch.CloudWatchClient> c = () -> client("cloudwatch", region,
                software.amazon.awssdk.services.cloudwatch.CloudWatchClient.builder());
        return r -> c.get().getMetricData(r);
    }

    @SuppressWarnings("unchecked")
    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkAutoCloseable> C client(
            String service, String region, B builder) {
        String key = service + "@" + (region == null ? "" : region);
        return (C) clients.computeIfAbsent(key, k -> build(builder, region));
    }

    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder, String region) {
        builder.credentialsProvider(credentials())
                // enough connections for apply's parallelism: the default pool of 50 would queue the rest
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(MAX_CONNECTIONS))
                .overrideConfiguration(o -> {
                    o.apiCallTimeout(config.callTimeout()).retryStrategy(retryStrategy(config.maxAttempts()));
                    // so a region missing from the target and --region is looked up in the same profile
                    config.profile().ifPresent(o::defaultProfileName);
                });
        if (region != null && !region.isBlank()) {
            builder.region(Region.of(region));
        }
        config.endpointOverride().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    private synchronized AwsCredentialsProvider credentials() {
        if (credentials == null) {
            credentials = credentialsFactory.get();
        }
        return credentials;
    }

    @Override
    public void close() {
        List<SdkAutoCloseable> open = new ArrayList<>(clients.values());
        clients.clear();
        open.forEach(SdkAutoCloseable::close);
        synchronized (this) {
            if (credentials instanceof SdkAutoCloseable c) {
                c.close();
            }
            credentials = null;
        }
    }

    private record SdkAutoScaling(Supplier<AutoScalingClient> client) implements AutoScalingApi {
        @Override
        public DescribeAutoScalingGroupsResponse describeAutoScalingGroups(DescribeAutoScalingGroupsRequest r) {
            return client.get().describeAutoScalingGroups(r);
        }

        @Override
        public void updateAutoScalingGroup(UpdateAutoScalingGroupRequest r) {
            client.get().updateAutoScalingGroup(r);
        }

        @Override
        public DescribePoliciesResponse describePolicies(DescribePoliciesRequest r) {
            return client.get().describePolicies(r);
        }

        @Override
        public void setDesiredCapacity(SetDesiredCapacityRequest r) {
            client.get().setDesiredCapacity(r);
        }

        @Override
        public void createOrUpdateTags(CreateOrUpdateTagsRequest r) {
            client.get().createOrUpdateTags(r);
        }

        @Override
        public void deleteTags(DeleteTagsRequest r) {
            client.get().deleteTags(r);
        }

        @Override
        public BatchPutScheduledUpdateGroupActionResponse batchPutScheduledUpdateGroupAction(
                BatchPutScheduledUpdateGroupActionRequest r) {
            return client.get().batchPutScheduledUpdateGroupAction(r);
        }

        @Override
        public DescribeScheduledActionsResponse describeScheduledActions(DescribeScheduledActionsRequest r) {
            return client.get().describeScheduledActions(r);
        }

        @Override
        public BatchDeleteScheduledActionResponse batchDeleteScheduledAction(BatchDeleteScheduledActionRequest r) {
            return client.get().batchDeleteScheduledAction(r);
        }
    }

    private record SdkEc2(Supplier<Ec2Client> client) implements Ec2Api {
        @Override
        public DescribeInstanceTypesResponse describeInstanceTypes(DescribeInstanceTypesRequest r) {
            return client.get().describeInstanceTypes(r);
        }

        @Override
        public DescribeInstancesResponse describeInstances(DescribeInstancesRequest r) {
            return client.get().describeInstances(r);
        }

        @Override
        public CreateCapacityReservationResponse createCapacityReservation(CreateCapacityReservationRequest r) {
            return client.get().createCapacityReservation(r);
        }

        @Override
        public CancelCapacityReservationResponse cancelCapacityReservation(CancelCapacityReservationRequest r) {
            return client.get().cancelCapacityReservation(r);
        }
    }

    private record SdkLoadBalancers(Supplier<ElasticLoadBalancingV2Client> client) implements LoadBalancerApi {
        @Override
        public DescribeCapacityReservationResponse describeCapacityReservation(DescribeCapacityReservationRequest r) {
            return client.get().describeCapacityReservation(r);
        }

        @Override
        public ModifyCapacityReservationResponse modifyCapacityReservation(ModifyCapacityReservationRequest r) {
            return client.get().modifyCapacityReservation(r);
        }
    }
}
