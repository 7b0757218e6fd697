/**
 * Loading a scenario folder ({@code prescale.yaml} and the files it names) into the immutable {@code model}:
 * every field validated on load, every problem reported as a diagnostic with file, line and field. Reads files;
 * may not import providers, the CLI or the scheduler.
 */
package io.prescale.planner.config;
