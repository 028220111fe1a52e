package org.shuyu.controller.adapter.storage;

import org.shuyu.controller.config.SandboxProperties;
import org.shuyu.controller.grant.RetainedDirectories;
import org.springframework.stereotype.Component;

/** A grant's retained data on the local provisioner: the directory tree {@code <data-dir>/workspaces/<grantId>}. */
@Component
public class LocalRetainedData extends RetainedDirectories {
    public LocalRetainedData(SandboxProperties properties) {
        super(properties.dataDir().resolve("workspaces"));
    }
}
