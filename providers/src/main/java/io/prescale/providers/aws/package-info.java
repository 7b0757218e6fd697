/**
 * AWS capacity providers: Auto Scaling groups ({@code aws-asg}: desired capacity, min/max with the baseline saved
 * in tags, native scheduled actions, the EC2 vCPU quota check, On-Demand Capacity Reservations) and ELBv2 LCU
 * reservations ({@code aws-elbv2}); and the live controller's CloudWatch metric source
 * ({@link io.prescale.providers.aws.CloudWatchSource}, {@code GetMetricData} behind
 * {@link io.prescale.providers.aws.CloudWatchApi}).
 *
 * <p>Each AWS SDK client sits behind a narrow interface ({@link io.prescale.providers.aws.AutoScalingApi},
 * {@link io.prescale.providers.aws.Ec2Api}, {@link io.prescale.providers.aws.LoadBalancerApi}) listing only the
 * calls used, which is also the list tests must cover and the IAM actions {@link io.prescale.providers.aws.AwsProviders}
 * reports. Clients are built lazily from {@link io.prescale.providers.spi.ProviderConfig} (credentials, region,
 * endpoint, call timeout, SDK standard retries). Imports the SPI, the planner's model and the AWS SDK; never the
 * CLI, the scheduler or other providers.
 *
 * <p>An installed prescale keeps the AWS SDK off its class path: this package is loaded a second time, beside it,
 * when a provider is first created ({@code io.prescale.providers.apply.CloudClasses}). So what a plan reads from
 * here, {@link io.prescale.providers.aws.AwsTargets} (with {@link io.prescale.providers.aws.LoadBalancerUnits}, which
 * its checks call) and the factories' declarations in {@link io.prescale.providers.aws.AwsProviders}, must never
 * touch the SDK ({@code CloudLibrariesLayoutTest} plans every example without it).
 *
 * <p>On-Demand Capacity Reservations on apply ({@code AsgCapacityReservations}): with
 * {@code reserveCapacity: true} in an {@code aws-asg} target's settings, a scale-out from {@code before} to N first
 * reserves N - before instances of {@code reserveInstanceType} (default: the group's instance type as the vCPU quota
 * check finds it) split evenly, rounding up, over {@code reserveAvailabilityZones} (default: the group's zones),
 * {@code open} and ending at the request's {@code holdUntil}; each zone's ClientToken comes from the plan digest,
 * group, zone and change time, so a re-run gets the same reservation back. The ids go in the group's tag
 * {@code prescale:capacity-reservations} (continued in {@code .2}, {@code .3}... past 256 characters) before desired
 * is raised. A failed reservation, or none possible (no holdUntil), is a warning and the group is still scaled,
 * unless {@code reserveCapacityRequired: true}: then the change fails before scaling. The scale-in cancels the
 * recorded reservations (one already ended is fine, other failures are warnings) and removes the tag. A dry run
 * lists what would be reserved or cancelled and sends neither.
 */
package io.prescale.providers.aws;
