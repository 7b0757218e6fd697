package io.prescale.cli.chart;

/** A chart could not be written: a file name with no known format, or a failed write. The message says which. */
public final class ChartException extends RuntimeException {
    ChartException(String message) {
        super(message);
    }

    ChartException(String message, Throwable cause) {
        super(message, cause);
    }
}
