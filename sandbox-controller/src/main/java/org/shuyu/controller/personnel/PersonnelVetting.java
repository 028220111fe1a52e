package org.shuyu.controller.personnel;

import java.util.List;

/** Port other features use to ask whether a person may act for an operator. */
public interface PersonnelVetting {
    /** The vetting items {@code userId} lacks as a person of the organization; all four when nothing is recorded. */
    List<VettingItem> missing(String organizationId, String userId);
}
