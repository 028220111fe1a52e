package org.shuyu.controller.adapter.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.shuyu.controller.engine.WorkspaceEngines;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.job.Job;
import org.shuyu.controller.job.JobCredentials;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates the job runtime and warm engines on {@code /service/**}: the bearer token must be the runtime
 * credential of a job that is running now (a job's credential dies when it ends; authority {@value #AUTHORITY}), or
 * the engine credential of a workspace engine that runs now (authority {@value #ENGINE_AUTHORITY}). User tokens are
 * not accepted here.
 */
class RuntimeCredentialFilter extends OncePerRequestFilter {
    static final String AUTHORITY = "ROLE_JOB_RUNTIME";
    static final String ENGINE_AUTHORITY = "ROLE_WORKSPACE_ENGINE";
    private final JobCredentials credentials;
    private final WorkspaceEngines engines;

    RuntimeCredentialFilter(JobCredentials credentials, WorkspaceEngines engines) {
        this.credentials = credentials;
        this.engines = engines;
    }

    static final class RuntimeAuthentication extends AbstractAuthenticationToken {
        private final ServiceCaller caller;

        RuntimeAuthentication(ServiceCaller caller) {
            super(List.of(new SimpleGrantedAuthority(caller instanceof ServiceCaller.Engine ? ENGINE_AUTHORITY : AUTHORITY)));
            this.caller = caller;
            setAuthenticated(true);
        }

        ServiceCaller caller() {
            return caller;
        }

        /** The running job behind the credential; an engine's credential is not a job's (RUNTIME_CREDENTIAL_INVALID). */
        Job job() {
            if (caller instanceof ServiceCaller.RunningJob running) {
                return running.job();
            }
            throw new SandboxException(ErrorCode.RUNTIME_CREDENTIAL_INVALID, "a running job's runtime credential is required");
        }

        @Override
        public Object getCredentials() {
            return "";
        }

        @Override
        public Object getPrincipal() {
            return caller instanceof ServiceCaller.Engine engine ? "engine:" + engine.engineId() : "job:" + job().id();
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = header.substring(7).strip();
            Optional<ServiceCaller> caller = credentials.runningJob(token).<ServiceCaller>map(ServiceCaller.RunningJob::new)
                    .or(() -> engines.engineOfToken(token).map(e -> new ServiceCaller.Engine(e.engineId(), e.workspaceId())));
            caller.ifPresent(c -> SecurityContextHolder.getContext().setAuthentication(new RuntimeAuthentication(c)));
        }
        chain.doFilter(request, response);
    }
}
