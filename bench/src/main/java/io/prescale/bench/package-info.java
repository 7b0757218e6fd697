/** JMH benchmarks of the planner. Not part of the product; built with {@code -Pbench}. */
package io.prescale.bench;
