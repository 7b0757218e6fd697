/**
 * The provider SPI: one small interface, {@link io.prescale.providers.spi.CapacityProvider}, with one request and
 * one response record per method, and a registry from target type to factory. Each factory declares its target type
 * to the planner ({@link io.prescale.providers.spi.ProviderFactory#target()}: kind of capacity, apply phase,
 * settings); {@link io.prescale.providers.spi.ProviderRegistry#catalog()} hands them to the scenario loader, so a new
 * provider is a new factory here and nothing in the planner changes. Optional capabilities (native scheduled
 * actions, quota checks) are sub-interfaces. What every provider answers before it calls anything (an action it does
 * not act on, a change outside the layer's bounds) is {@link io.prescale.providers.spi.ChangeGuard}, so the answers
 * read alike across providers. Imports only the planner's model, target and plan types.
 */
package io.prescale.providers.spi;
