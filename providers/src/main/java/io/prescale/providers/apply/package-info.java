/**
 * Carrying out a saved plan: re-observe every target, refuse on drift or age, apply the changes whose time has
 * come in dependency order (checks and load balancer pre-warm, then instances, then pods) with bounded
 * parallelism, keep scale-in safe, and append every action to the audit log. Never plans again.
 */
package io.prescale.providers.apply;
