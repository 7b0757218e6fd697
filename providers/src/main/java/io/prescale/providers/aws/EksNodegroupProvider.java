package io.prescale.providers.aws;

import io.prescale.planner.model.Target;
import io.prescale.planner.plan.Action;
import io.prescale.planner.plan.Change;
import io.prescale.providers.spi.CapacityProvider;
import io.prescale.providers.spi.ChangeGuard;
import io.prescale.providers.spi.ChangeRequest;
import io.prescale.providers.spi.ChangeResponse;
import io.prescale.providers.spi.ChangeStatus;
import io.prescale.providers.spi.Observation;
import io.prescale.providers.spi.ObserveRequest;
import io.prescale.providers.spi.ObserveResponse;
import io.prescale.providers.spi.ProviderConfig;
import io.prescale.providers.spi.ProviderDiagnostic;
import io.prescale.providers.spi.Refusal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eks.model.Nodegroup;
import software.amazon.awssdk.services.eks.model.NodegroupScalingConfig;
import software.amazon.awssdk.services.eks.model.Update;

/**
 * Pre-scales an EKS managed node group (name: {@code cluster/nodegroup}) as the ASG provider does an Auto Scaling
 * group: a scale-out to N saves the group's scaling config (min, max, desired) in tags the first time
 * ({@value #TAG_MIN}, {@value #TAG_MAX}, {@value #TAG_DESIRED}), then one {@code UpdateNodegroupConfig} raising
 * {@code minSize} and {@code desiredSize} to N (and {@code maxSize} if lower); a scale-in restores the saved min
 * and max exactly, sets desired to the plan's N within them, and removes the tags. Every write is read back with
 * {@code DescribeNodegroup}. N outside the layer's min and max is refused before any call; a dry run sends only
 * the read.
 */
final class EksNodegroupProvider implements CapacityProvider {
    static final String TYPE = "aws-eks-nodegroup";
    static final String TAG_MIN = "prescale:baseline-min";
    static final String TAG_MAX = "prescale:baseline-max";
    static final String TAG_DESIRED = "prescale:baseline-desired";


    private final ProviderConfig config;
    private final Function<String, EksApi> eks;

    /** @param eks the API for a region (null: the SDK's chain) */
    EksNodegroupProvider(ProviderConfig config, Function<String, EksApi> eks) {
        this.config = Objects.requireNonNull(config, "config");
        this.eks = Objects.requireNonNull(eks, "eks");
    }

    @Override
    public String type() {
        return TYPE;
    }

    record Ref(String cluster, String nodegroup) {
        static Ref of(Target t) throws Refusal {
            String[] p = t.name().strip().split("/", -1);
            if (p.length != 2 || p[0].isBlank() || p[1].isBlank()) {
                throw new Refusal(ProviderDiagnostic.error(t.name(), "not cluster/nodegroup: " + t.name(),
                        "name an EKS managed node group as cluster/nodegroup; nothing sent", "BadName"));
            }
            return new Ref(p[0], p[1]);
        }

        @Override
        public String toString() {
            return cluster + "/" + nodegroup;
        }
    }

    @Override
    public ObserveResponse observe(ObserveRequest request) {
        String resource = request.target().name();
        try {
            Ref ref = Ref.of(request.target());
            Nodegroup g = describe(api(request.target()), ref);
            NodegroupScalingConfig s = g.scalingConfig();
            Map<String, String> details = new LinkedHashMap<>();
            details.put("min", String.valueOf(s.minSize()));
            details.put("max", String.valueOf(s.maxSize()));
            details.put("status", g.statusAsString());
            return ObserveResponse.of(request.layer(), ref.toString(), new Observation(s.desiredSize(), 0, details,
                    config.clock().instant()));
        } catch (Refusal r) {
            return ObserveResponse.failed(request.layer(), resource, r.why());
        }
    }

    @Override
    public ChangeResponse apply(ChangeRequest request) {
        Change change = request.change();
        String layer = change.layer();
        String resource = request.target().name();
        Optional<ChangeResponse> skipped = ChangeGuard.notActedOn(request, resource, "a node group",
                ChangeGuard.SCALES);
        if (skipped.isPresent()) {
            return skipped.get();
        }
        int before = -1;
        try {
            Ref ref = Ref.of(request.target());
            resource = ref.toString();
            int to = change.to();
            Optional<ChangeResponse> refused = ChangeGuard.outOfBounds(request, resource, "OutOfBounds");
            if (refused.isPresent()) {
                return refused.get();
            }
            EksApi api = api(request.target());
            Nodegroup g = describe(api, ref);
            NodegroupScalingConfig now = g.scalingConfig();
            before = now.desiredSize();
            Map<String, String> tags = g.tags() == null ? Map.of() : g.tags();
            boolean saved = tags.containsKey(TAG_MIN) && tags.containsKey(TAG_MAX);
            NodegroupScalingConfig next;
            Map<String, String> save = Map.of();
            boolean restore = false;
            if (change.action() == Action.SCALE_OUT) {
                if (now.minSize() >= to && now.desiredSize() >= to) {
                    return unchanged(layer, resource, now, "min and desired already at least " + to);
                }
                next = NodegroupScalingConfig.builder().minSize(Math.max(now.minSize(), to))
                        .desiredSize(Math.max(now.desiredSize(), to)).maxSize(Math.max(now.maxSize(), to)).build();
                if (!saved) {
                    save = Map.of(TAG_MIN, String.valueOf(now.minSize()), TAG_MAX, String.valueOf(now.maxSize()),
                            TAG_DESIRED, String.valueOf(now.desiredSize()));
                }
            } else if (saved) {
                int min = Integer.parseInt(tags.get(TAG_MIN));
                int max = Integer.parseInt(tags.get(TAG_MAX));
                next = NodegroupScalingConfig.builder().minSize(min).maxSize(max)
                        .desiredSize(Math.min(max, Math.max(min, to))).build();
                restore = true;
            } else {
                int desired = Math.max(now.minSize(), to);
                if (now.desiredSize() <= desired) {
                    return unchanged(layer, resource, now, "desired already " + now.desiredSize() + ", at most " + to);
                }
                next = now.toBuilder().desiredSize(desired).build();
            }
            Map<String, String> details = new LinkedHashMap<>();
            details.put("scalingConfig", describe(now) + " -> " + describe(next));
            if (!save.isEmpty()) {
                details.put("tags", "saved " + save);
            }
            String summary = "node group " + describe(now) + " -> " + describe(next) + (restore ? " (original restored)"
                    : "");
            if (request.dryRun()) {
                return new ChangeResponse(layer, resource, ChangeStatus.DRY_RUN, before, next.desiredSize(),
                        "would set " + summary, details, List.of());
            }
            if (!save.isEmpty()) {
                Map<String, String> s = save;
                call(ref, "TagResource", () -> {
                    api.tagResource(g.nodegroupArn(), s);
                    return null;
                });
            }
            Update u = call(ref, "UpdateNodegroupConfig", () -> api.updateNodegroupConfig(ref.cluster(),
                    ref.nodegroup(), next));
            details.put("update", u.id() + " " + u.statusAsString());
            if (restore) {
                call(ref, "UntagResource", () -> {
                    api.untagResource(g.nodegroupArn(), List.of(TAG_MIN, TAG_MAX, TAG_DESIRED));
                    return null;
                });
            }
            NodegroupScalingConfig back = describe(api, ref).scalingConfig();
            details.put("readBack", describe(back));
            if (!back.equals(next)) {
                // EKS applies a config update asynchronously: accepted, but not yet what the group reads
                return new ChangeResponse(layer, resource, ChangeStatus.APPLIED, before, next.desiredSize(),
                        "set " + summary + " (update " + u.id() + " " + u.statusAsString() + ")", details,
                        List.of(ProviderDiagnostic.warning(resource, "the node group still reads " + describe(back),
                                "EKS applies the update asynchronously; apply again to see it in effect")));
            }
            return new ChangeResponse(layer, resource, ChangeStatus.APPLIED, before, next.desiredSize(),
                    "set " + summary, details, List.of());
        } catch (Refusal r) {
            return ChangeResponse.failed(layer, resource, before, r.why().summary(), r.why());
        }
    }

    private static ChangeResponse unchanged(String layer, String resource, NodegroupScalingConfig now, String why) {
        return new ChangeResponse(layer, resource, ChangeStatus.UNCHANGED, now.desiredSize(), now.desiredSize(),
                why + ": nothing sent", Map.of("scalingConfig", describe(now)), List.of());
    }

    static String describe(NodegroupScalingConfig s) {
        return "min " + s.minSize() + ", desired " + s.desiredSize() + ", max " + s.maxSize();
    }

    private Nodegroup describe(EksApi api, Ref ref) throws Refusal {
        Nodegroup g = call(ref, "DescribeNodegroup", () -> api.describeNodegroup(ref.cluster(), ref.nodegroup()));
        if (g == null || g.scalingConfig() == null) {
            throw new Refusal(ProviderDiagnostic.error(ref.toString(), "DescribeNodegroup returned no scaling config",
                    "nothing sent", "NoScalingConfig"));
        }
        return g;
    }

    @FunctionalInterface
    private interface Call<T> {
        T run();
    }

    private static <T> T call(Ref ref, String what, Call<T> c) throws Refusal {
        try {
            return c.run();
        } catch (SdkException e) {
            throw new Refusal(ProviderDiagnostic.error(ref.toString(), what + " failed: " + e.getMessage(),
                    "EKS answered with an error; see the message", e.getClass().getSimpleName()));
        }
    }

    private EksApi api(Target target) {
        String r = target.settings().get("region");
        return eks.apply(r != null && !r.isBlank() ? r.strip() : config.region().orElse(null));
    }
}
