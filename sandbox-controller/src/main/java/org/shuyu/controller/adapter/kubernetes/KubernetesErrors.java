package org.shuyu.controller.adapter.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClientException;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;

/** Maps Kubernetes API failures to the controller's error codes: refusals (4xx) and outages (the rest). */
final class KubernetesErrors {
    private KubernetesErrors() {}

    static SandboxException translate(KubernetesClientException e, String what) {
        int status = e.getCode();
        boolean refused = status == 400 || status == 401 || status == 403 || status == 404 || status == 409 || status == 415
                || status == 422;
        String reason = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
                : e.getClass().getSimpleName() + " (HTTP " + status + ")";
        return new SandboxException(refused ? ErrorCode.KUBERNETES_REFUSED : ErrorCode.KUBERNETES_UNAVAILABLE,
                "Kubernetes " + (refused ? "refused to " : "could not ") + what + ": " + reason, e);
    }
}
