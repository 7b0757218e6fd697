package io.prescale.providers.aws;

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

/**
 * The EC2 Auto Scaling calls prescale makes, and no others (cluster-autoscaler's {@code autoScalingI}). Each maps
 * to one IAM action in {@link AwsProviders#autoScalingGroups()}. Errors are the SDK's exceptions.
 */
public interface AutoScalingApi {
    DescribeAutoScalingGroupsResponse describeAutoScalingGroups(DescribeAutoScalingGroupsRequest request);

    /** The group's own scaling policies: after a scale-in restores its bounds, they size it from its load. */
    DescribePoliciesResponse describePolicies(DescribePoliciesRequest request);

    void updateAutoScalingGroup(UpdateAutoScalingGroupRequest request);

    void setDesiredCapacity(SetDesiredCapacityRequest request);

    void createOrUpdateTags(CreateOrUpdateTagsRequest request);

    void deleteTags(DeleteTagsRequest request);

    BatchPutScheduledUpdateGroupActionResponse batchPutScheduledUpdateGroupAction(
            BatchPutScheduledUpdateGroupActionRequest request);

    DescribeScheduledActionsResponse describeScheduledActions(DescribeScheduledActionsRequest request);

    BatchDeleteScheduledActionResponse batchDeleteScheduledAction(BatchDeleteScheduledActionRequest request);
}
