package io.prescale.providers.aws;

import io.prescale.planner.diag.Severity;
import io.prescale.planner.model.Target;
import io.prescale.providers.spi.ChangeResponse;
import io.prescale.providers.spi.ChangeStatus;
import io.prescale.providers.spi.ProviderConfig;
import io.prescale.providers.spi.ProviderDiagnostic;
import io.prescale.providers.spi.ProviderException;
import io.prescale.providers.spi.ScheduledActions;
import io.prescale.providers.spi.ScheduledActions.Action;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.services.autoscaling.model.BatchDeleteScheduledActionRequest;
import software.amazon.awssdk.services.autoscaling.model.BatchDeleteScheduledActionResponse;
import software.amazon.awssdk.services.autoscaling.model.BatchPutScheduledUpdateGroupActionRequest;
import software.amazon.awssdk.services.autoscaling.model.BatchPutScheduledUpdateGroupActionResponse;
import software.amazon.awssdk.services.autoscaling.model.DescribeScheduledActionsRequest;
import software.amazon.awssdk.services.autoscaling.model.DescribeScheduledActionsResponse;
import software.amazon.awssdk.services.autoscaling.model.FailedScheduledUpdateGroupActionRequest;
import software.amazon.awssdk.services.autoscaling.model.ScheduledUpdateGroupAction;
import software.amazon.awssdk.services.autoscaling.model.ScheduledUpdateGroupActionRequest;

/**
 * A plan's steps as the group's own scheduled actions, so capacity changes even if prescale is down. Only actions
 * named with {@link ScheduledActions#PREFIX} are prescale's: others (the team's own schedules) are never listed as
 * ours, changed or deleted.
 */
final class AsgScheduledActions {
    /** BatchPutScheduledUpdateGroupAction and BatchDeleteScheduledAction take at most 50 actions per call. */
    static final int BATCH = 50;
    private static final int NAME_MAX = 255;

    private final ProviderConfig config;
    private final Function<Target, AutoScalingApi> api;

    AsgScheduledActions(ProviderConfig config, Function<Target, AutoScalingApi> api) {
        this.config = config;
        this.api = api;
    }

    ChangeResponse put(Target target, List<Action> actions, boolean dryRun) {
        String group = target.name();
        Instant now = config.clock().instant();
        List<ProviderDiagnostic> diags = new ArrayList<>();
        List<Action> ok = new ArrayList<>();
        for (Action a : actions) {
            if (a.name() == null || !a.name().startsWith(ScheduledActions.PREFIX) || a.name().length() > NAME_MAX) {
                diags.add(ProviderDiagnostic.error(group, "scheduled action " + a.name() + " refused: names must start "
                        + "with " + ScheduledActions.PREFIX + " (at most " + NAME_MAX + " characters)", "", "InvalidName"));
            } else if (a.at() == null || !a.at().isAfter(now)) {
                // a step whose time has passed is applied directly by prescale, not scheduled
                diags.add(ProviderDiagnostic.warning(group, "scheduled action " + a.name() + " refused: "
                        + a.at() + " is in the past", "now is " + now));
            } else if (a.min() == null && a.desired() == null && a.max() == null) {
                diags.add(ProviderDiagnostic.error(group, "scheduled action " + a.name() + " refused: no size given",
                        "set at least one of min, desired, max", "InvalidAction"));
            } else {
                ok.add(a);
            }
        }
        List<List<Action>> batches = partition(ok);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("actions", Integer.toString(ok.size()));
        details.put("refused", Integer.toString(actions.size() - ok.size()));
        details.put("calls", Integer.toString(batches.size()));
        if (dryRun) {
            for (int i = 0; i < batches.size(); i++) {
                details.put("request." + (i + 1), "BatchPutScheduledUpdateGroupAction " + names(batches.get(i)));
            }
            return response(group, ok.isEmpty() ? ChangeStatus.SKIPPED : ChangeStatus.DRY_RUN,
                    "would put " + ok.size() + " scheduled action(s) in " + batches.size() + " call(s)", details, diags);
        }
        int put = 0;
        for (List<Action> batch : batches) {
            try {
                BatchPutScheduledUpdateGroupActionResponse r = api.apply(target).batchPutScheduledUpdateGroupAction(
                        BatchPutScheduledUpdateGroupActionRequest.builder().autoScalingGroupName(group)
                                .scheduledUpdateGroupActions(batch.stream().map(AsgScheduledActions::request).toList())
                                .build());
                put += batch.size() - r.failedScheduledUpdateGroupActions().size();
                r.failedScheduledUpdateGroupActions().forEach(f -> diags.add(failed(group, "put", f)));
            } catch (RuntimeException e) {
                if (!AwsErrors.reportable(e)) {
                    throw e;
                }
                // later batches are still tried: one run reports every problem
                diags.add(AwsErrors.diagnostic(group, "put scheduled actions " + names(batch) + " on " + group, e));
            }
        }
        details.put("put", Integer.toString(put));
        ChangeStatus status = hasErrors(diags) ? ChangeStatus.FAILED
                : put > 0 ? ChangeStatus.APPLIED : ChangeStatus.SKIPPED;
        return response(group, status, "put " + put + " of " + actions.size() + " scheduled action(s)", details, diags);
    }

    List<Action> list(Target target) {
        String group = target.name();
        List<Action> out = new ArrayList<>();
        String token = null;
        try {
            do {
                String next = token;
                DescribeScheduledActionsResponse r = api.apply(target).describeScheduledActions(
                        DescribeScheduledActionsRequest.builder().autoScalingGroupName(group).maxRecords(100)
                                .nextToken(next).build());
                for (ScheduledUpdateGroupAction a : r.scheduledUpdateGroupActions()) {
                    if (a.scheduledActionName() != null && a.scheduledActionName().startsWith(ScheduledActions.PREFIX)) {
                        out.add(new Action(a.scheduledActionName(), a.startTime() != null ? a.startTime() : a.time(),
                                a.timeZone(), a.minSize(), a.desiredCapacity(), a.maxSize()));
                    }
                }
                token = r.nextToken();
            } while (token != null && !token.isEmpty());
        } catch (RuntimeException e) {
            if (!AwsErrors.reportable(e)) {
                throw e;
            }
            throw new ProviderException("describe scheduled actions of auto scaling group %s: %s [%s]"
                    .formatted(group, AwsErrors.message(e), AwsErrors.code(e)), e);
        }
        return out;
    }

    ChangeResponse delete(Target target, List<String> names, boolean dryRun) {
        String group = target.name();
        List<ProviderDiagnostic> diags = new ArrayList<>();
        LinkedHashSet<String> ours = new LinkedHashSet<>();
        if (names.isEmpty()) {
            try {
                list(target).forEach(a -> ours.add(a.name()));
            } catch (ProviderException e) {
                return ChangeResponse.failed("", group, -1, "cannot list scheduled actions",
                        AwsErrors.diagnostic(group, "describe scheduled actions of " + group, e.getCause()));
            }
        } else {
            for (String n : names) {
                if (n != null && n.startsWith(ScheduledActions.PREFIX)) {
                    ours.add(n);
                } else {
                    diags.add(ProviderDiagnostic.error(group, "scheduled action " + n + " is not prescale's: not deleted",
                            "only actions named " + ScheduledActions.PREFIX + "* are deleted", "InvalidName"));
                }
            }
        }
        List<List<String>> batches = partition(List.copyOf(ours));
        Map<String, String> details = new LinkedHashMap<>();
        details.put("actions", Integer.toString(ours.size()));
        details.put("calls", Integer.toString(batches.size()));
        if (ours.isEmpty()) {
            return response(group, hasErrors(diags) ? ChangeStatus.FAILED : ChangeStatus.UNCHANGED,
                    "no prescale scheduled action to delete", details, diags);
        }
        if (dryRun) {
            for (int i = 0; i < batches.size(); i++) {
                details.put("request." + (i + 1), "BatchDeleteScheduledAction " + String.join(",", batches.get(i)));
            }
            return response(group, ChangeStatus.DRY_RUN, "would delete " + ours.size() + " scheduled action(s)",
                    details, diags);
        }
        int deleted = 0;
        for (List<String> batch : batches) {
            try {
                BatchDeleteScheduledActionResponse r = api.apply(target).batchDeleteScheduledAction(
                        BatchDeleteScheduledActionRequest.builder().autoScalingGroupName(group)
                                .scheduledActionNames(batch).build());
                deleted += batch.size() - r.failedScheduledActions().size();
                r.failedScheduledActions().forEach(f -> diags.add(failed(group, "delete", f)));
            } catch (RuntimeException e) {
                if (!AwsErrors.reportable(e)) {
                    throw e;
                }
                diags.add(AwsErrors.diagnostic(group, "delete scheduled actions " + batch + " on " + group, e));
            }
        }
        details.put("deleted", Integer.toString(deleted));
        return response(group, hasErrors(diags) ? ChangeStatus.FAILED : ChangeStatus.APPLIED,
                "deleted " + deleted + " scheduled action(s)", details, diags);
    }

    private static ScheduledUpdateGroupActionRequest request(Action a) {
        return ScheduledUpdateGroupActionRequest.builder().scheduledActionName(a.name()).startTime(a.at())
                .timeZone(a.timeZone()).minSize(a.min()).desiredCapacity(a.desired()).maxSize(a.max()).build();
    }

    private static ProviderDiagnostic failed(String group, String verb, FailedScheduledUpdateGroupActionRequest f) {
        return ProviderDiagnostic.error(group, verb + " scheduled action " + f.scheduledActionName() + " failed: "
                + f.errorMessage(), "", f.errorCode());
    }

    private static ChangeResponse response(String group, ChangeStatus status, String message,
                                           Map<String, String> details, List<ProviderDiagnostic> diags) {
        // the SPI's ScheduledActions methods carry no layer
        return new ChangeResponse("", group, status, -1, -1, message, details, diags);
    }

    private static boolean hasErrors(List<ProviderDiagnostic> diags) {
        return diags.stream().anyMatch(d -> d.severity() == Severity.ERROR);
    }

    private static String names(List<Action> batch) {
        return String.join(",", batch.stream().map(Action::name).toList());
    }

    static <T> List<List<T>> partition(List<T> items) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i += BATCH) {
            out.add(List.copyOf(items.subList(i, Math.min(items.size(), i + BATCH))));
        }
        return out;
    }
}
