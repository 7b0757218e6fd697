package io.prescale.providers.cdn;

import io.prescale.providers.spi.ChangeStatus;
import java.util.Objects;

/**
 * One check of a forecast peak against a CDN's capacity, in one unit ({@code Gbps} or {@code rps}): available =
 * capacity &times; (1 &minus; headroom) &minus; other traffic. Pure numbers, no I/O.
 *
 * @param unit         how the message names the unit
 * @param needed       the forecast peak, headroom of the plan included
 * @param capacity     the contracted or quota capacity
 * @param headroom     part of the capacity kept spare, 0 to below 1
 * @param otherTraffic traffic already on the CDN that the event's traffic comes on top of (0 when none)
 */
record CapacityCheck(String unit, double needed, CdnSettings.Limit capacity, double headroom, double otherTraffic) {
    /** A check within this fraction of what is available passes with a warning. */
    static final double WARN_MARGIN = 0.10;

    CapacityCheck {
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(capacity, "capacity");
    }

    double available() {
        return Amounts.clean(capacity.value() * (1 - headroom) - otherTraffic);
    }

    ChangeStatus status() {
        double available = available();
        if (needed > available) {
            return ChangeStatus.FAILED;
        }
        if (needed > 0 && needed >= Amounts.clean(available * (1 - WARN_MARGIN))) {
            return ChangeStatus.WARNED;
        }
        return ChangeStatus.PASSED;
    }

    /** E.g. {@code peak 1,800 Gbps needed vs 2,400 Gbps available (3,000 contracted, 20% headroom)}. */
    String message() {
        double available = available();
        String basis = Amounts.format(capacity.value()) + " " + capacity.basis() + ", "
                + (headroom == 0 ? "no headroom" : Amounts.percent(headroom) + " headroom")
                + (otherTraffic > 0 ? ", " + Amounts.format(otherTraffic) + " in use by other traffic" : "");
        String verdict = switch (status()) {
            case FAILED -> ": short by " + Amounts.format(needed - available) + " " + unit;
            case WARNED -> ": less than " + Amounts.percent(WARN_MARGIN) + " margin";
            default -> "";
        };
        return "peak " + Amounts.format(needed) + " " + unit + " needed vs " + Amounts.format(available) + " " + unit
                + " available (" + basis + ")" + verdict;
    }
}
