package io.prescale.providers.aws;

import io.prescale.providers.spi.ProviderException;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.ec2.model.CancelCapacityReservationRequest;
import software.amazon.awssdk.services.ec2.model.CapacityReservation;
import software.amazon.awssdk.services.ec2.model.CapacityReservationInstancePlatform;
import software.amazon.awssdk.services.ec2.model.CreateCapacityReservationRequest;
import software.amazon.awssdk.services.ec2.model.EndDateType;
import software.amazon.awssdk.services.ec2.model.InstanceMatchCriteria;

/**
 * On-Demand Capacity Reservations for an event: EC2 capacity for an instance type in one Availability Zone, held
 * from now until the event window's end (EndDateType {@code limited}, so a forgotten reservation stops billing by
 * itself). Reservations are {@code open}: the group's matching instances use them with no launch template change.
 */
public final class CapacityReservations implements AutoCloseable {
    public static final String LINUX = "Linux/UNIX";

    /** What to reserve. {@code clientToken} makes a re-run return the same reservation instead of a second one. */
    public record Request(String instanceType, String availabilityZone, int count, Instant end, String platform,
                          String clientToken) {
        public Request {
            Objects.requireNonNull(instanceType, "instanceType");
            Objects.requireNonNull(availabilityZone, "availabilityZone");
            Objects.requireNonNull(end, "end");
            if (count < 1) {
                throw new IllegalArgumentException("count must be at least 1: " + count);
            }
            platform = platform == null ? LINUX : platform;
            if (clientToken != null && clientToken.length() > 64) {
                throw new IllegalArgumentException("clientToken is at most 64 characters: " + clientToken);
            }
        }
    }

    /** A reservation as EC2 returned it; {@code id} is null in a dry run. */
    public record Reservation(String id, String instanceType, String availabilityZone, int count, Instant end,
                              String state) {
    }

    private final Ec2Api ec2;
    private final Clock clock;
    private final AutoCloseable owner;

    public CapacityReservations(Ec2Api ec2, Clock clock) {
        this(ec2, clock, () -> { });
    }

    CapacityReservations(Ec2Api ec2, Clock clock, AutoCloseable owner) {
        this.ec2 = Objects.requireNonNull(ec2, "ec2");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.owner = owner;
    }

    public Reservation create(Request r, boolean dryRun) {
        Instant now = clock.instant();
        if (!r.end().isAfter(now)) {
            throw new IllegalArgumentException("reservation end " + r.end() + " is not after now " + now);
        }
        if (dryRun) {
            return new Reservation(null, r.instanceType(), r.availabilityZone(), r.count(), r.end(), "dry-run");
        }
        try {
            return send(r, null);
        } catch (RuntimeException e) {
            throw wrap("create capacity reservation %d x %s in %s".formatted(r.count(), r.instanceType(),
                    r.availabilityZone()), e);
        }
    }

    /**
     * Sends CreateCapacityReservation within {@code call} (a deadline's per-call settings; null: the client's) and
     * lets the SDK's exceptions through, so a caller can read AWS's error code.
     */
    Reservation send(Request r, AwsRequestOverrideConfiguration call) {
        CreateCapacityReservationRequest.Builder b = CreateCapacityReservationRequest.builder()
                .instanceType(r.instanceType())
                .instancePlatform(CapacityReservationInstancePlatform.fromValue(r.platform()))
                .availabilityZone(r.availabilityZone())
                .instanceCount(r.count())
                .endDateType(EndDateType.LIMITED)
                .endDate(r.end())
                .instanceMatchCriteria(InstanceMatchCriteria.OPEN)
                .overrideConfiguration(call);
        if (r.clientToken() != null) {
            b.clientToken(r.clientToken());
        }
        CapacityReservation c = ec2.createCapacityReservation(b.build()).capacityReservation();
        return new Reservation(c.capacityReservationId(), c.instanceType(), c.availabilityZone(),
                c.totalInstanceCount() == null ? r.count() : c.totalInstanceCount(),
                c.endDate() == null ? r.end() : c.endDate(), c.stateAsString());
    }

    /** Cancels a reservation early (after the event); true when EC2 accepted it. */
    public boolean cancel(String reservationId, boolean dryRun) {
        Objects.requireNonNull(reservationId, "reservationId");
        if (dryRun) {
            return true;
        }
        try {
            return sendCancel(reservationId, null);
        } catch (RuntimeException e) {
            throw wrap("cancel capacity reservation " + reservationId, e);
        }
    }

    /** Sends CancelCapacityReservation within {@code call} (null: the client's); the SDK's exceptions pass. */
    boolean sendCancel(String reservationId, AwsRequestOverrideConfiguration call) {
        Boolean ok = ec2.cancelCapacityReservation(CancelCapacityReservationRequest.builder()
                .capacityReservationId(reservationId).overrideConfiguration(call).build()).returnValue();
        return Boolean.TRUE.equals(ok);
    }

    private static RuntimeException wrap(String what, RuntimeException e) {
        if (!AwsErrors.reportable(e)) {
            return e;
        }
        return new ProviderException("%s: %s [%s]".formatted(what, AwsErrors.message(e), AwsErrors.code(e)), e);
    }

    @Override
    public void close() {
        try {
            owner.close();
        } catch (Exception e) {
            throw new ProviderException("close EC2 client: " + e.getMessage(), e);
        }
    }
}
