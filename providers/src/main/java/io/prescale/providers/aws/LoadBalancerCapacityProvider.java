package io.prescale.providers.aws;

import io.prescale.planner.model.Target;
import io.prescale.planner.plan.Action;
import io.prescale.planner.plan.Change;
import io.prescale.providers.spi.CapacityProvider;
import io.prescale.providers.spi.ChangeGuard;
import io.prescale.providers.spi.ChangeRequest;
import io.prescale.providers.spi.ChangeResponse;
import io.prescale.providers.spi.ChangeStatus;
import io.prescale.providers.spi.ObserveRequest;
import io.prescale.providers.spi.ObserveResponse;
import io.prescale.providers.spi.Observation;
import io.prescale.providers.spi.ProviderConfig;
import io.prescale.providers.spi.ProviderDiagnostic;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Objects;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CapacityReservationStateEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeCapacityReservationRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeCapacityReservationResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.MinimumLoadBalancerCapacity;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyCapacityReservationRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyCapacityReservationResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ZonalCapacityReservationState;

/**
 * An ELBv2 load balancer's LCU reservation ({@code aws-elbv2}; target name = load balancer ARN). Units are the
 * reserved capacity units (0 when none). A pre-warm reserves at least the service minimum of 100 LCU; a scale-in
 * below that resets the reservation. Decreases are limited per day, so one is refused when none is left.
 */
final class LoadBalancerCapacityProvider implements CapacityProvider {
    static final String TYPE = "aws-elbv2";
    /** The least a load balancer accepts as a reservation. */
    static final int MIN_LCU = 100;
    static final String PENDING_CODE = "CapacityReservationPending";
    static final String DECREASE_LIMIT_CODE = "CapacityDecreaseRequestLimitExceeded";

    private final ProviderConfig config;
    private final AwsApis apis;

    LoadBalancerCapacityProvider(ProviderConfig config, AwsApis apis) {
        this.config = Objects.requireNonNull(config, "config");
        this.apis = Objects.requireNonNull(apis, "apis");
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public ObserveResponse observe(ObserveRequest request) {
        String layer = request.layer();
        String arn = request.target().name();
        if (arn.isBlank()) {
            return ObserveResponse.failed(layer, arn, noArn());
        }
        try {
            Reservation r = describe(request.target(), Deadline.after(request.timeout(), config.callTimeout()));
            return ObserveResponse.of(layer, arn, new Observation(r.units(), 0, r.details(), config.clock().instant()));
        } catch (RuntimeException e) {
            if (!AwsErrors.reportable(e)) {
                throw e;
            }
            return ObserveResponse.failed(layer, arn, AwsErrors.diagnostic(arn, "describe capacity reservation", e));
        }
    }

    @Override
    public ChangeResponse apply(ChangeRequest request) {
        Change change = request.change();
        String layer = change.layer();
        String arn = request.target().name();
        if (arn.isBlank()) {
            return ChangeResponse.failed(layer, arn, -1, "no load balancer ARN", noArn());
        }
        Optional<ChangeResponse> guarded = ChangeGuard.notActedOn(request, arn, TYPE,
                        EnumSet.of(Action.PREWARM, Action.SCALE_OUT, Action.SCALE_IN))
                .or(() -> ChangeGuard.outOfBounds(request, arn, "BoundsExceeded"));
        if (guarded.isPresent()) {
            return guarded.get();
        }
        boolean raise = change.action() != Action.SCALE_IN;
        int n = change.to();
        Deadline deadline = Deadline.after(request.timeout(), config.callTimeout());
        Reservation cur;
        try {
            cur = describe(request.target(), deadline);
        } catch (RuntimeException e) {
            if (!AwsErrors.reportable(e)) {
                throw e;
            }
            return ChangeResponse.failed(layer, arn, -1, "describe failed",
                    AwsErrors.diagnostic(arn, "describe capacity reservation", e));
        }
        Map<String, String> details = new LinkedHashMap<>(cur.details());
        int target;
        if (raise && n > 0) {
            target = Math.max(n, MIN_LCU);
            if (target != n) {
                details.put("note", "raised from " + n + " to the service minimum of " + MIN_LCU + " LCU");
            }
            if (cur.units() >= target) {
                return alreadyThere(layer, arn, cur, target, details);
            }
        } else {
            target = n < MIN_LCU ? 0 : n;
            if (cur.units() <= target) {
                return alreadyThere(layer, arn, cur, target, details);
            }
        }
        if (!cur.pendingZones().isEmpty()) {
            // the service takes one change at a time: the previous one must be provisioned or failed
            return new ChangeResponse(layer, arn, ChangeStatus.FAILED, cur.units(), cur.units(),
                    "a previous change is still provisioning", details, List.of(pendingDiagnostic(arn,
                    "zones pending: " + String.join(", ", cur.pendingZones()))));
        }
        // a reset to no reservation is a decrease too, and counts against the same daily budget
        if (target < cur.units() && cur.decreasesRemaining() != null && cur.decreasesRemaining() == 0) {
            return new ChangeResponse(layer, arn, ChangeStatus.FAILED, cur.units(), cur.units(),
                    "no capacity decrease left today", details, List.of(ProviderDiagnostic.error(arn,
                    "cannot lower the LCU reservation from %d to %d: no decrease request left today"
                            .formatted(cur.units(), target),
                    "the service allows a few decreases per day (DecreaseRequestsRemaining=0); nothing was sent",
                    DECREASE_LIMIT_CODE)));
        }
        ModifyCapacityReservationRequest.Builder b = ModifyCapacityReservationRequest.builder().loadBalancerArn(arn);
        String summary;
        if (target == 0) {
            b.resetCapacityReservation(true);
            summary = "ModifyCapacityReservation ResetCapacityReservation=true";
        } else {
            b.minimumLoadBalancerCapacity(MinimumLoadBalancerCapacity.builder().capacityUnits(target).build());
            summary = "ModifyCapacityReservation MinimumLoadBalancerCapacity.CapacityUnits=" + target;
        }
        details.put("request.1", summary);
        if (request.dryRun()) {
            return new ChangeResponse(layer, arn, ChangeStatus.DRY_RUN, cur.units(), target, "would send " + summary,
                    details, List.of());
        }
        ModifyCapacityReservationResponse r;
        try {
            r = apis.loadBalancers(region(request.target(), arn))
                    .modifyCapacityReservation(b.overrideConfiguration(deadline.call()).build());
        } catch (RuntimeException e) {
            if (!AwsErrors.reportable(e)) {
                throw e;
            }
            ProviderDiagnostic d = AwsErrors.isCode(e, PENDING_CODE)
                    ? pendingDiagnostic(arn, AwsErrors.message(e))
                    : AwsErrors.diagnostic(arn, "modify capacity reservation", e);
            // the answer may be lost though the change took effect: the reservation then reads as asked
            Optional<Reservation> now = readBack(request, deadline);
            if (!AwsErrors.isCode(e, PENDING_CODE) && now.isPresent() && now.get().units() == target) {
                details.putAll(now.get().details());
                return new ChangeResponse(layer, arn, now.get().pendingZones().isEmpty() ? ChangeStatus.APPLIED
                        : ChangeStatus.PENDING, cur.units(), target, (target == 0 ? "reservation reset"
                        : "reserved " + target + " LCU") + " (answer lost; read back in effect)", details,
                        List.of(ProviderDiagnostic.warning(arn, d.summary(), "the reservation reads as asked: the "
                                + "change took effect though its answer was lost")));
            }
            return new ChangeResponse(layer, arn, ChangeStatus.FAILED, cur.units(), cur.units(),
                    "ModifyCapacityReservation failed [" + AwsErrors.code(e) + "]", details, List.of(d));
        }
        Reservation after = Reservation.of(r.minimumLoadBalancerCapacity(), r.capacityReservationState(),
                r.decreaseRequestsRemaining(), r.lastModifiedTime());
        if (target > 0 && r.minimumLoadBalancerCapacity() == null || target == 0 && r.lastModifiedTime() == null) {
            // an answer without the new state (an empty 200, a proxy): trusted only once read back
            Optional<Reservation> now = readBack(request, deadline);
            if (now.isEmpty() || now.get().units() != target) {
                String reads = now.map(x -> x.units() + " LCU").orElse("nothing (could not read it back)");
                details.put("readBack", reads);
                return new ChangeResponse(layer, arn, ChangeStatus.FAILED, cur.units(), now.map(Reservation::units)
                        .orElse(cur.units()), "AWS answered OK but the reservation reads " + reads + " (asked "
                        + target + " LCU): not in effect", details, List.of(ProviderDiagnostic.error(arn,
                        "capacity reservation not in effect after an OK answer", "reads " + reads, "NotInEffect")));
            }
            after = now.get();
        }
        details.putAll(after.details());
        int units = target == 0 ? 0 : after.units() > 0 ? after.units() : target;
        if (!after.failedZones().isEmpty()) {
            return new ChangeResponse(layer, arn, ChangeStatus.FAILED, cur.units(), units,
                    "reservation failed in " + String.join(", ", after.failedZones()), details,
                    List.of(ProviderDiagnostic.error(arn, "LCU reservation failed in " + String.join(", ",
                            after.failedZones()), after.reasons(), "CapacityReservationFailed")));
        }
        if (!after.pendingZones().isEmpty()) {
            return new ChangeResponse(layer, arn, ChangeStatus.PENDING, cur.units(), units,
                    "provisioning in " + String.join(", ", after.pendingZones()), details, List.of());
        }
        return new ChangeResponse(layer, arn, ChangeStatus.APPLIED, cur.units(), units,
                target == 0 ? "reservation reset" : "reserved " + units + " LCU", details, List.of());
    }

    /** The reservation as DescribeCapacityReservation shows it now, or empty when it cannot be read. */
    private Optional<Reservation> readBack(ChangeRequest request, Deadline deadline) {
        try {
            return Optional.of(describe(request.target(), deadline));
        } catch (RuntimeException e) {
            if (!AwsErrors.reportable(e)) {
                throw e;
            }
            return Optional.empty();
        }
    }

    private ChangeResponse alreadyThere(String layer, String arn, Reservation cur, int target,
                                        Map<String, String> details) {
        if (cur.units() == target && !cur.pendingZones().isEmpty()) {
            // requested by an earlier run, still provisioning: nothing to send, but not serving yet either
            return new ChangeResponse(layer, arn, ChangeStatus.PENDING, cur.units(), cur.units(),
                    "already requested, provisioning in " + String.join(", ", cur.pendingZones()), details, List.of());
        }
        return new ChangeResponse(layer, arn, ChangeStatus.UNCHANGED, cur.units(), cur.units(),
                cur.units() == target ? "already reserved " + cur.units() + " LCU"
                        : "already reserved " + cur.units() + " LCU (plan: " + target + ")", details, List.of());
    }

    private Reservation describe(Target target, Deadline deadline) {
        DescribeCapacityReservationResponse r = apis.loadBalancers(region(target, target.name()))
                .describeCapacityReservation(DescribeCapacityReservationRequest.builder()
                        .loadBalancerArn(target.name()).overrideConfiguration(deadline.call()).build());
        if (r.lastModifiedTime() == null && r.decreaseRequestsRemaining() == null
                && r.minimumLoadBalancerCapacity() == null) {
            // the service always says when it last changed the reservation and how many decreases are left: an
            // answer with neither (an empty 200, a proxy's page) says nothing, and is not "no reservation"
            throw software.amazon.awssdk.core.exception.SdkClientException.create("DescribeCapacityReservation of "
                    + target.name() + " answered without a reservation state (an empty or foreign answer)");
        }
        return Reservation.of(r.minimumLoadBalancerCapacity(), r.capacityReservationState(),
                r.decreaseRequestsRemaining(), r.lastModifiedTime());
    }

    /** The target's {@code region}, else the ARN's ({@code arn:aws:elasticloadbalancing:REGION:...}), else --region. */
    String region(Target target, String arn) {
        String r = target.settings().get("region");
        if (r != null && !r.isBlank()) {
            return r.strip();
        }
        String[] parts = arn.split(":", 6);
        if (parts.length == 6 && parts[0].equals("arn") && !parts[3].isBlank()) {
            return parts[3];
        }
        return config.region().orElse(null);
    }

    private static ProviderDiagnostic pendingDiagnostic(String arn, String detail) {
        return ProviderDiagnostic.error(arn, "a previous LCU reservation change is still provisioning; apply again "
                + "once it is provisioned or failed", detail, PENDING_CODE);
    }

    private static ProviderDiagnostic noArn() {
        return ProviderDiagnostic.error("", "the target has no load balancer ARN", "set the layer's target name",
                "InvalidTarget");
    }

    private static ChangeResponse refuse(String layer, String arn, String why, String code) {
        return ChangeResponse.failed(layer, arn, -1, why,
                ProviderDiagnostic.error(arn, why, "refused before calling AWS", code));
    }

    @Override
    public void close() {
        apis.close();
    }

    /** A reservation as described or as returned by a modify. */
    record Reservation(int units, List<ZonalCapacityReservationState> zones, Integer decreasesRemaining,
                       Instant lastModified) {

        static Reservation of(MinimumLoadBalancerCapacity min, List<ZonalCapacityReservationState> zones,
                              Integer decreasesRemaining, Instant lastModified) {
            int units = min == null || min.capacityUnits() == null ? 0 : min.capacityUnits();
            return new Reservation(units, zones == null ? List.of() : List.copyOf(zones), decreasesRemaining,
                    lastModified);
        }

        List<String> pendingZones() {
            return zonesIn(CapacityReservationStateEnum.PENDING);
        }

        List<String> failedZones() {
            return zonesIn(CapacityReservationStateEnum.FAILED);
        }

        private List<String> zonesIn(CapacityReservationStateEnum state) {
            return zones.stream().filter(z -> z.state() != null && z.state().code() == state)
                    .map(ZonalCapacityReservationState::availabilityZone).toList();
        }

        String reasons() {
            List<String> out = new ArrayList<>();
            for (ZonalCapacityReservationState z : zones) {
                if (z.state() != null && z.state().reason() != null) {
                    out.add(z.availabilityZone() + ": " + z.state().reason());
                }
            }
            return String.join("; ", out);
        }

        Map<String, String> details() {
            Map<String, String> d = new LinkedHashMap<>();
            d.put("capacityUnits", Integer.toString(units));
            for (ZonalCapacityReservationState z : zones) {
                String state = z.state() == null ? "unknown" : z.state().codeAsString();
                if (z.state() != null && z.state().reason() != null) {
                    state += " (" + z.state().reason() + ")";
                }
                if (z.effectiveCapacityUnits() != null) {
                    state += ", effective " + z.effectiveCapacityUnits() + " LCU";
                }
                d.put("zone." + z.availabilityZone(), state);
            }
            if (decreasesRemaining != null) {
                d.put("decreaseRequestsRemaining", Integer.toString(decreasesRemaining));
            }
            if (lastModified != null) {
                d.put("lastModifiedTime", lastModified.toString());
            }
            return d;
        }
    }
}
