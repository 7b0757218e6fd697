package io.prescale.providers.spi;

import io.prescale.planner.model.Target;

/**
 * Optional capability: before a scale-out, check that the account has room for it (e.g. the EC2 On-Demand vCPU
 * quota for the instance types involved).
 */
public interface QuotaCheck {
    /**
     * @param extraUnits units the plan will add to the target
     * @return {@link ChangeStatus#PASSED}, {@link ChangeStatus#WARNED} or {@link ChangeStatus#FAILED}, with the numbers
     */
    ChangeResponse checkQuota(String layer, Target target, int extraUnits);
}
