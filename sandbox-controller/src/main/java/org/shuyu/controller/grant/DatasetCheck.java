package org.shuyu.controller.grant;

import java.util.List;

/**
 * Port: the catalog's verdict on datasets named in a lab, an application or a grant. Throws
 * UNKNOWN_DATASET or PROHIBITED_DATASET naming the dataset.
 */
@FunctionalInterface
public interface DatasetCheck {
    void requireUsable(List<String> datasetIds);
}
