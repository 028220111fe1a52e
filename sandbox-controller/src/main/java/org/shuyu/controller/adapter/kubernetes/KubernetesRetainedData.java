package org.shuyu.controller.adapter.kubernetes;

import org.shuyu.controller.grant.RetainedData;

/**
 * A grant's retained data on Kubernetes (R-17a): its workspace namespace with the volume claim, and the job logs
 * the controller collected. The deletion record is carried out by deleting the namespace.
 */
public class KubernetesRetainedData implements RetainedData {
    private final KubernetesWorkspaceProvisioner provisioner;

    public KubernetesRetainedData(KubernetesWorkspaceProvisioner provisioner) {
        this.provisioner = provisioner;
    }

    @Override
    public String scope(String grantId) {
        return provisioner.scope(grantId);
    }

    @Override
    public Erasure erase(String grantId) {
        return provisioner.erase(grantId);
    }
}
