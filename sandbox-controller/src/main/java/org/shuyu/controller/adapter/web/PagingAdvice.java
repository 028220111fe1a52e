package org.shuyu.controller.adapter.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Optional;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Cuts a list operation's result to the requested page ({@link PageRequest}) and, when more items follow, adds
 * {@code Link: <same URL with pageToken=...>; rel="next"}. The body stays a JSON array (v1 compatibility). The link is
 * a path-absolute reference (no scheme or host), so it stays right behind a proxy.
 */
@RestControllerAdvice
class PagingAdvice implements ResponseBodyAdvice<Object> {
    private final PageTokens tokens;

    PagingAdvice(PageTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
            Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request, ServerHttpResponse response) {
        if (!(body instanceof List<?> items) || !(request instanceof ServletServerHttpRequest servlet)) {
            return body;
        }
        HttpServletRequest http = servlet.getServletRequest();
        Optional<PageRequest> page = PageRequest.of(http);
        if (page.isEmpty()) {
            return body;
        }
        PageRequest p = page.get();
        int from = Math.min(p.offset(), items.size());
        int to = (int) Math.min(items.size(), (long) from + p.limit());
        if (to < items.size()) {
            response.getHeaders().add(HttpHeaders.LINK, "<" + next(http, tokens.token(to, p.list())) + ">; rel=\"next\"");
        }
        return items.subList(from, to);
    }

    private static String next(HttpServletRequest request, String token) {
        String query = request.getQueryString();
        return UriComponentsBuilder.fromUriString(request.getRequestURI() + (query == null ? "" : "?" + query))
                .replaceQueryParam(PagingInterceptor.PAGE_TOKEN, token)
                .build(true)
                .toUriString();
    }
}
