package io.prescale.providers.aws;

import java.util.Collection;
import java.util.Map;
import software.amazon.awssdk.services.eks.model.Nodegroup;
import software.amazon.awssdk.services.eks.model.NodegroupScalingConfig;
import software.amazon.awssdk.services.eks.model.Update;

/**
 * The Amazon EKS calls the managed node group provider makes, and no others (REST-JSON: the SDK sends
 * {@code GET /clusters/{c}/node-groups/{n}}, {@code POST .../update-config}, {@code POST /tags/{arn}},
 * {@code DELETE /tags/{arn}?tagKeys=...}). Errors are the SDK's exceptions.
 */
interface EksApi {
    Nodegroup describeNodegroup(String cluster, String nodegroup);

    Update updateNodegroupConfig(String cluster, String nodegroup, NodegroupScalingConfig scaling);

    void tagResource(String arn, Map<String, String> tags);

    void untagResource(String arn, Collection<String> keys);
}
