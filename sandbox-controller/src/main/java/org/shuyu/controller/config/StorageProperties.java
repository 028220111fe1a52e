package org.shuyu.controller.config;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Dataset data on the shared storage, under {@code sandbox.storage.*} (docs/storage.md). {@code maxUploadBytes}: the
 * largest data file one {@code PUT /api/v1/datasets/{id}/data} may carry (streamed to storage, never held in memory;
 * default 4 GiB).
 */
@Validated
@ConfigurationProperties("sandbox.storage")
public record StorageProperties(@DefaultValue("4294967296") @Min(1) long maxUploadBytes) {
    public static StorageProperties defaults() {
        return new StorageProperties(4L << 30);
    }
}
