package io.prescale.schedules;

import io.prescale.planner.model.Event;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Event ids that survive a feed regenerating its UIDs. An event whose id was not in the previous load, whose
 * {@link Event#contentId() content id} (date and teams, or start and venue) is that of exactly one previous event
 * now gone, takes that event's id: the daemon's jobs keep their keys, so a feed re-published unchanged with new
 * UIDs deletes and re-adds nothing. An ambiguous match (two events of one content id on either side) keeps the new id.
 */
final class StableIds {
    /** The events with carried ids, and how many were carried (with a few examples to log). */
    record Result(List<Event> events, int carried, List<String> examples) {
    }

    private StableIds() {
    }

    /** @param previous the previous load's ids and their content ids */
    static Result carryOver(List<Event> events, Map<String, String> previous) {
        if (previous.isEmpty()) {
            return new Result(events, 0, List.of());
        }
        Set<String> current = new HashSet<>();
        events.forEach(e -> current.add(e.id()));
        Map<String, List<String>> gone = new HashMap<>();
        previous.forEach((id, content) -> {
            if (!current.contains(id)) {
                gone.computeIfAbsent(content, k -> new ArrayList<>()).add(id);
            }
        });
        Map<String, Integer> fresh = new HashMap<>();
        for (Event e : events) {
            if (!previous.containsKey(e.id())) {
                fresh.merge(e.contentId(), 1, Integer::sum);
            }
        }
        List<Event> out = new ArrayList<>(events.size());
        int carried = 0;
        List<String> examples = new ArrayList<>();
        for (Event e : events) {
            List<String> was = previous.containsKey(e.id()) ? null : gone.get(e.contentId());
            if (was != null && was.size() == 1 && fresh.get(e.contentId()) == 1) {
                carried++;
                if (examples.size() < 3) {
                    examples.add(e.label() + " keeps id " + was.get(0) + " (now " + e.id() + ")");
                }
                out.add(e.withId(was.get(0)));
            } else {
                out.add(e);
            }
        }
        return new Result(out, carried, List.copyOf(examples));
    }

    static Map<String, String> contents(List<Event> events) {
        Map<String, String> m = new HashMap<>();
        events.forEach(e -> m.put(e.id(), e.contentId()));
        return m;
    }
}
