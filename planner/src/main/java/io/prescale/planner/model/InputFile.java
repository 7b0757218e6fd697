package io.prescale.planner.model;

/** One file a scenario was read from, with its SHA-256, so a plan records exactly what it was made from. */
public record InputFile(String path, String sha256) {
}
