package io.prescale.schedules;

/** A failure of the job store or the scheduler, wrapped with what was being done ("open job store h2:..."). */
public final class ScheduleException extends RuntimeException {
    public ScheduleException(String message, Throwable cause) {
        super(message, cause);
    }

    public ScheduleException(String message) {
        super(message);
    }
}
