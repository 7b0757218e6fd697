package io.prescale.planner.forecast;

import io.prescale.planner.model.AudienceShape;
import io.prescale.planner.model.Event;
import io.prescale.planner.model.Outcome;
import io.prescale.planner.model.ShapeProfile;
import java.util.List;

/**
 * One event placed on the minute grid: its planned peak audience, its shape's profile for each outcome it may
 * have, and the window (epoch minutes) in which it loads the platform, from the pre-match ramp to the latest
 * possible end (extra time and penalties included for knockouts).
 *
 * @param index       position in the forecast's event list, used to name the event that drives a peak
 * @param kickoff     epoch minute of the (delayed) kickoff
 * @param peakAudience the audience quantile the plan sizes for
 * @param audienceWhy how the audience was estimated
 */
public record EventTimeline(
        int index,
        Event event,
        long kickoff,
        double peakAudience,
        String audienceWhy,
        AudienceShape shape,
        List<Outcome> outcomes,
        List<ShapeProfile> profiles) {

    /** First epoch minute with audience. */
    public long windowStart() {
        return kickoff + profiles.stream().mapToInt(ShapeProfile::startOffset).min().orElse(0);
    }

    /** First epoch minute after the latest possible end. */
    public long windowEnd() {
        return kickoff + profiles.stream().mapToInt(ShapeProfile::endOffset).max().orElse(0);
    }

    /** Epoch minute of the earliest possible final whistle (the end of regulation time). */
    public long earliestWhistle() {
        return kickoff + profiles.stream().mapToInt(ShapeProfile::finalWhistle).min().orElse(0);
    }

    /** Epoch minute of the latest possible final whistle. */
    public long latestWhistle() {
        return kickoff + profiles.stream().mapToInt(ShapeProfile::finalWhistle).max().orElse(0);
    }
}
