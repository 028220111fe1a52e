package org.shuyu.controller.adapter.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * The page a list request asks for: the items from {@code offset} (from its page token), at most {@code limit} of them.
 * Stored on the request by {@link PagingInterceptor}; {@link PagingAdvice} cuts the handler's list to it.
 *
 * @param offset the first item's index in the whole list
 * @param limit how many items at most (1 to 1000)
 * @param list what the page token is bound to: the path and the filter parameters
 */
record PageRequest(int offset, int limit, String list) {
    static final String ATTRIBUTE = PageRequest.class.getName();
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    /** How many items a handler that bounds its own query must fetch so that this page and "is there more" are known. */
    int window() {
        return (int) Math.min(Integer.MAX_VALUE, (long) offset + limit + 1);
    }

    /** The page of the current request, if it is a list request. */
    static Optional<PageRequest> current() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        Object page = attributes == null ? null : attributes.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        return Optional.ofNullable((PageRequest) page);
    }

    static Optional<PageRequest> of(HttpServletRequest request) {
        return Optional.ofNullable((PageRequest) request.getAttribute(ATTRIBUTE));
    }

    /**
     * The number of items a handler that bounds its own query by {@code limit} must fetch: the whole window up to the
     * end of the requested page plus one (so the next page is known to exist). Outside a list request: {@code limit}.
     */
    static int fetch(int limit) {
        return current().map(PageRequest::window).orElse(limit);
    }
}
