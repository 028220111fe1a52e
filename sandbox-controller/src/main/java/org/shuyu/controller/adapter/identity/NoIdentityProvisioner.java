package org.shuyu.controller.adapter.identity;

import java.util.Set;
import org.shuyu.controller.config.SandboxProperties;
import org.shuyu.controller.identity.IdentityProvisioner;
import org.shuyu.controller.identity.WorkspaceGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * No identity provider to provision (embedded mode, or production without Keycloak provisioning): workspace groups
 * are only logged. The platform's own membership and vetting still gate every workspace action.
 */
@Component
@ConditionalOnProperty(name = "sandbox.identity.keycloak.provisioning", havingValue = "false", matchIfMissing = true)
public class NoIdentityProvisioner implements IdentityProvisioner {
    private static final Logger log = LoggerFactory.getLogger(NoIdentityProvisioner.class);

    public NoIdentityProvisioner(SandboxProperties properties) {
        if (properties.mode() == SandboxProperties.Mode.PRODUCTION) {
            log.warn("Keycloak provisioning is off (sandbox.identity.keycloak.provisioning=false): workspace groups are not"
                    + " maintained in the realm. The platform's own membership and vetting still gate every workspace action.");
        }
    }

    @Override
    public Set<String> workspaceGroups() {
        return Set.of();
    }

    @Override
    public Provisioned ensure(WorkspaceGroup group) {
        log.debug("no identity provider to provision: workspace group {} would have members {}", group.name(), group.members());
        return Provisioned.nothing(group.name());
    }

    @Override
    public Provisioned remove(String groupName) {
        return Provisioned.nothing(groupName);
    }
}
