package io.prescale.cli;

/** A problem the user can fix (a missing file, a bad option value): printed without a stack trace, exit 1. */
final class UserException extends RuntimeException {
    UserException(String message) {
        super(message);
    }
}
