package org.shuyu.controller.adapter.persistence;

import java.util.List;
import java.util.Optional;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.grant.DatasetCheck;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads each dataset's openness from the catalog: unknown and prohibited datasets are refused. */
@Component
public class JdbcDatasetCheck implements DatasetCheck {
    private final JdbcClient jdbc;

    public JdbcDatasetCheck(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void requireUsable(List<String> datasetIds) {
        for (String id : datasetIds) {
            Optional<String> openness = jdbc.sql("SELECT openness FROM datasets WHERE id = ?").param(id).query(String.class).optional();
            if (openness.isEmpty()) {
                throw new SandboxException(ErrorCode.UNKNOWN_DATASET, "dataset " + id + " is not in the catalog");
            }
            if ("PROHIBITED".equals(openness.get())) {
                throw new SandboxException(ErrorCode.PROHIBITED_DATASET, "dataset " + id
                        + " is prohibited from authorized operation and cannot be part of a lab, an application or a grant (R-04)");
            }
        }
    }
}
