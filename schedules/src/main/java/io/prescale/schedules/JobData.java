package io.prescale.schedules;

/** Names of the values a trigger carries (strings only, so the job store holds them as properties). */
final class JobData {
    static final String KIND = "kind";
    static final String FIRE_AT = "fireAt";
    static final String ENDS_AT = "endsAt";
    static final String EVENT = "event";
    /** The event's content id (date and teams, or start and venue): its identity when a feed renames it. */
    static final String EVENT_CONTENT = "eventContent";
    static final String LAYER = "layer";
    static final String RECURRING = "recurring";
    static final String HOLD = "hold";
    static final String CRON = "cron";
    static final String ZONE = "zone";
    static final String EXCLUDE = "exclude";
    static final String FINGERPRINT = "fingerprint";
    /** Which retry of a failed action this firing is (absent or 0: the first attempt). */
    static final String ATTEMPT = "attempt";
    /** A live-controller job's interval (ISO-8601 duration). */
    static final String TICK = "tick";
    /** Set on a scale-down whose event left the calendar: it runs at once and the reconciler leaves it alone. */
    static final String ORPHAN = "orphan";
    /** Quartz keeps descriptions in a VARCHAR(250). */
    static final int MAX_DESCRIPTION = 240;

    private JobData() {
    }
}
