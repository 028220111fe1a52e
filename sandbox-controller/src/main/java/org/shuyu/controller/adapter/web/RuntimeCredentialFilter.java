package org.shuyu.controller.adapter.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.shuyu.controller.job.Job;
import org.shuyu.controller.job.JobCredentials;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates the job runtime on {@code /service/**}: the bearer token must be the runtime credential of a
 * job that is running now (a job's credential dies when it ends). User tokens are not accepted here.
 */
class RuntimeCredentialFilter extends OncePerRequestFilter {
    static final String AUTHORITY = "ROLE_JOB_RUNTIME";
    private final JobCredentials credentials;

    RuntimeCredentialFilter(JobCredentials credentials) {
        this.credentials = credentials;
    }

    static final class RuntimeAuthentication extends AbstractAuthenticationToken {
        private final Job job;

        RuntimeAuthentication(Job job) {
            super(List.of(new SimpleGrantedAuthority(AUTHORITY)));
            this.job = job;
            setAuthenticated(true);
        }

        Job job() {
            return job;
        }

        @Override
        public Object getCredentials() {
            return "";
        }

        @Override
        public Object getPrincipal() {
            return "job:" + job.id();
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            Optional<Job> job = credentials.runningJob(header.substring(7).strip());
            job.ifPresent(j -> SecurityContextHolder.getContext().setAuthentication(new RuntimeAuthentication(j)));
        }
        chain.doFilter(request, response);
    }
}
