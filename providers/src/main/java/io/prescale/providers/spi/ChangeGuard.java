package io.prescale.providers.spi;

import io.prescale.planner.plan.Action;
import io.prescale.planner.plan.Change;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The answers every capacity provider gives before it calls anything, so that they read the same whichever
 * provider gives them: a change whose action the provider does not act on, and a change outside the layer's min
 * and max (cluster-autoscaler's wording: "size increase too large - desired:%d max:%d").
 */
public final class ChangeGuard {

    /** The actions of a provider that scales a count and does nothing else. */
    public static final Set<Action> SCALES = Collections.unmodifiableSet(EnumSet.of(Action.SCALE_OUT, Action.SCALE_IN));

    private ChangeGuard() {
    }

    /**
     * The answer to a change the provider does not act on, or empty when it does: a {@link Action#NO_OP} is
     * {@link ChangeStatus#UNCHANGED}; any other action outside {@code actedOn} is {@link ChangeStatus#SKIPPED} with
     * a warning, since a plan should not route it to this kind of target.
     *
     * @param what     the kind of target, as the message names it ({@code aws-asg}, {@code a node group})
     * @param actedOn  the actions the provider carries out
     */
    public static Optional<ChangeResponse> notActedOn(ChangeRequest request, String resource, String what,
                                                      Set<Action> actedOn) {
        Change change = request.change();
        if (actedOn.contains(change.action())) {
            return Optional.empty();
        }
        if (change.action() == Action.NO_OP) {
            return Optional.of(new ChangeResponse(change.layer(), resource, ChangeStatus.UNCHANGED, change.from(),
                    change.to(), "no change planned", Map.of(), List.of()));
        }
        String why = change.action() + " does not apply to " + what;
        List<String> acts = EnumSet.copyOf(actedOn).stream().map(Action::name).toList();
        String list = acts.size() == 1 ? acts.getFirst()
                : String.join(", ", acts.subList(0, acts.size() - 1)) + " and " + acts.getLast();
        return Optional.of(new ChangeResponse(change.layer(), resource, ChangeStatus.SKIPPED, -1, -1,
                why + ": nothing sent", Map.of(), List.of(ProviderDiagnostic.warning(resource, why,
                        "this provider acts on " + list))));
    }

    /**
     * The refusal of a change to fewer units than the layer's min (or than none) or more than its max, or empty
     * within them. The answer is {@link ChangeStatus#FAILED} with {@code before} unknown: nothing has been read.
     *
     * @param code the diagnostic's code, which scripts may match on
     */
    public static Optional<ChangeResponse> outOfBounds(ChangeRequest request, String resource, String code) {
        int to = request.change().to();
        String why;
        String bound;
        if (to > request.layerMax()) {
            why = "size increase too large - desired:" + to + " max:" + request.layerMax();
            bound = "max";
        } else if (to < request.layerMin() || to < 0) {
            why = "size decrease too large - desired:" + to + " min:" + request.layerMin();
            bound = "min";
        } else {
            return Optional.empty();
        }
        return Optional.of(ChangeResponse.failed(request.change().layer(), resource, -1, why,
                ProviderDiagnostic.error(resource, why, "the layer's " + bound + " bounds every change; nothing sent",
                        code)));
    }
}
