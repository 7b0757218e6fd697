/**
 * Diagnostics: problems a user can fix, each with a severity, a summary, a detail and the file, line and
 * field it comes from. Collected, never thrown one by one, so a single run reports every problem.
 * Imports nothing from the rest of prescale.
 */
package io.prescale.planner.diag;
