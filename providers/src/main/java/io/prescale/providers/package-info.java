/**
 * Capacity providers: observe and change capacity on AWS (Auto Scaling, EC2, ELBv2), Kubernetes and CDNs, behind
 * one small interface, so {@code apply} can carry out a saved plan. May import the planner, never the CLI or the
 * scheduler.
 */
package io.prescale.providers;
