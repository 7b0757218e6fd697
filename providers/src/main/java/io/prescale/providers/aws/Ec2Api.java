package io.prescale.providers.aws;

import software.amazon.awssdk.services.ec2.model.CancelCapacityReservationRequest;
import software.amazon.awssdk.services.ec2.model.CancelCapacityReservationResponse;
import software.amazon.awssdk.services.ec2.model.CreateCapacityReservationRequest;
import software.amazon.awssdk.services.ec2.model.CreateCapacityReservationResponse;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceTypesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceTypesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;

/** The EC2 calls prescale makes (vCPU quota check, On-Demand Capacity Reservations), and no others. */
public interface Ec2Api {
    DescribeInstanceTypesResponse describeInstanceTypes(DescribeInstanceTypesRequest request);

    DescribeInstancesResponse describeInstances(DescribeInstancesRequest request);

    CreateCapacityReservationResponse createCapacityReservation(CreateCapacityReservationRequest request);

    CancelCapacityReservationResponse cancelCapacityReservation(CancelCapacityReservationRequest request);
}
