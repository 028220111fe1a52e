package org.shuyu.controller.adapter.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.OptionalLong;
import org.shuyu.controller.version.IfMatch;
import org.shuyu.controller.version.Preconditions;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Adds {@code ETag: "<revision>"} to the successful answers of the requests {@link VersionInterceptor} scoped: after a
 * change, the revision the change left the object at (reported by the store under the row lock); otherwise the
 * revision read before the handler ran. Refusals carry no ETag, except 412 (see {@link PreconditionAdvice}).
 */
@RestControllerAdvice
class VersionAdvice implements ResponseBodyAdvice<Object> {
    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
            Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request, ServerHttpResponse response) {
        if (body instanceof ProblemDetail || !(request instanceof ServletServerHttpRequest servlet)
                || !(response instanceof ServletServerHttpResponse servletResponse)) {
            return body;
        }
        int status = servletResponse.getServletResponse().getStatus();
        if (status < 200 || status > 299) {
            return body;
        }
        etag(servlet.getServletRequest()).ifPresent(r -> response.getHeaders().setETag(IfMatch.etag(r)));
        return body;
    }

    static OptionalLong etag(HttpServletRequest request) {
        if (!(request.getAttribute(VersionInterceptor.SCOPE) instanceof Preconditions.Scope scope)) {
            return OptionalLong.empty();
        }
        if (scope.changed().isPresent()) {
            return scope.changed();
        }
        return request.getAttribute(VersionInterceptor.BEFORE) instanceof Long before ? OptionalLong.of(before) : OptionalLong.empty();
    }
}
