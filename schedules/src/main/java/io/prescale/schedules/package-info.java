/**
 * The scheduled side of prescale: Quartz jobs that run plan and apply ahead of each event and on cron, with a
 * job store that survives restarts. May import providers and the planner, never the CLI.
 */
package io.prescale.schedules;
