package org.shuyu.controller.grant;

import java.util.List;
import java.util.Optional;

/**
 * Port: persistence of formal applications with their materials, reviews, deliberation and approval.
 * {@code lockApplication} takes a row lock for the rest of the caller's transaction.
 */
public interface ApplicationStore {
    void insertApplication(Application application);

    Optional<Application> application(String id);

    Optional<Application> lockApplication(String id);

    void updateApplication(Application application);

    void putMaterial(String applicationId, Application.Material material);

    void insertReview(String applicationId, Application.Review review);

    void insertDeliberation(String applicationId, Application.Deliberation deliberation);

    void insertApproval(String applicationId, Application.Approval approval);

    List<Application> applications();
}
