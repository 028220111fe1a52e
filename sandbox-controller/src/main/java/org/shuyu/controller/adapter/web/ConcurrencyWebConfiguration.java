package org.shuyu.controller.adapter.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Puts pagination and optimistic concurrency in front of every public API handler ({@code /api/v1/**}). */
@Configuration(proxyBeanMethods = false)
class ConcurrencyWebConfiguration implements WebMvcConfigurer {
    private final PagingInterceptor paging;
    private final VersionInterceptor versions;

    ConcurrencyWebConfiguration(PagingInterceptor paging, VersionInterceptor versions) {
        this.paging = paging;
        this.versions = versions;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(paging).addPathPatterns("/api/v1/**");
        registry.addInterceptor(versions).addPathPatterns("/api/v1/**");
    }
}
