package io.prescale.planner.model;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Unmodifiable copies of maps in their keys' order. {@code Map.copyOf} iterates in an order that changes from one
 * JVM to the next, so a plan written twice from the same input came out as two different texts (a reviewer's diff
 * full of moved keys); the maps a plan, a backtest or a scenario hand to JSON and tables keep one order instead.
 */
public final class SortedMaps {
    private SortedMaps() {
    }

    /** {@code m} in its keys' natural order (names alphabetically, enums in declaration order), unmodifiable. */
    public static <K extends Comparable<? super K>, V> SortedMap<K, V> copyOf(Map<? extends K, ? extends V> m) {
        return Collections.unmodifiableSortedMap(new TreeMap<>(m == null ? Map.of() : m));
    }
}
