/**
 * Loads a scenario folder: {@code prescale.yaml} and the calendar, audience and layer files it names, into an
 * immutable {@link io.prescale.planner.model.Scenario}, reporting every problem in one run. Reads files; may not
 * import providers, the CLI or the scheduler.
 */
package io.prescale.planner.scenario;
