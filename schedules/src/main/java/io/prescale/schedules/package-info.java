/**
 * The scheduled side of prescale: a daemon that keeps capacity ahead of the fixture calendar with Quartz.
 * <ul>
 *   <li>{@link io.prescale.schedules.JobSchedule} turns a scenario into the jobs it needs (pure: no Quartz, no
 *       clock, keys such as {@code event/FINAL/edge/scale-out});</li>
 *   <li>{@code Reconciler} diffs those against the job store and adds, reschedules or deletes only what changed;</li>
 *   <li>{@code ScheduledActionJob} runs one action exactly once in effect: the execution record
 *       ({@code PRESCALE_EXECUTIONS}, same database as Quartz) decides who acts, and every action sets a desired
 *       state by re-planning with the current time and the providers' observed state, then applying;</li>
 *   <li>{@link io.prescale.schedules.SchedulerStore} sets up the job store: H2 in a file by default, PostgreSQL in
 *       Quartz clustered mode for production;</li>
 *   <li>{@link io.prescale.schedules.ScenarioSource} reads the scenario and its fetched feeds, keeps event ids across
 *       a feed's new UIDs ({@code StableIds}) and the last good version while the calendar does not load;</li>
 *   <li>{@link io.prescale.schedules.Daemon} wires it together with calendar reloads, health and metrics.</li>
 * </ul>
 * May import providers and the planner, never the CLI.
 */
package io.prescale.schedules;
