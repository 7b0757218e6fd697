package io.prescale.providers.aws;

import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeCapacityReservationRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeCapacityReservationResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyCapacityReservationRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyCapacityReservationResponse;

/** The ELBv2 calls prescale makes: read and change a load balancer's LCU reservation (a reset included). */
public interface LoadBalancerApi {
    DescribeCapacityReservationResponse describeCapacityReservation(DescribeCapacityReservationRequest request);

    ModifyCapacityReservationResponse modifyCapacityReservation(ModifyCapacityReservationRequest request);
}
