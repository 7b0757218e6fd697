package io.prescale.providers.aws;

import io.prescale.planner.diag.Severity;
import io.prescale.planner.model.Target;
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
import io.prescale.providers.spi.QuotaCheck;
import io.prescale.providers.spi.ScheduledActions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.CreateOrUpdateTagsRequest;
import software.amazon.awssdk.services.autoscaling.model.DeleteTagsRequest;
import software.amazon.awssdk.services.autoscaling.model.DescribeAutoScalingGroupsRequest;
import software.amazon.awssdk.services.autoscaling.model.DescribePoliciesRequest;
import software.amazon.awssdk.services.autoscaling.model.DescribePoliciesResponse;
import software.amazon.awssdk.services.autoscaling.model.LifecycleState;
import software.amazon.awssdk.services.autoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.autoscaling.model.SetDesiredCapacityRequest;
import software.amazon.awssdk.services.autoscaling.model.Tag;
import software.amazon.awssdk.services.autoscaling.model.TagDescription;
import software.amazon.awssdk.services.autoscaling.model.UpdateAutoScalingGroupRequest;

/**
 * An EC2 Auto Scaling group ({@code aws-asg}; target name = group name). Units are the group's desired capacity.
 * A scale-out raises MinSize with DesiredCapacity, so the group's own policies cannot scale in during the event,
 * after saving the original min/max in tags so the scale-in restores them exactly.
 *
 * <p>With the target setting {@code reserveCapacity: true} a scale-out first reserves On-Demand capacity for the
 * instances it adds ({@link AsgCapacityReservations}: what and where, until the request's {@code holdUntil}) and
 * records the reservation ids in a tag; the scale-in cancels them and removes the tag. Capacity comes first: a
 * reservation that fails is a warning and the group is still scaled, unless {@code reserveCapacityRequired: true}.
 */
final class AutoScalingGroupProvider implements CapacityProvider, ScheduledActions, QuotaCheck {
    static final String TYPE = "aws-asg";
    static final String TAG_BASELINE_MIN = "prescale:baseline-min";
    static final String TAG_BASELINE_MAX = "prescale:baseline-max";
    static final String TAG_PLAN = "prescale:plan";
    /** Transient: another scaling activity or update is running; the same request succeeds a little later. */
    static final Set<String> TRANSIENT_CODES = Set.of("ScalingActivityInProgress", "ResourceContention");
    static final int TRANSIENT_ATTEMPTS = 4;
    /** CancelCapacityReservation on a reservation that has already ended (cancelled, expired) or is gone. */
    static final Set<String> RESERVATION_ENDED_CODES = Set.of("InvalidCapacityReservationId.NotFound",
            "IncorrectState");

    private final ProviderConfig config;
    private final AwsApis apis;
    private final BackoffStrategy transientBackoff;
    private final AsgScheduledActions scheduledActions;
    private final VcpuQuotaCheck quotaCheck;

    AutoScalingGroupProvider(ProviderConfig config, AwsApis apis) {
        this(config, apis, BackoffStrategy.exponentialDelay(Duration.ofSeconds(1), Duration.ofSeconds(8)));
    }

    AutoScalingGroupProvider(ProviderConfig config, AwsApis apis, BackoffStrategy transientBackoff) {
        this.config = Objects.requireNonNull(config, "config");
        this.apis = Objects.requireNonNull(apis, "apis");
        this.transientBackoff = Objects.requireNonNull(transientBackoff, "transientBackoff");
        this.scheduledActions = new AsgScheduledActions(config, this::autoScaling);
        this.quotaCheck = new VcpuQuotaCheck(this::autoScaling, t -> apis.ec2(region(t)));
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public ObserveResponse observe(ObserveRequest request) {
        String layer = request.layer();
        String name = request.target().name();
        if (name.isBlank()) {
            return ObserveResponse.failed(layer, name, noName());
        }
        Deadline deadline = Deadline.after(request.timeout(), config.callTimeout());
        try {
            Optional<Group> group = describe(request.target(), deadline);
            if (group.isEmpty()) {
                return ObserveResponse.failed(layer, name, notFound(request.target()));
            }
            Group g = group.get();
            return ObserveResponse.of(layer, name,
                    new Observation(g.desired(), 0, g.details(), config.clock().instant(), g.inService()));
        } catch (RuntimeException e) {
            if (!AwsErrors.reportable(e)) {
                throw e;
            }
            return ObserveResponse.failed(layer, name, AwsErrors.diagnostic(name, "describe auto scaling group " + name, e));
        }
    }

    @Override
    public ChangeResponse apply(ChangeRequest request) {
        Change change = request.change();
        String name = request.target().name();
        if (name.isBlank()) {
            return ChangeResponse.failed(change.layer(), name, -1, "no Auto Scaling group name", noName());
        }
        return ChangeGuard.notActedOn(request, name, TYPE, ChangeGuard.SCALES)
                .or(() -> ChangeGuard.outOfBounds(request, name, "BoundsExceeded"))
                .orElseGet(() -> change(request, switch (change.action()) {
                    case SCALE_OUT -> true;
                    default -> false;
                }));
    }

    private ChangeResponse change(ChangeRequest request, boolean out) {
        Change change = request.change();
        String layer = change.layer();
        String name = request.target().name();
        int n = change.to();
        Deadline deadline = Deadline.after(request.timeout(), config.callTimeout());
        Group g;
        try {
            Optional<Group> found = describe(request.target(), deadline);
            if (found.isEmpty()) {
                return ChangeResponse.failed(layer, name, -1, "Auto Scaling group not found", notFound(request.target()));
            }
            g = found.get();
        } catch (RuntimeException e) {
            if (!AwsErrors.reportable(e)) {
                throw e;
            }
            return ChangeResponse.failed(layer, name, -1, "describe failed",
                    AwsErrors.diagnostic(name, "describe auto scaling group " + name, e));
        }
        AsgCapacityReservations.Decision reserve = out
                ? AsgCapacityReservations.decide(request.target(), g.raw(), n - g.desired(), request.holdUntil(),
                        config.clock().instant(), request.planDigest(), change.at())
                : new AsgCapacityReservations.None();
        if (reserve instanceof AsgCapacityReservations.Refuse r && r.fails()) {
            // before any mutating request: the user fixes the setting, or the reservation is required
            return ChangeResponse.failed(layer, name, g.desired(), r.diagnostic().summary(), r.diagnostic());
        }
        List<String> policies = List.of();
        if (!out) {
            try {
                policies = scalingPolicies(g.name(), deadline, request.target());
            } catch (RuntimeException e) {
                if (!AwsErrors.reportable(e)) {
                    throw e;
                }
                // without knowing whether the group sizes itself, lowering desired could cut live load: stay up
                return ChangeResponse.failed(layer, name, g.desired(), "describe scaling policies failed; capacity "
                        + "left up", AwsErrors.diagnostic(name, "describe scaling policies of " + name, e));
            }
        }
        Update u = out ? scaleOut(g, n, request.planDigest(), reserve, deadline, request.target())
                : scaleIn(g, n, policies, deadline, request.target());
        // what the read-back must find: exactly the bounds; desired at least what a scale-out asked (the group's
        // own policies may add more), exactly what a scale-in set unless its policies own desired
        DesiredCheck check = out ? DesiredCheck.AT_LEAST : policies.isEmpty() ? DesiredCheck.EXACT : DesiredCheck.ANY;
        return run(layer, g, u, request.dryRun(), request.target(), deadline, check);
    }

    private enum DesiredCheck { EXACT, AT_LEAST, ANY }

    /** Whether a change whose requests failed is nonetheless in effect, exactly, its tags included. */
    private boolean tookEffect(Group g, Update u, Target target, Deadline deadline, DesiredCheck check) {
        try {
            Optional<Group> after = describe(target, deadline);
            if (after.isEmpty()) {
                return false;
            }
            Group a = after.get();
            boolean desired = switch (check) {
                case EXACT -> a.desired() == u.desired;
                case AT_LEAST -> a.desired() >= u.desired;
                case ANY -> true;
            };
            boolean tags = check == DesiredCheck.AT_LEAST
                    ? a.baselineMin().isPresent() && a.baselineMax().isPresent()
                    : g.prescaleTags().stream().noneMatch(k -> a.tags().containsKey(k));
            boolean reservations = !u.details.containsKey("reservedInstances") || u.details.get("reservedInstances")
                    .equals(Integer.toString(0)) || !a.reservations().isEmpty();
            return a.min() == u.min && a.max() == u.max && desired && tags && reservations;
        } catch (RuntimeException e) {
            if (!AwsErrors.reportable(e)) {
                throw e;
            }
            return false;
        }
    }

    /** Writes of the baseline tags before giving up (each read back). */
    static final int TAG_WRITES = 3;

    /**
     * Raise min and desired to {@code n} (never lower either: a scale-out does not scale in), max if below. With
     * reservations: create them first, then record their ids with the baseline tags, then raise desired, so the
     * new instances launch into the reserved capacity.
     */
    private Update scaleOut(Group g, int n, String digest, AsgCapacityReservations.Decision reserve,
                            Deadline deadline, Target target) {
        int min = Math.max(g.min(), n);
        int desired = Math.max(g.desired(), n);
        int max = Math.max(g.max(), desired);
        Update u = new Update(g, min, desired, max);
        if (u.unchanged()) {
            return u;
        }
        Map<String, String> tags = new LinkedHashMap<>();
        if (g.baselineMin().isEmpty() || g.baselineMax().isEmpty()) {
            // first pre-scale only: a later one would save the raised min as the baseline
            tags.put(TAG_BASELINE_MIN, Integer.toString(g.min()));
            tags.put(TAG_BASELINE_MAX, Integer.toString(g.max()));
        }
        if (!digest.isEmpty() && !digest.equals(g.plan())) {
            tags.put(TAG_PLAN, digest);
        }
        List<CapacityReservations.Reservation> created = new ArrayList<>();
        boolean reserving = false;
        switch (reserve) {
            case AsgCapacityReservations.Reserve r -> {
                reserving = true;
                u.warnings.addAll(r.notes());
                reserveRequests(g, u, r, created, deadline, target);
            }
            case AsgCapacityReservations.Refuse r -> u.warnings.add(r.diagnostic());
            case AsgCapacityReservations.None none -> {
            }
        }
        if (!tags.isEmpty() || reserving) {
            String summary = join(tags) + (reserving ? (tags.isEmpty() ? "" : ", ") + AsgCapacityReservations.TAG
                    + "=<the reservations' ids>" : "");
            // also sent after a required reservation failed: the ids of those made in other zones are recorded,
            // so the scale-in cancels them (and a re-run finds them again by ClientToken)
            u.requests.add(new Request("CreateOrUpdateTags", summary, () -> {
                Map<String, String> send = new LinkedHashMap<>();
                if (!u.failed) {
                    send.putAll(tags);
                }
                if (!created.isEmpty()) {
                    List<String> ids = new ArrayList<>(new LinkedHashSet<>(concat(g.reservations(),
                            created.stream().map(CapacityReservations.Reservation::id).toList())));
                    AsgCapacityReservations.tags(ids).forEach((k, v) -> {
                        if (!v.equals(g.tags().get(k))) {
                            send.put(k, v);
                        }
                    });
                    u.details.put("reservations", String.join(",", ids));
                }
                if (!send.isEmpty()) {
                    // the saved baseline is what the scale-in restores: read it back before raising anything, and
                    // write it again if it did not take (an OK that changed nothing)
                    for (int attempt = 1; ; attempt++) {
                        autoScaling(target).createOrUpdateTags(CreateOrUpdateTagsRequest.builder()
                                .tags(send.entrySet().stream().map(e -> tag(g.name(), e.getKey(), e.getValue())).toList())
                                .overrideConfiguration(deadline.call()).build());
                        Map<String, String> now = describe(target, deadline).map(Group::tags).orElse(Map.of());
                        if (send.entrySet().stream().allMatch(e -> e.getValue().equals(now.get(e.getKey())))) {
                            break;
                        }
                        if (attempt >= TAG_WRITES) {
                            throw software.amazon.awssdk.core.exception.SdkClientException.create("the tags "
                                    + String.join(", ", send.keySet()) + " were not in effect after " + attempt
                                    + " writes; nothing raised, so the scale-in can still restore the group's bounds");
                        }
                    }
                }
            }, reserving));
        }
        u.requests.add(updateRequest(g, u, max != g.max(), deadline, target));
        return u;
    }

    /**
     * One CreateCapacityReservation per zone. A failure is a warning (the scale-out proceeds without that zone's
     * reservation), or with {@code reserveCapacityRequired} fails the change before the group is scaled.
     */
    private void reserveRequests(Group g, Update u, AsgCapacityReservations.Reserve r,
                                 List<CapacityReservations.Reservation> created, Deadline deadline, Target target) {
        CapacityReservations reservations = new CapacityReservations(apis.ec2(region(target)), config.clock());
        // a dry run shows what would be reserved; a run, what was (updated after each zone)
        u.details.put("reservedInstances", Integer.toString(r.total()));
        for (CapacityReservations.Request cr : r.requests()) {
            String zone = cr.availabilityZone();
            String what = "%d x %s until %s".formatted(cr.count(), cr.instanceType(), cr.end());
            u.details.put("reservation." + zone, "would reserve " + what);
            String summary = "InstanceType=%s AvailabilityZone=%s InstanceCount=%d EndDateType=limited EndDate=%s "
                    .formatted(cr.instanceType(), zone, cr.count(), cr.end()) + "InstanceMatchCriteria=open ClientToken="
                    + cr.clientToken();
            u.requests.add(new Request("CreateCapacityReservation", summary, () -> {
                try {
                    CapacityReservations.Reservation made = reservations.send(cr, deadline.call());
                    created.add(made);
                    u.details.put("reservation." + zone, made.id() + ": %d x %s until %s (%s)".formatted(made.count(),
                            made.instanceType(), made.end(), made.state()));
                } catch (RuntimeException e) {
                    u.details.put("reservation." + zone, "not reserved [" + AwsErrors.code(e) + "]");
                    if (!AwsErrors.reportable(e) || r.required()) {
                        throw e;
                    }
                    u.warnings.add(new ProviderDiagnostic(Severity.WARNING, g.name(), "capacity not reserved in "
                            + zone + ": " + AwsErrors.message(e), "scaling out without a reservation for " + what
                            + "; set " + AsgCapacityReservations.SETTING_REQUIRED + ": true to stop instead",
                            AwsErrors.code(e)));
                } finally {
                    u.details.put("reservedInstances", Integer.toString(created.stream()
                            .mapToInt(CapacityReservations.Reservation::count).sum()));
                }
            }, false));
        }
    }

    /** The names of the group's enabled scaling policies (target tracking, step, simple, predictive). */
    private List<String> scalingPolicies(String group, Deadline deadline, Target target) {
        List<String> names = new ArrayList<>();
        String token = null;
        do {
            DescribePoliciesResponse r = autoScaling(target).describePolicies(DescribePoliciesRequest.builder()
                    .autoScalingGroupName(group).nextToken(token).overrideConfiguration(deadline.call()).build());
            for (ScalingPolicy p : r.scalingPolicies()) {
                if (!Boolean.FALSE.equals(p.enabled())) {
                    names.add(p.policyName() + " (" + p.policyType() + ")");
                }
            }
            token = r.nextToken();
        } while (token != null && !token.isEmpty());
        return names;
    }

    /**
     * Restore the saved min/max (or leave min at min(n, current) without tags). Demand is load, not the group's
     * own instance count (which after a pre-scale is the pre-scale): a group with scaling policies keeps its
     * desired, clamped into the restored bounds, and its policies shrink it as its load allows; a group without
     * them goes to n (the plan's target, or what observed load needs), never below min.
     */
    private Update scaleIn(Group g, int n, List<String> policies, Deadline deadline, Target target) {
        int min = g.baselineMin().orElse(Math.min(n, g.min()));
        int max = g.baselineMax().orElse(g.max());
        int desired = policies.isEmpty() ? Math.max(n, min) : Math.max(min, g.desired());

        List<ProviderDiagnostic> warnings = new ArrayList<>();
        if (desired > max) {
            warnings.add(ProviderDiagnostic.warning(g.name(), "desired %d is above the group's max %d: set to %d"
                    .formatted(desired, max, max), "the max restored from " + TAG_BASELINE_MAX + " is lower than the plan"));
            desired = max;
        }
        Update u = new Update(g, min, desired, max);
        u.warnings.addAll(warnings);
        if (!policies.isEmpty()) {
            u.details.put("scalingPolicies", String.join(", ", policies));
            u.details.put("desiredBy", "the group's scaling policies, within the restored bounds");
        }
        List<String> staleTags = g.prescaleTags();
        if (min != g.min() || max != g.max()) {
            u.requests.add(updateRequest(g, u, true, deadline, target));
        } else if (desired != g.desired()) {
            u.requests.add(new Request("SetDesiredCapacity", "DesiredCapacity=" + desired + " HonorCooldown=false",
                    () -> withTransientRetry(deadline, () -> autoScaling(target).setDesiredCapacity(
                            SetDesiredCapacityRequest.builder().autoScalingGroupName(g.name()).desiredCapacity(u.desired)
                                    .honorCooldown(false).overrideConfiguration(deadline.call()).build())), false));
        }
        cancelRequests(g, u, deadline, target);
        if (!staleTags.isEmpty()) {
            // after the update: if it fails, the baseline stays for the next attempt
            u.requests.add(new Request("DeleteTags", String.join(", ", staleTags), () -> autoScaling(target).deleteTags(
                    DeleteTagsRequest.builder().tags(staleTags.stream().map(k -> tag(g.name(), k, null)).toList())
                            .overrideConfiguration(deadline.call()).build()), false));
        }
        return u;
    }

    /**
     * After the scale-in: cancel the reservations recorded on the group. One already cancelled or expired is
     * fine; any other failure is a warning, since the reservation ends by itself at its EndDate (the time of this
     * scale-in). The tag is removed either way, with the baseline tags.
     */
    private void cancelRequests(Group g, Update u, Deadline deadline, Target target) {
        if (g.reservations().isEmpty()) {
            return;
        }
        CapacityReservations reservations = new CapacityReservations(apis.ec2(region(target)), config.clock());
        for (String id : g.reservations()) {
            u.details.put("reservation." + id, "would cancel");
            u.requests.add(new Request("CancelCapacityReservation", "CapacityReservationId=" + id, () -> {
                try {
                    boolean accepted = reservations.sendCancel(id, deadline.call());
                    u.details.put("reservation." + id, accepted ? "cancelled" : "cancel not accepted");
                    if (!accepted) {
                        u.warnings.add(ProviderDiagnostic.warning(g.name(), "capacity reservation " + id
                                + " not cancelled: EC2 answered false", endsByItself(id)));
                    }
                } catch (RuntimeException e) {
                    if (!AwsErrors.reportable(e)) {
                        throw e;
                    }
                    String code = AwsErrors.code(e);
                    if (RESERVATION_ENDED_CODES.contains(code)) {
                        u.details.put("reservation." + id, "already ended [" + code + "]");
                        return;
                    }
                    u.details.put("reservation." + id, "not cancelled [" + code + "]");
                    u.warnings.add(new ProviderDiagnostic(Severity.WARNING, g.name(), "capacity reservation " + id
                            + " not cancelled: " + AwsErrors.message(e), endsByItself(id), code));
                }
            }, false));
        }
    }

    private static String endsByItself(String id) {
        return "it ends by itself at its EndDate; to stop paying sooner: aws ec2 cancel-capacity-reservation "
                + "--capacity-reservation-id " + id;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private Request updateRequest(Group g, Update u, boolean withMax, Deadline deadline, Target target) {
        String summary = "MinSize=" + u.min + " DesiredCapacity=" + u.desired + (withMax ? " MaxSize=" + u.max : "");
        return new Request("UpdateAutoScalingGroup", summary, () -> withTransientRetry(deadline, () -> {
            UpdateAutoScalingGroupRequest.Builder b = UpdateAutoScalingGroupRequest.builder()
                    .autoScalingGroupName(g.name()).minSize(u.min).desiredCapacity(u.desired);
            if (withMax) {
                b.maxSize(u.max);
            }
            autoScaling(target).updateAutoScalingGroup(b.overrideConfiguration(deadline.call()).build());
        }), false);
    }

    private ChangeResponse run(String layer, Group g, Update u, boolean dryRun, Target target, Deadline deadline,
                               DesiredCheck check) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("min", g.min() + " -> " + u.min);
        details.put("max", g.max() + " -> " + u.max);
        details.put("desired", g.desired() + " -> " + u.desired);
        details.put("inService", Integer.toString(g.inService()));
        if (u.requests.isEmpty()) {
            details.putAll(u.details);
            return new ChangeResponse(layer, g.name(), ChangeStatus.UNCHANGED, g.desired(), g.desired(),
                    "already at desired %d, min %d, max %d".formatted(g.desired(), g.min(), g.max()), details, u.warnings);
        }
        for (int i = 0; i < u.requests.size(); i++) {
            details.put("request." + (i + 1), u.requests.get(i).describe());
        }
        if (dryRun) {
            details.putAll(u.details);
            return new ChangeResponse(layer, g.name(), ChangeStatus.DRY_RUN, g.desired(), u.desired,
                    "would send " + u.requests.size() + " request(s)", details, u.warnings);
        }
        List<ProviderDiagnostic> errors = new ArrayList<>();
        String failure = "";
        for (Request r : u.requests) {
            if (u.failed && !r.evenAfterFailure()) {
                continue;
            }
            try {
                r.send().run();
            } catch (RuntimeException e) {
                if (!AwsErrors.reportable(e)) {
                    throw e;
                }
                errors.add(AwsErrors.diagnostic(g.name(), r.action() + " " + g.name(), e));
                if (!u.failed) {
                    u.failed = true;
                    details.put("failed", r.action());
                    failure = r.action() + " failed [" + AwsErrors.code(e) + "]";
                }
            }
        }
        details.putAll(u.details);
        if (u.failed && !tookEffect(g, u, target, deadline, check)) {
            List<ProviderDiagnostic> diags = new ArrayList<>(u.warnings);
            diags.addAll(errors);
            return new ChangeResponse(layer, g.name(), ChangeStatus.FAILED, g.desired(), g.desired(), failure,
                    details, diags);
        }
        if (u.failed) {
            // every answer was lost or garbled, but the group reads exactly as asked: it took effect
            errors.forEach(e -> u.warnings.add(ProviderDiagnostic.warning(g.name(), e.summary(), "the group reads as "
                    + "asked: the change took effect though its answer was lost")));
        }
        // a write is trusted only once read back: an OK that changed nothing (an empty 200, a proxy) is a failure
        Optional<Group> after;
        try {
            after = describe(target, deadline);
        } catch (RuntimeException e) {
            if (!AwsErrors.reportable(e)) {
                throw e;
            }
            List<ProviderDiagnostic> diags = new ArrayList<>(u.warnings);
            diags.add(AwsErrors.diagnostic(g.name(), "read back auto scaling group " + g.name(), e));
            return new ChangeResponse(layer, g.name(), ChangeStatus.FAILED, g.desired(), -1, "sent, but could not "
                    + "read it back: whether it took effect is unknown", details, diags);
        }
        boolean desiredOk = after.isPresent() && switch (check) {
            case EXACT -> after.get().desired() == u.desired;
            case AT_LEAST -> after.get().desired() >= u.desired;
            case ANY -> true;
        };
        if (after.isEmpty() || after.get().min() != u.min || after.get().max() != u.max || !desiredOk) {
            String now = after.map(a -> "desired %d, min %d, max %d".formatted(a.desired(), a.min(), a.max()))
                    .orElse("no group");
            details.put("readBack", now);
            return new ChangeResponse(layer, g.name(), ChangeStatus.FAILED, g.desired(),
                    after.map(Group::desired).orElse(-1), "AWS answered OK but the group reads " + now + " (asked "
                    + "desired %d, min %d, max %d): not in effect".formatted(u.desired, u.min, u.max), details,
                    u.warnings);
        }
        List<String> left = g.prescaleTags().stream().filter(k -> !check.equals(DesiredCheck.AT_LEAST)
                && after.get().tags().containsKey(k)).toList();
        if (!left.isEmpty()) {
            details.put("readBack", "tags still there: " + String.join(", ", left));
            return new ChangeResponse(layer, g.name(), ChangeStatus.FAILED, g.desired(), after.get().desired(),
                    "bounds restored but prescale's tags are still on the group (" + String.join(", ", left)
                    + "): removed on the next run", details, u.warnings);
        }
        details.put("readBack", "desired %d, min %d, max %d, %d in service".formatted(after.get().desired(),
                after.get().min(), after.get().max(), after.get().inService()));
        String reserved = u.details.getOrDefault("reservedInstances", "0");
        return new ChangeResponse(layer, g.name(), ChangeStatus.APPLIED, g.desired(), u.desired,
                "desired %d -> %d, min %d -> %d, max %d -> %d".formatted(g.desired(), u.desired, g.min(), u.min,
                        g.max(), u.max) + (reserved.equals("0") ? "" : "; reserved " + reserved + " instances"),
                details, u.warnings);
    }

    /** Retries ScalingActivityInProgress / ResourceContention with backoff while the deadline allows. */
    private void withTransientRetry(Deadline deadline, Runnable call) {
        for (int attempt = 1; ; attempt++) {
            try {
                call.run();
                return;
            } catch (AwsServiceException e) {
                if (!TRANSIENT_CODES.contains(AwsErrors.code(e)) || attempt >= TRANSIENT_ATTEMPTS) {
                    throw e;
                }
                Duration wait = transientBackoff.computeDelay(attempt);
                if (wait.compareTo(deadline.remaining()) >= 0) {
                    throw e;
                }
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    Optional<Group> describe(Target target, Deadline deadline) {
        return autoScaling(target).describeAutoScalingGroups(DescribeAutoScalingGroupsRequest.builder()
                        .autoScalingGroupNames(target.name()).overrideConfiguration(deadline.call()).build())
                .autoScalingGroups().stream()
                .filter(g -> target.name().equals(g.autoScalingGroupName()))
                .findFirst().map(Group::of);
    }

    AutoScalingApi autoScaling(Target target) {
        return apis.autoScaling(region(target));
    }

    /** The target's {@code region} setting, else {@code --region}, else null (the SDK's region chain). */
    String region(Target target) {
        String r = target.settings().get("region");
        return r != null && !r.isBlank() ? r.strip() : config.region().orElse(null);
    }

    private ProviderDiagnostic notFound(Target target) {
        String region = Optional.ofNullable(region(target)).orElse("the default region");
        return ProviderDiagnostic.error(target.name(), "Auto Scaling group not found",
                "DescribeAutoScalingGroups returned no group named " + target.name() + " in " + region
                        + "; check the target's name and region", "NotFound");
    }

    private static ProviderDiagnostic noName() {
        return ProviderDiagnostic.error("", "the target has no Auto Scaling group name", "set the layer's target name",
                "InvalidTarget");
    }

    private static Tag tag(String group, String key, String value) {
        Tag.Builder b = Tag.builder().resourceId(group).resourceType("auto-scaling-group").key(key);
        if (value != null) {
            b.value(value).propagateAtLaunch(false);
        }
        return b.build();
    }

    private static String join(Map<String, String> tags) {
        return String.join(", ", tags.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    }

    // ScheduledActions and QuotaCheck: separate classes, same clients and region rules

    @Override
    public ChangeResponse put(Target target, List<Action> actions, boolean dryRun) {
        return scheduledActions.put(target, actions, dryRun);
    }

    @Override
    public List<Action> list(Target target) {
        return scheduledActions.list(target);
    }

    @Override
    public ChangeResponse delete(Target target, List<String> names, boolean dryRun) {
        return scheduledActions.delete(target, names, dryRun);
    }

    @Override
    public ChangeResponse checkQuota(String layer, Target target, int extraUnits) {
        return quotaCheck.check(layer, target, extraUnits, Deadline.after(config.callTimeout().multipliedBy(4),
                config.callTimeout()));
    }

    @Override
    public void close() {
        apis.close();
    }

    /** What one change will send, in order. */
    private static final class Update {
        final Group group;
        final int min;
        final int desired;
        final int max;
        final List<Request> requests = new ArrayList<>();
        final List<ProviderDiagnostic> warnings = new ArrayList<>();
        /** What the requests did (reservation ids, per zone), added to the response's details. */
        final Map<String, String> details = new LinkedHashMap<>();
        /** Set when a request failed: the rest are skipped except those sent even after a failure. */
        boolean failed;

        Update(Group group, int min, int desired, int max) {
            this.group = group;
            this.min = min;
            this.desired = desired;
            this.max = max;
        }

        boolean unchanged() {
            return min == group.min() && desired == group.desired() && max == group.max();
        }
    }

    /** @param evenAfterFailure sent even when an earlier request failed (to record what was already made) */
    private record Request(String action, String summary, Runnable send, boolean evenAfterFailure) {
        String describe() {
            return action + " " + summary;
        }
    }

    /** The facts of one group that prescale uses. */
    record Group(String name, int min, int max, int desired, int inService, OptionalInt baselineMin,
                 OptionalInt baselineMax, String plan, List<String> reservations, AutoScalingGroup raw) {

        static Group of(AutoScalingGroup g) {
            Map<String, String> tags = new LinkedHashMap<>();
            for (TagDescription t : g.tags()) {
                tags.put(t.key(), t.value());
            }
            int inService = (int) g.instances().stream()
                    .filter(i -> i.lifecycleState() == LifecycleState.IN_SERVICE).count();
            return new Group(g.autoScalingGroupName(), nz(g.minSize()), nz(g.maxSize()), nz(g.desiredCapacity()),
                    inService, parse(tags.get(TAG_BASELINE_MIN)), parse(tags.get(TAG_BASELINE_MAX)),
                    tags.getOrDefault(TAG_PLAN, ""), AsgCapacityReservations.ids(tags), g);
        }

        Map<String, String> tags() {
            Map<String, String> tags = new LinkedHashMap<>();
            for (TagDescription t : raw.tags()) {
                tags.put(t.key(), t.value());
            }
            return tags;
        }

        /** prescale's tags present on the group, to remove on scale-in. */
        List<String> prescaleTags() {
            return raw.tags().stream().map(TagDescription::key)
                    .filter(k -> k.equals(TAG_BASELINE_MIN) || k.equals(TAG_BASELINE_MAX) || k.equals(TAG_PLAN)
                            || AsgCapacityReservations.isTag(k))
                    .toList();
        }

        Map<String, String> details() {
            Map<String, String> d = new LinkedHashMap<>();
            d.put("min", Integer.toString(min));
            d.put("max", Integer.toString(max));
            d.put("desired", Integer.toString(desired));
            d.put("inService", Integer.toString(inService));
            baselineMin.ifPresent(v -> d.put(TAG_BASELINE_MIN, Integer.toString(v)));
            baselineMax.ifPresent(v -> d.put(TAG_BASELINE_MAX, Integer.toString(v)));
            if (!plan.isEmpty()) {
                d.put(TAG_PLAN, plan);
            }
            if (!reservations.isEmpty()) {
                d.put(AsgCapacityReservations.TAG, String.join(",", reservations));
            }
            return d;
        }

        private static int nz(Integer v) {
            return v == null ? 0 : v;
        }

        /** A tag someone edited into a non-number is ignored: the scale-in then falls back to no baseline. */
        private static OptionalInt parse(String v) {
            if (v == null) {
                return OptionalInt.empty();
            }
            try {
                int i = Integer.parseInt(v.strip());
                return i < 0 ? OptionalInt.empty() : OptionalInt.of(i);
            } catch (NumberFormatException e) {
                return OptionalInt.empty();
            }
        }
    }
}
