/**
 * Fixture calendars: readers for YAML, CSV, iCalendar ({@code .ics}) and JSON fixture feeds (football-data.org,
 * openfootball) that turn a file's text into {@link io.prescale.planner.model.Event}s, reporting every bad row or
 * entry as a diagnostic with its line, and the scenario's mapping rules ({@link
 * io.prescale.planner.calendar.MappingRules}) that say what a feed's entries mean. Pure parsing: the caller reads the
 * file or fetches the feed. May import the model, config and diag packages, nothing outside the planner.
 */
package io.prescale.planner.calendar;
