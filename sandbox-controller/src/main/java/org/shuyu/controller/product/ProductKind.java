package org.shuyu.controller.product;

/**
 * What a data product is (R-19b) and how it leaves once listed. Every kind is frozen from a workspace table at
 * submission (a snapshot), so what was checked and reviewed is byte for byte what is delivered.
 */
public enum ProductKind {
    /** A data package: a table released as a file, downloadable after listing. */
    DATA_PACKAGE(DeliveryChannel.DOWNLOAD),
    /** A data interface: a table served over Arrow Flight to callers naming the approved scenario. */
    DATA_INTERFACE(DeliveryChannel.FLIGHT),
    /** A data report: a result table released as a file (jobs cannot write files with lineage, see docs/products.md). */
    DATA_REPORT(DeliveryChannel.DOWNLOAD),
    /** A data model: a table of model parameters (coefficients, scores by segment) released as a file. */
    DATA_MODEL(DeliveryChannel.DOWNLOAD);

    private final DeliveryChannel channel;

    ProductKind(DeliveryChannel channel) {
        this.channel = channel;
    }

    /** How a listed product of this kind is delivered. */
    public DeliveryChannel channel() {
        return channel;
    }
}
