package io.prescale.providers.k8s;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A workload's namespace and name, from a target name {@code namespace/name}; a name without a namespace is in
 * {@code default}. Both are checked against Kubernetes' naming rules (DNS-1123 label for the namespace, subdomain
 * for the name), so nothing else ever reaches a request path.
 */
record WorkloadRef(String namespace, String name) {
    static final String DEFAULT_NAMESPACE = "default";
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    /** The reference, or empty when the target name is not {@code [namespace/]name} with valid parts. */
    static Optional<WorkloadRef> parse(String target) {
        String s = target == null ? "" : target.strip();
        int slash = s.indexOf('/');
        String ns = slash < 0 ? DEFAULT_NAMESPACE : s.substring(0, slash);
        String name = slash < 0 ? s : s.substring(slash + 1);
        if (!LABEL.matcher(ns).matches() || name.length() > 253 || !SUBDOMAIN.matcher(name).matches()) {
            return Optional.empty();
        }
        return Optional.of(new WorkloadRef(ns, name));
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
