package io.prescale.planner.plan;

import io.prescale.planner.model.Resources;

/**
 * What a layer that carries another's pods plans from, kept in the plan so that apply needs no scenario: a provider
 * that holds room with placeholder pods sizes each to fill what a unit leaves free.
 *
 * @param layer        the carried layer
 * @param podsPerUnit  carried pods one unit holds
 * @param podRequests  what one carried pod requests
 * @param freePerUnit  what one unit offers carried pods: allocatable less the per-unit overhead
 * @param peakPods     the most carried pods the plan requests at once
 */
public record CarrierSummary(String layer, int podsPerUnit, Resources podRequests, Resources freePerUnit,
                             long peakPods) {
}
