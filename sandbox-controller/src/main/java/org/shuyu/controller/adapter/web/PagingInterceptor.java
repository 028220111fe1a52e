package org.shuyu.controller.adapter.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.springframework.core.ResolvableType;
import org.springframework.http.HttpEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Pagination of every list operation (a GET of the public API whose handler returns a JSON array): reads and checks
 * {@code limit} (1 to 1000, default 100) and {@code pageToken} before the handler runs, so a bad one is refused with
 * 400 INVALID_PAGE and nothing else happens, and stores the {@link PageRequest} that {@link PagingAdvice} applies to
 * the handler's list. Handlers stay unaware of paging, except those that bound their own query
 * ({@link PageRequest#fetch}).
 */
@Component
class PagingInterceptor implements HandlerInterceptor {
    static final String LIMIT = "limit";
    static final String PAGE_TOKEN = "pageToken";
    private final PageTokens tokens;

    PagingInterceptor(PageTokens tokens) {
        this.tokens = tokens;
    }

    /** Whether a handler is a list operation: a GET returning a collection (possibly in a ResponseEntity). */
    static boolean isList(HandlerMethod handler) {
        ResolvableType type = ResolvableType.forMethodReturnType(handler.getMethod());
        if (HttpEntity.class.isAssignableFrom(type.toClass())) {
            type = type.as(HttpEntity.class).getGeneric(0);
        }
        return Collection.class.isAssignableFrom(type.toClass());
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!"GET".equals(request.getMethod()) || !(handler instanceof HandlerMethod method) || !isList(method)) {
            return true;
        }
        int limit = limit(request.getParameterValues(LIMIT));
        String list = list(request);
        String[] token = request.getParameterValues(PAGE_TOKEN);
        if (token != null && token.length > 1) {
            throw new SandboxException(ErrorCode.INVALID_PAGE, "pageToken is given more than once");
        }
        int offset = token == null || token[0].isEmpty() ? 0 : tokens.offset(token[0], list);
        request.setAttribute(PageRequest.ATTRIBUTE, new PageRequest(offset, limit, list));
        return true;
    }

    private static int limit(String[] values) {
        if (values == null) {
            return PageRequest.DEFAULT_LIMIT;
        }
        if (values.length > 1) {
            throw new SandboxException(ErrorCode.INVALID_PAGE, "limit is given more than once");
        }
        String value = values[0].strip();
        int limit;
        try {
            limit = value.length() > 7 ? -1 : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > PageRequest.MAX_LIMIT) {
            throw new SandboxException(ErrorCode.INVALID_PAGE,
                    "limit must be a whole number from 1 to " + PageRequest.MAX_LIMIT + " (default " + PageRequest.DEFAULT_LIMIT + ")");
        }
        return limit;
    }

    /** What a page token is bound to: the path and every query parameter but limit and pageToken, in name order. */
    static String list(HttpServletRequest request) {
        Map<String, String[]> filters = new TreeMap<>(request.getParameterMap());
        filters.remove(LIMIT);
        filters.remove(PAGE_TOKEN);
        StringBuilder out = new StringBuilder(request.getRequestURI());
        filters.forEach((name, values) -> {
            for (String v : values) {
                out.append('\n').append(name).append('=').append(v);
            }
        });
        return out.toString();
    }
}
