package io.prescale.providers.aws;

import io.prescale.planner.diag.Severity;
import io.prescale.planner.model.Target;
import io.prescale.providers.spi.ProviderDiagnostic;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;

/**
 * What an {@code aws-asg} scale-out reserves as On-Demand Capacity Reservations, and how the reservation ids are
 * kept on the group (tag {@value #TAG}) so the scale-in can cancel them. Pure: no calls; the provider sends.
 *
 * <p>Target settings: {@value #SETTING_RESERVE} ({@code true}/{@code false}, default false);
 * {@value #SETTING_REQUIRED} (default false: a reservation failure is a warning and the scale-out proceeds);
 * {@value #SETTING_TYPE} (default: the group's instance type as {@link VcpuQuotaCheck#instanceTypes} finds it, the
 * first when there are several); {@value #SETTING_ZONES} (comma-separated, default: the group's zones). The added
 * units are split evenly across the zones, rounding up; units count as instances (launch template weights are
 * ignored, as in the quota check, so a weighted group is over-reserved).
 */
final class AsgCapacityReservations {
    static final String SETTING_RESERVE = "reserveCapacity";
    static final String SETTING_REQUIRED = "reserveCapacityRequired";
    static final String SETTING_TYPE = "reserveInstanceType";
    static final String SETTING_ZONES = "reserveAvailabilityZones";
    /** Comma-separated reservation ids; more than fit in one value continue in {@code TAG.2}, {@code TAG.3}, ... */
    static final String TAG = "prescale:capacity-reservations";
    /** Auto Scaling's limit on a tag value. */
    static final int MAX_TAG_VALUE = 256;

    private AsgCapacityReservations() {
    }

    /** What a scale-out does about reservations. */
    sealed interface Decision permits None, Refuse, Reserve {
    }

    /** Not asked for, or no instances added. */
    record None() implements Decision {
    }

    /**
     * Asked for but not possible (no holdUntil, unknown instance type, no zones) or a setting is invalid. With
     * {@code fails} the change fails before scaling (an invalid setting, or {@value #SETTING_REQUIRED}); else it
     * is a warning and the scale-out proceeds.
     */
    record Refuse(ProviderDiagnostic diagnostic, boolean fails) implements Decision {
    }

    /**
     * One reservation per zone, in order. {@code required}: a failed create fails the change before scaling.
     * {@code notes}: warnings about the choice made (e.g. which of several instance types).
     */
    record Reserve(List<CapacityReservations.Request> requests, boolean required, List<ProviderDiagnostic> notes)
            implements Decision {
        Reserve {
            requests = List.copyOf(requests);
            notes = List.copyOf(notes);
        }

        int total() {
            return requests.stream().mapToInt(CapacityReservations.Request::count).sum();
        }
    }

    /**
     * @param added      instances the scale-out adds (target desired minus current desired)
     * @param holdUntil  when the plan scales the layer in again: the reservations' EndDate
     * @param changeAt   the change's time in the plan, part of the ClientToken (see {@link #clientToken})
     */
    static Decision decide(Target target, AutoScalingGroup group, int added, Optional<Instant> holdUntil,
                           Instant now, String planDigest, Instant changeAt) {
        Map<String, String> s = target.settings();
        String name = group.autoScalingGroupName();
        Optional<Boolean> reserve = bool(s, SETTING_RESERVE);
        Optional<Boolean> required = bool(s, SETTING_REQUIRED);
        if (reserve.isEmpty() || required.isEmpty()) {
            String key = reserve.isEmpty() ? SETTING_RESERVE : SETTING_REQUIRED;
            return new Refuse(ProviderDiagnostic.error(name, key + " must be true or false, not '" + s.get(key) + "'",
                    "fix the target setting; nothing was sent", "InvalidSetting"), true);
        }
        if (!reserve.get() || added <= 0) {
            return new None();
        }
        boolean req = required.get();
        if (holdUntil.isEmpty()) {
            return refuse(name, req, "capacity not reserved: the change has no end (holdUntil)",
                    "the plan has no later scale-in for this layer, so a reservation would have no EndDate; "
                            + "prescale only makes reservations that end by themselves", "NoHoldUntil");
        }
        if (!holdUntil.get().isAfter(now)) {
            return refuse(name, req, "capacity not reserved: its end " + holdUntil.get() + " has passed",
                    "holdUntil is not after now (" + now + ")", "HoldUntilPassed");
        }
        List<ProviderDiagnostic> notes = new ArrayList<>();
        String type = s.getOrDefault(SETTING_TYPE, "").strip();
        if (type.isEmpty()) {
            Set<String> types = VcpuQuotaCheck.instanceTypes(group, target, new LinkedHashMap<>());
            if (types.isEmpty()) {
                return refuse(name, req, "capacity not reserved: cannot tell the group's instance type",
                        "no launch template overrides, no instanceType setting and no instances; set "
                                + SETTING_TYPE, "UnknownInstanceType");
            }
            type = types.iterator().next();
            if (types.size() > 1) {
                notes.add(ProviderDiagnostic.warning(name, "reserving " + type + ", the first of the group's "
                        + "instance types " + String.join(", ", types), "instances of the other types do not use "
                        + "the reservation; set " + SETTING_TYPE + " to choose"));
            }
        } else if (type.contains(",") || type.chars().anyMatch(Character::isWhitespace)) {
            return new Refuse(ProviderDiagnostic.error(name, SETTING_TYPE + " must be one instance type, not '"
                    + type + "'", "a reservation is for one instance type", "InvalidSetting"), true);
        }
        List<String> zones = zones(s.get(SETTING_ZONES));
        if (zones.isEmpty()) {
            zones = group.availabilityZones().stream().filter(z -> z != null && !z.isBlank()).distinct().toList();
        }
        if (zones.isEmpty()) {
            return refuse(name, req, "capacity not reserved: the group has no Availability Zones",
                    "set " + SETTING_ZONES, "NoAvailabilityZones");
        }
        int each = (added + zones.size() - 1) / zones.size();
        List<CapacityReservations.Request> requests = new ArrayList<>();
        for (String z : zones) {
            requests.add(new CapacityReservations.Request(type, z, each, holdUntil.get(), null,
                    clientToken(planDigest, name, z, changeAt)));
        }
        return new Reserve(requests, req, notes);
    }

    /**
     * The ClientToken of one zone's reservation: the same plan applied again sends the same token, and EC2 returns
     * the reservation it made the first time instead of a second one. Besides (plan digest, group, zone) it holds
     * the change's time: a plan can raise one layer in several steps (a ramp, a second event), and a token shared
     * by two steps would make EC2 refuse the second (IdempotentParameterMismatch) or, with equal counts, return the
     * first step's reservation and reserve nothing more.
     */
    static String clientToken(String planDigest, String group, String zone, Instant changeAt) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(String.join("\n", planDigest, group, zone,
                    changeAt.toString()).getBytes(StandardCharsets.UTF_8));
            return "prescale-" + HexFormat.of().formatHex(h, 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** The reservation ids recorded on a group, in order, from {@value #TAG} and its continuations. */
    static List<String> ids(Map<String, String> tags) {
        Map<Integer, String> parts = new TreeMap<>();
        tags.forEach((k, v) -> {
            int part = part(k);
            if (part > 0 && v != null) {
                parts.put(part, v);
            }
        });
        Set<String> ids = new LinkedHashSet<>();
        parts.values().forEach(v -> {
            for (String id : v.split(",")) {
                if (!id.isBlank()) {
                    ids.add(id.strip());
                }
            }
        });
        return List.copyOf(ids);
    }

    /**
     * The tags holding {@code ids}: comma-separated without spaces in {@value #TAG}, continued in {@code TAG.2},
     * {@code TAG.3}... when longer than a tag value may be (256: 12 ids of 20 characters each). Full ids, not
     * shortened, so the value can be pasted into {@code aws ec2 cancel-capacity-reservation}.
     */
    static Map<String, String> tags(List<String> ids) {
        Map<String, String> out = new LinkedHashMap<>();
        StringBuilder value = new StringBuilder();
        for (String id : ids) {
            if (id.length() > MAX_TAG_VALUE) {
                throw new IllegalArgumentException("reservation id longer than a tag value: " + id);
            }
            if (!value.isEmpty() && value.length() + 1 + id.length() > MAX_TAG_VALUE) {
                out.put(key(out.size() + 1), value.toString());
                value.setLength(0);
            }
            value.append(value.isEmpty() ? "" : ",").append(id);
        }
        if (!value.isEmpty()) {
            out.put(key(out.size() + 1), value.toString());
        }
        return out;
    }

    static boolean isTag(String key) {
        return part(key) > 0;
    }

    private static String key(int part) {
        return part == 1 ? TAG : TAG + "." + part;
    }

    /** 1 for {@value #TAG}, n for {@code TAG.n}, 0 for any other key. */
    private static int part(String key) {
        if (TAG.equals(key)) {
            return 1;
        }
        if (key != null && key.startsWith(TAG + ".")) {
            try {
                int n = Integer.parseInt(key.substring(TAG.length() + 1));
                return n >= 2 ? n : 0;
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }

    private static List<String> zones(String setting) {
        if (setting == null) {
            return List.of();
        }
        Set<String> zones = new LinkedHashSet<>();
        for (String z : setting.split(",")) {
            if (!z.isBlank()) {
                zones.add(z.strip());
            }
        }
        return List.copyOf(zones);
    }

    /** Absent: false; {@code true}/{@code false} in any case; anything else: empty (invalid). */
    private static Optional<Boolean> bool(Map<String, String> settings, String key) {
        String v = settings.get(key);
        if (v == null) {
            return Optional.of(false);
        }
        return switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> Optional.of(true);
            case "false" -> Optional.of(false);
            default -> Optional.empty();
        };
    }

    private static Refuse refuse(String group, boolean required, String summary, String detail, String code) {
        if (required) {
            return new Refuse(ProviderDiagnostic.error(group, summary, detail + "; " + SETTING_REQUIRED
                    + " is true, so the group was not scaled", code), true);
        }
        return new Refuse(new ProviderDiagnostic(Severity.WARNING, group, summary, detail + "; scaling out "
                + "without a reservation", code), false);
    }
}
