/**
 * The scenario model: events, audience estimates and shapes, platform layers and their load terms, all
 * immutable records built by the loaders in {@code config} and {@code calendar}. Pure values: no I/O, no clock.
 */
package io.prescale.planner.model;
