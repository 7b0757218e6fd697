package io.prescale.providers.aws;

import io.prescale.planner.model.CapacityUnit;
import io.prescale.planner.model.Dimension;
import io.prescale.planner.model.LoadTerm;
import io.prescale.planner.targets.TargetCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How many capacity units an ELBv2 load balancer needs, from its layer's load: AWS provisions and bills an
 * Application Load Balancer's LCU, and a Network Load Balancer's NLCU, on the largest of its dimensions
 * (Elastic Load Balancing pricing), and a capacity reservation is a number of those units. Each dimension is derived
 * from the layer's own terms:
 * <ul>
 * <li><b>new connections</b> (ALB: 25 a second per LCU; NLB: 800 new TCP flows a second per NLCU): every viewer
 *     who joins opens {@code connectionsPerViewer}, so joins (the audience's ramp, its churn, and the surge of
 *     viewers a goal brings back) and the subscribers a goal push wakes;</li>
 * <li><b>active connections</b> (ALB: 3,000 per LCU, sampled per minute; NLB: 100,000 active flows per NLCU):
 *     concurrent viewers times {@code connectionsPerViewer};</li>
 * <li><b>processed bytes</b> (1 GB an hour per unit, EC2 and IP targets): the layer's requests times
 *     {@code bytesPerRequest} (a GB is 10^9 bytes here, the larger count of units);</li>
 * <li><b>rule evaluations</b> (ALB only, 1,000 a second per LCU): requests times the listener rules each is
 *     evaluated against beyond the 10 AWS does not count ({@code rulesPerRequest}).</li>
 * </ul>
 * Connections follow the viewers the layer's terms reach: the largest share among its per-viewer, per-join and
 * heartbeat terms (all of them when it has none).
 */
public final class LoadBalancerUnits {
    private LoadBalancerUnits() {
    }

    /** What one unit carries, by load balancer type (AWS's published LCU and NLCU definitions). */
    public enum Type {
        APPLICATION("application", 25, 3_000, 1e9, 1_000),
        NETWORK("network", 800, 100_000, 1e9, 0);

        final String id;
        /** New connections (flows) a second one unit carries. */
        public final double newConnections;
        /** Active connections (flows) one unit carries. */
        public final double activeConnections;
        /** Processed bytes an hour one unit carries. */
        public final double bytesPerHour;
        /** Rule evaluations a second one unit carries; 0 when the type evaluates no rules. */
        public final double ruleEvaluations;

        Type(String id, double newConnections, double activeConnections, double bytesPerHour, double ruleEvaluations) {
            this.id = id;
            this.newConnections = newConnections;
            this.activeConnections = activeConnections;
            this.bytesPerHour = bytesPerHour;
            this.ruleEvaluations = ruleEvaluations;
        }

        public String id() {
            return id;
        }

        static Optional<Type> parse(String s) {
            for (Type t : values()) {
                if (t.id.equals(s.strip().toLowerCase(Locale.ROOT))) {
                    return Optional.of(t);
                }
            }
            return Optional.empty();
        }

        /** From an ARN's {@code loadbalancer/app/...} or {@code loadbalancer/net/...}. */
        static Optional<Type> ofArn(String arn) {
            if (arn.contains(":loadbalancer/app/")) {
                return Optional.of(APPLICATION);
            }
            if (arn.contains(":loadbalancer/net/")) {
                return Optional.of(NETWORK);
            }
            return Optional.empty();
        }
    }

    /** Listener rules evaluated per request that AWS does not count toward rule evaluations. */
    public static final int FREE_RULES = 10;
    /** The least a reservation may hold, when it holds any (the service's minimum). */
    public static final int MIN_RESERVATION = LoadBalancerCapacityProvider.MIN_LCU;

    static final String TYPE = "loadBalancerType";
    static final String CONNECTIONS_PER_VIEWER = "connectionsPerViewer";
    static final String BYTES_PER_REQUEST = "bytesPerRequest";
    static final String RULES_PER_REQUEST = "rulesPerRequest";
    static final String LIMIT = "lcuLimit";

    public static final String NEW_CONNECTIONS = "new connections";
    public static final String ACTIVE_CONNECTIONS = "active connections";
    public static final String PROCESSED_BYTES = "processed bytes";
    public static final String RULE_EVALUATIONS = "rule evaluations";

    /**
     * The dimensions of a load balancer of {@code type} in front of a layer with {@code terms} (in requests).
     *
     * @param rulesPerRequest listener rules each request is evaluated against (ignored for a network load balancer)
     */
    public static List<Dimension> dimensions(Type type, List<LoadTerm> terms, double connectionsPerViewer,
                                             double bytesPerRequest, int rulesPerRequest) {
        double share = viewerShare(terms);
        List<LoadTerm> connecting = new ArrayList<>();
        connecting.add(new LoadTerm.PerJoin("joins", share, connectionsPerViewer));
        for (LoadTerm t : terms) {
            if (t instanceof LoadTerm.GoalPush gp && gp.subscribers() > 0) {
                // subscribers who were not watching open the app: viewers already watching reuse their connections
                connecting.add(new LoadTerm.GoalPush(gp.name(), gp.share(), gp.subscribers() * connectionsPerViewer, 0,
                        gp.within()));
            }
        }
        List<Dimension> out = new ArrayList<>();
        out.add(new Dimension(NEW_CONNECTIONS, "%s new connections/s", connecting, false, 1, type.newConnections));
        out.add(new Dimension(ACTIVE_CONNECTIONS, "%s active connections", List.of(new LoadTerm.PerViewer("viewers", share,
                connectionsPerViewer)), false, 1, type.activeConnections));
        out.add(new Dimension(PROCESSED_BYTES, "%s GB/h processed", terms, true, bytesPerRequest * 3600 / 1e9,
                type.bytesPerHour / 1e9));
        int counted = Math.max(0, rulesPerRequest - FREE_RULES);
        if (type.ruleEvaluations > 0 && counted > 0) {
            out.add(new Dimension(RULE_EVALUATIONS, "%s rule evaluations/s", terms, true, counted, type.ruleEvaluations));
        }
        return out;
    }

    /** Requests a second one unit carries: the tightest of the dimensions that count requests. */
    static double requestsPerUnit(List<Dimension> dims) {
        double per = Double.MAX_VALUE;
        for (Dimension d : dims) {
            if (d.background() && d.scale() > 0) {
                per = Math.min(per, d.perUnit() / d.scale());
            }
        }
        return per;
    }

    /** The viewers whose connections the load balancer holds: the largest share of the terms that follow viewers. */
    static double viewerShare(List<LoadTerm> terms) {
        double share = 0;
        for (LoadTerm t : terms) {
            if (t instanceof LoadTerm.PerViewer || t instanceof LoadTerm.PerJoin || t instanceof LoadTerm.Heartbeat) {
                share = Math.max(share, t.share());
            }
        }
        if (share == 0) {
            for (LoadTerm t : terms) {
                share = Math.max(share, t.share());
            }
        }
        return share;
    }

    /** The load-time check of an {@code aws-elbv2} target: its settings, its layer, and the dimensions it sizes on. */
    static void check(TargetCheck c) {
        TargetCheck.LayerFacts l = c.layer();
        Map<String, String> s = c.settings();
        if (l.unit() != CapacityUnit.LCU) {
            c.error("unit", "an aws-elbv2 target is counted in capacity units: use unit: lcu", "");
            return;
        }
        Optional<Type> type = Optional.ofNullable(s.get(TYPE)).flatMap(Type::parse)
                .or(() -> Type.ofArn(c.targetName()));
        if (type.isEmpty()) {
            c.error(null, "say which load balancer this is: loadBalancerType: application or network",
                    "the target's name is not an ARN of the form ...:loadbalancer/app/... or .../net/...");
            return;
        }
        if (type.get() == Type.NETWORK && s.containsKey(RULES_PER_REQUEST)) {
            c.error(RULES_PER_REQUEST, "a network load balancer evaluates no listener rules: remove rulesPerRequest",
                    "");
        }
        if (l.min() > 0 && l.min() < MIN_RESERVATION) {
            c.error("min", "a capacity reservation holds 0 or at least " + MIN_RESERVATION + " units (AWS's minimum)",
                    "min " + l.min());
        }
        if (s.containsKey(LIMIT)) {
            int limit = Integer.parseInt(s.get(LIMIT).strip());
            if (l.max() > limit) {
                c.error("max", "max " + l.max() + " lcu is above the account's reservation limit of " + limit
                        + " (target lcuLimit)", "lower max to the limit, or raise the quota with AWS first");
            }
        }
        if (l.terms().isEmpty()) {
            c.error(null, "an aws-elbv2 layer is sized from its terms (the requests and viewers it carries)", "");
            return;
        }
        double cpv = Double.parseDouble(s.getOrDefault(CONNECTIONS_PER_VIEWER, "1").strip());
        double bytes = bytes(s.get(BYTES_PER_REQUEST));
        int rules = Integer.parseInt(s.getOrDefault(RULES_PER_REQUEST, "0").strip());
        List<Dimension> dims = dimensions(type.get(), l.terms(), cpv, bytes, rules);
        c.sizeBy(dims, requestsPerUnit(dims));
    }

    /** {@code 12KB}, {@code 1.5MB}, {@code 800B}, {@code 4KiB}: decimal or binary multiples of a byte. */
    static double bytes(String text) {
        String t = text.strip().replace("_", "").replace(",", "");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)(\\d+(?:\\.\\d+)?)\\s*(b|kb|mb|gb|kib|mib|gib)")
                .matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a size such as 12KB, 800B or 1.5MB (got \"" + text + "\")");
        }
        double v = Double.parseDouble(m.group(1));
        double mult = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "b" -> 1;
            case "kb" -> 1e3;
            case "mb" -> 1e6;
            case "gb" -> 1e9;
            case "kib" -> 1024;
            case "mib" -> 1024 * 1024;
            default -> 1024 * 1024 * 1024;
        };
        if (!(v > 0)) {
            throw new IllegalArgumentException("must be greater than zero (got \"" + text + "\")");
        }
        if (v * mult > 1e12) {
            throw new IllegalArgumentException("too large: a request of more than 1000GB is a typo (got \"" + text + "\")");
        }
        return v * mult;
    }

    static double positive(String text) {
        double v;
        try {
            v = Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a number (got \"" + text + "\")");
        }
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("must be greater than zero (got \"" + text + "\")");
        }
        if (v > 1e6) {
            // 1e308 connections per viewer planned the layer at its max without a word
            throw new IllegalArgumentException("too large: at most 1000000 (got \"" + text + "\")");
        }
        return v;
    }
}
