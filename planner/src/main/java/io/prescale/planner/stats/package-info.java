/**
 * Small numerical helpers shared by the live controller and calibration (the Gaussian updates of both). Pure
 * computation on arrays: may import nothing of prescale's and nothing outside the JDK.
 */
package io.prescale.planner.stats;
