package org.shuyu.controller.grant;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Port: persistence of data labs and their evaluation reports. {@code lockLab} takes a row lock for the rest of the
 * caller's transaction, so two transitions of one lab never interleave.
 */
public interface LabStore {
    void insertLab(Lab lab);

    Optional<Lab> lab(String id);

    Optional<Lab> lockLab(String id);

    void updateLab(Lab lab);

    void insertLabReport(Lab.LabReport report);

    List<Lab> labs();

    List<Lab> labsEndingBy(LifecycleState state, LocalDate day);
}
