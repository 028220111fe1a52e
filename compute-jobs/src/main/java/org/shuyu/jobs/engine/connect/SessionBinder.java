package org.shuyu.jobs.engine.connect;

import org.apache.spark.sql.SparkSession;

/**
 * Registers a Spark session that Spark Connect created with the member's own enforcement, before any request of that
 * session is handled. The engine passes {@code MemberSessions::bind}; a session nobody bound is refused everything by
 * the enforcement's fail-closed resolver.
 */
@FunctionalInterface
public interface SessionBinder {
    /**
     * @param connectSession the session Spark Connect holds for the member's Connect session
     * @param sessionId      the controller's session id ({@code x-shuyu-session})
     * @param user           the member ({@code x-shuyu-member})
     */
    void bind(SparkSession connectSession, String sessionId, String user);
}
