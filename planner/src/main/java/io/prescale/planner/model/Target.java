package io.prescale.planner.model;

import java.util.Map;
import java.util.Objects;

/**
 * The resource a layer's capacity lives in: its type, its name (Auto Scaling group, load balancer ARN,
 * {@code namespace/deployment}, distribution id) and provider-specific settings (region, context, quota).
 */
public record Target(TargetType type, String name, Map<String, String> settings) {

    public Target {
        Objects.requireNonNull(type, "type");
        name = name == null ? "" : name;
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }

    public static Target planOnly() {
        return new Target(TargetType.PLAN_ONLY, "", Map.of());
    }

    public String describe() {
        return name.isEmpty() ? type.id() : type.id() + " " + name;
    }
}
