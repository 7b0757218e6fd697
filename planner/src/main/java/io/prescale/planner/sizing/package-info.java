/**
 * Sizing: turns a layer's forecast load into units per minute within the layer's limits, then into a capacity
 * schedule: pre-scale steps issued a lead time ahead of the demand, held while any event on the layer may still
 * be live, and scale-in steps after the latest possible end plus cool-down. Pure computation.
 */
package io.prescale.planner.sizing;
