package io.prescale.planner.model;

import io.prescale.planner.diag.SourceLocation;
import java.math.BigInteger;
import java.util.Objects;
import java.util.Optional;

/**
 * A layer that is the capacity behind another: its units (nodes) carry the other layer's units (pods). How many
 * fit on one is bin-packed on the tighter of CPU and memory: what the machine type offers ({@code allocatable})
 * less what runs on every machine before the carried units ({@code overhead}: per-machine agents, logging, the
 * network plug-in), divided by what one carried unit requests.
 *
 * @param layer    the carried layer's name
 * @param source   where {@code carries.layer} is written, for errors about the layer it names
 */
public record Carries(String layer, Resources requests, Resources allocatable, Resources overhead,
                      SourceLocation source) {

    public Carries {
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(requests, "requests");
        Objects.requireNonNull(allocatable, "allocatable");
        Objects.requireNonNull(overhead, "overhead");
    }

    /** What is left of one machine for carried units. */
    public Resources free() {
        return allocatable.minus(overhead);
    }

    /**
     * Carried units per machine: {@code floor(min(free cpu / requested cpu, free memory / requested memory))}; a
     * resource not requested (zero) does not limit.
     */
    public int perUnit() {
        Resources f = free();
        long byCpu = requests.milliCpu() == 0 ? Long.MAX_VALUE : f.milliCpu() / requests.milliCpu();
        long byMemory = requests.memoryBytes() == 0 ? Long.MAX_VALUE : f.memoryBytes() / requests.memoryBytes();
        return (int) Math.min(Integer.MAX_VALUE, Math.min(byCpu, byMemory));
    }

    /** Which resource sets {@link #perUnit()}: {@code cpu} or {@code memory}. */
    public String limitedBy() {
        Resources f = free();
        if (requests.milliCpu() == 0) {
            return "memory";
        }
        if (requests.memoryBytes() == 0) {
            return "cpu";
        }
        // free cpu / requested cpu <= free memory / requested memory, cross-multiplied to stay exact
        BigInteger cpu = BigInteger.valueOf(f.milliCpu()).multiply(BigInteger.valueOf(requests.memoryBytes()));
        BigInteger memory = BigInteger.valueOf(f.memoryBytes()).multiply(BigInteger.valueOf(requests.milliCpu()));
        return cpu.compareTo(memory) <= 0 ? "cpu" : "memory";
    }

    /**
     * Why no carried unit fits on a machine, or empty when at least one does: the overhead leaves nothing of a
     * resource, or one unit requests more than is left.
     */
    public Optional<String> whyNoneFits() {
        if (overhead.milliCpu() >= allocatable.milliCpu() || overhead.memoryBytes() >= allocatable.memoryBytes()) {
            String what = overhead.milliCpu() >= allocatable.milliCpu() ? "cpu" : "memory";
            return Optional.of("the per-machine overhead (" + overhead + ") leaves no " + what + " of the allocatable "
                    + allocatable + " for " + layer);
        }
        if (perUnit() < 1) {
            return Optional.of("one unit of " + layer + " requests " + requests + " but a machine has only " + free()
                    + " left after the overhead");
        }
        return Optional.empty();
    }
}
