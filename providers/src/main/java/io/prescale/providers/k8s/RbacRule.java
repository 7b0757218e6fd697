package io.prescale.providers.k8s;

import java.util.List;
import java.util.Objects;

/**
 * One rule of the Role (or ClusterRole) prescale's identity needs, as in a Role's {@code rules:} list.
 *
 * @param apiGroup  the API group ({@code apps}, {@code autoscaling})
 * @param resources the resources the verbs apply to
 * @param verbs     the verbs
 * @param applyOnly true when only {@code apply} needs it ({@code plan} and observe only read)
 * @param why       what prescale does with it
 */
public record RbacRule(String apiGroup, List<String> resources, List<String> verbs, boolean applyOnly, String why) {
    public RbacRule {
        Objects.requireNonNull(apiGroup, "apiGroup");
        resources = List.copyOf(resources);
        verbs = List.copyOf(verbs);
        why = why == null ? "" : why;
    }

    /** The rule as Role YAML: {@code - apiGroups: ["apps"]\n  resources: [...]\n  verbs: [...]}. */
    public String toYaml() {
        return "- apiGroups: [\"" + apiGroup + "\"]\n  resources: " + list(resources) + "\n  verbs: " + list(verbs);
    }

    private static String list(List<String> xs) {
        return xs.stream().map(x -> "\"" + x + "\"").collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    }
}
