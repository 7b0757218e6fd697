package io.prescale.planner.model;

import java.util.Optional;

/** Where a layer's capacity is changed when a plan is applied. */
public enum TargetType {
    AWS_ASG("aws-asg"),
    AWS_ELBV2("aws-elbv2"),
    K8S_DEPLOYMENT("k8s-deployment"),
    K8S_STATEFULSET("k8s-statefulset"),
    CDN("cdn"),
    PLAN_ONLY("plan-only");

    private final String id;

    TargetType(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<TargetType> parse(String s) {
        for (TargetType t : values()) {
            if (t.id.equalsIgnoreCase(s.strip())) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
