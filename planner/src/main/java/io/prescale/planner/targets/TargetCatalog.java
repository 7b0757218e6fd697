package io.prescale.planner.targets;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The target types a scenario may name, by id. Always holds {@link TargetSpec#PLAN_ONLY}; the rest come from the
 * caller (the providers it applies with) or from the modules on the class path ({@link #installed()}).
 */
public final class TargetCatalog {
    private final Map<String, TargetSpec> specs = new LinkedHashMap<>();

    private TargetCatalog(Collection<TargetSpec> given) {
        for (TargetSpec s : given) {
            String k = key(s.id());
            if (specs.containsKey(k) && !specs.get(k).equals(s)) {
                throw new IllegalArgumentException("two target types with the id " + s.id());
            }
            specs.put(k, s);
        }
        specs.putIfAbsent(key(TargetSpec.PLAN_ONLY.id()), TargetSpec.PLAN_ONLY);
    }

    public static TargetCatalog of(Collection<TargetSpec> specs) {
        return new TargetCatalog(specs);
    }

    public static TargetCatalog of(TargetSpec... specs) {
        return new TargetCatalog(List.of(specs));
    }

    /** Only {@link TargetSpec#PLAN_ONLY}: the planner on its own knows no provider. */
    public static TargetCatalog neutral() {
        return new TargetCatalog(List.of());
    }

    /** The types every {@link TargetSpecs} service on the class path contributes, and plan-only. */
    public static TargetCatalog installed() {
        List<TargetSpec> all = new ArrayList<>();
        ServiceLoader.load(TargetSpecs.class, TargetCatalog.class.getClassLoader())
                .forEach(s -> all.addAll(s.specs()));
        return new TargetCatalog(all);
    }

    public Optional<TargetSpec> find(String id) {
        return Optional.ofNullable(specs.get(key(id)));
    }

    public List<String> ids() {
        return specs.values().stream().map(TargetSpec::id).toList();
    }

    public List<TargetSpec> specs() {
        return List.copyOf(specs.values());
    }

    private static String key(String id) {
        return id.strip().toLowerCase(Locale.ROOT);
    }
}
