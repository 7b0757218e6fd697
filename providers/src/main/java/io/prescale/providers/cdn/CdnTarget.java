package io.prescale.providers.cdn;

import io.prescale.planner.model.CapacityUnit;
import io.prescale.planner.model.Metric;
import io.prescale.planner.model.Quantities;
import io.prescale.planner.targets.ApplyPhase;
import io.prescale.planner.targets.CapacityKind;
import io.prescale.planner.targets.Setting;
import io.prescale.planner.targets.TargetCheck;
import io.prescale.planner.targets.TargetSpec;
import java.util.List;

/**
 * The {@code cdn} target type: a CDN's bandwidth is a contract, checked and not scaled, so its layer counts Gbps and
 * its contract is the layer's max unless {@code capacityGbps} says otherwise (then a warning: the plan checks
 * against max, apply against capacityGbps). Every setting is checked when the scenario loads, as apply would.
 */
public final class CdnTarget {
    private CdnTarget() {
    }

    public static final TargetSpec SPEC = TargetSpec.of("cdn", CapacityKind.CHECK, ApplyPhase.ENTRY)
            .describedAs("a CDN's contracted bandwidth, checked against the forecast peak (name: distribution or "
                    + "property id)")
            .withSettings(
                    Setting.text(CdnSettings.PROVIDER, "cloudfront, akamai, fastly, generic or any label; only "
                            + "cloudfront has default quotas").withDefault("generic"),
                    Setting.parsed(CdnSettings.CAPACITY_GBPS, "a bandwidth (3000 or 3Tbps)", "the contracted "
                            + "bandwidth or quota", CdnTarget::positiveGbps).withDefault("the layer's max"),
                    Setting.parsed(CdnSettings.CAPACITY_RPS, "a request rate (250000, 250k or 250krps)",
                            "the request-rate contract or quota", CdnTarget::positiveRps)
                            .withDefault("cloudfront: 250,000; others: none"),
                    Setting.parsed(CdnSettings.HEADROOM, "a fraction from 0% to below 100%", "part of the capacity "
                            + "never planned into", CdnTarget::headroom).withDefault("0"),
                    Setting.parsed(CdnSettings.PEAK_RPS, "a request rate", "the forecast request rate at the CDN",
                            CdnSettings::rps).withDefault("none: no RPS check"),
                    Setting.text(CdnSettings.METRICS_URL, "http(s) endpoint answering the recent peak as JSON")
                            .withDefault("none"),
                    Setting.text(CdnSettings.METRICS_POINTER, "JSON pointer to the peak, e.g. /data/peakGbps"),
                    Setting.oneOf(CdnSettings.METRICS_UNIT, List.of("gbps", "mbps", "bps"), "the peak's unit")
                            .withDefault("gbps"),
                    Setting.text(CdnSettings.METRICS_AUTH_HEADER, "the header carrying the credential"),
                    Setting.text(CdnSettings.METRICS_TOKEN_ENV, "the environment variable holding the header's "
                            + "value (never logged)"),
                    Setting.bool(CdnSettings.OBSERVED_IS_OTHER_TRAFFIC, "the observed peak is other traffic, "
                            + "subtracted from what is available").withDefault("false"))
            .withCheck(CdnTarget::check);

    private static void check(TargetCheck c) {
        TargetCheck.LayerFacts l = c.layer();
        if (l.metric() != Metric.GBPS || Math.abs(l.perUnit() - 1.0) > 1e-9 || l.unit() != CapacityUnit.GBPS) {
            // checked, not scaled: its units must be Gbps so the check compares like with like
            c.error(l.unit() != CapacityUnit.GBPS ? "unit" : "gbpsPerUnit",
                    "a cdn target is counted in Gbps: use unit: gbps and gbpsPerUnit: 1Gbps", "");
            return;
        }
        if (!CdnSettings.CLOUDFRONT.equalsIgnoreCase(c.settings().getOrDefault(CdnSettings.PROVIDER, "").strip())) {
            // one source of truth for a contract: the layer's max is the contracted Gbps the plan checks against,
            // so apply checks against the same figure instead of failing for want of capacityGbps
            String contract = c.settings().get(CdnSettings.CAPACITY_GBPS);
            if (contract == null) {
                c.derive(CdnSettings.CAPACITY_GBPS, Integer.toString(l.max()));
            } else if (!contract.strip().equals(Integer.toString(l.max()))) {
                c.warning(null, "target capacityGbps " + contract + " and the layer's max " + l.max()
                        + " should be the same contract: the plan checks against max, apply against capacityGbps; "
                        + "set one of them (capacityGbps defaults to max)", "");
            }
        }
        if (CdnSettings.parse(c.settings()) instanceof CdnSettings.Invalid(List<String> problems)) {
            problems.forEach(p -> c.error(null, "cdn target: " + p, "apply would refuse it"));
        }
    }

    private static double positiveGbps(String s) {
        return positive(CdnSettings.gbps(s), s);
    }

    private static double positiveRps(String s) {
        return positive(CdnSettings.rps(s), s);
    }

    private static double positive(double v, String s) {
        if (!(v > 0)) {
            throw new IllegalArgumentException("must be greater than zero (got \"" + s + "\")");
        }
        return v;
    }

    private static double headroom(String s) {
        double v = Quantities.fraction(s);
        if (!(v >= 0 && v < 1)) {
            throw new IllegalArgumentException("must be from 0% to below 100% (got \"" + s + "\")");
        }
        return v;
    }
}
