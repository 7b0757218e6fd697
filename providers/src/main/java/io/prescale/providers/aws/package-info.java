/**
 * AWS capacity providers: Auto Scaling groups ({@code aws-asg}: desired capacity, min/max with the baseline saved
 * in tags, native scheduled actions, the EC2 vCPU quota check, On-Demand Capacity Reservations) and ELBv2 LCU
 * reservations ({@code aws-elbv2}).
 *
 * <p>Each AWS SDK client sits behind a narrow interface ({@link io.prescale.providers.aws.AutoScalingApi},
 * {@link io.prescale.providers.aws.Ec2Api}, {@link io.prescale.providers.aws.LoadBalancerApi}) listing only the
 * calls used, which is also the list tests must cover and the IAM actions {@link io.prescale.providers.aws.AwsProviders}
 * reports. Clients are built lazily from {@link io.prescale.providers.spi.ProviderConfig} (credentials, region,
 * endpoint, call timeout, SDK standard retries). Imports the SPI, the planner's model and the AWS SDK; never the
 * CLI, the scheduler or other providers.
 */
package io.prescale.providers.aws;
