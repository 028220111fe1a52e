package org.shuyu.controller.adapter.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.shuyu.controller.access.PolicyService;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.CurrentActor;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Ranger's plugin policy download, served to the job runtime's Ranger plugin: 200 with the workspace's
 * {@code ServicePolicies} when newer than {@code lastKnownVersion}, 304 when not. Callable only with a running
 * job's runtime credential or a running workspace engine's credential, and only for that job's or engine's workspace
 * service ({@link RuntimeCredentialFilter}).
 */
@RestController
class PolicyDownloadController {
    private final PolicyService policies;
    private final CurrentActor actor;

    PolicyDownloadController(PolicyService policies, CurrentActor actor) {
        this.policies = policies;
        this.actor = actor;
    }

    @Operation(operationId = "getWorkspacePolicies", tags = "workspaces", summary = "Show a workspace's access policies")
    @GetMapping(value = "/api/v1/workspaces/{id}/policies", produces = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "200", description = "OK", content = @Content(
            schema = @Schema(implementation = PolicyDtos.WorkspacePoliciesDto.class)))
    String inspect(@PathVariable String id) {
        return policies.inspect(actor.get(), id);
    }

    @GetMapping(value = "/service/plugins/policies/download/{serviceName}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> download(@PathVariable String serviceName, @RequestParam(defaultValue = "-1") long lastKnownVersion,
            @RequestParam(required = false) Long lastActivationTime, @RequestParam(required = false) String pluginId) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (!(authentication instanceof RuntimeCredentialFilter.RuntimeAuthentication runtime)) {
            throw new SandboxException(ErrorCode.RUNTIME_CREDENTIAL_INVALID, "a running job's runtime credential is required");
        }
        PolicyService.Download download = runtime.caller() instanceof ServiceCaller.Engine engine
                ? policies.downloadForEngine(engine.engineId(), engine.workspaceId(), serviceName, lastKnownVersion)
                : policies.download(runtime.job(), serviceName, lastKnownVersion);
        return download.json().map(body -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body))
                .orElseGet(() -> ResponseEntity.status(304).build());
    }
}
