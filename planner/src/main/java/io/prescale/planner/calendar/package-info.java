/**
 * Fixture calendars: readers for YAML, CSV and iCalendar ({@code .ics}) that turn a file's text into
 * {@link io.prescale.planner.model.Event}s, reporting every bad row or entry as a diagnostic with its line.
 * Pure parsing: the caller reads the file.
 */
package io.prescale.planner.calendar;
