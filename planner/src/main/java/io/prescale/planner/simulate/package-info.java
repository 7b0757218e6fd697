/**
 * Monte Carlo simulation of a scenario against its plan: audiences drawn from their distributions, knockout
 * outcomes, goals and ad-break timing drawn per run, what-if overrides of the simulated world; per layer the
 * distribution of peak load and units, the probability that the plan's capacity is exceeded, and the cost of the
 * plan against the cost of what was needed. Pure computation: no I/O and no clock; it may use worker threads.
 * May import {@code model}, {@code forecast}, {@code sizing}, {@code plan} and Commons Math; not {@code scenario},
 * {@code config} or {@code calendar}.
 */
package io.prescale.planner.simulate;
