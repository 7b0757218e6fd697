package io.prescale.providers.aws;

import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;

/** The one CloudWatch call the live controller's metric source makes ({@code cloudwatch:GetMetricData}). */
public interface CloudWatchApi {
    GetMetricDataResponse getMetricData(GetMetricDataRequest request);
}
