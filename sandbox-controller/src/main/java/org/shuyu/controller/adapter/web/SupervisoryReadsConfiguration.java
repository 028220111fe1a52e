package org.shuyu.controller.adapter.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Puts {@link SupervisoryReads} in front of the public API's supervisory reads. */
@Configuration(proxyBeanMethods = false)
class SupervisoryReadsConfiguration implements WebMvcConfigurer {
    private final SupervisoryReads reads;

    SupervisoryReadsConfiguration(SupervisoryReads reads) {
        this.reads = reads;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(reads).addPathPatterns("/api/v1/audit/**", "/api/v1/audit", "/api/v1/lineage/**",
                "/api/v1/lineage", "/api/v1/workspaces/**", "/api/v1/jobs/**");
    }
}
