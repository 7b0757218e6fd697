/**
 * Plans: the reviewable value {@code plan} produces and {@code apply} carries out (like a Terraform plan). A plan
 * holds its changes, a digest of every input, the observed state it was made against and when it was made; it
 * is saved as JSON by {@link io.prescale.planner.plan.PlanJson}. Pure: the caller writes the file.
 */
package io.prescale.planner.plan;
