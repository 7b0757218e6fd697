/**
 * The provider SPI: one small interface, {@link io.prescale.providers.spi.CapacityProvider}, with one request and
 * one response record per method, and a registry from target type to factory. Optional capabilities (native
 * scheduled actions, quota checks) are sub-interfaces. Imports only the planner's model.
 */
package io.prescale.providers.spi;
