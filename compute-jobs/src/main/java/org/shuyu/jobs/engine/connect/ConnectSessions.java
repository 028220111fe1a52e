package org.shuyu.jobs.engine.connect;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connect.service.SparkConnectService;
import org.apache.spark.sql.connect.service.SparkConnectService$;
import org.apache.spark.sql.connect.service.SessionKey;
import scala.Option;

/** Spark Connect's own session registry, as the guard uses it (an interface so the decisions can be tested alone). */
interface ConnectSessions {
    /** Spark Connect's session for (user, Connect session id), created if new: the session requests will run in. */
    SparkSession getOrCreate(String user, String connectSessionId);

    /** Interrupts one operation of a session, if the session exists. */
    void interrupt(String user, String connectSessionId, String operationId);

    /** The running {@code SparkConnectService}'s session manager. */
    ConnectSessions SPARK = new ConnectSessions() {
        @Override
        public SparkSession getOrCreate(String user, String connectSessionId) {
            return SparkConnectService.getOrCreateIsolatedSession(user, connectSessionId, Option.empty()).session();
        }

        @Override
        public void interrupt(String user, String connectSessionId, String operationId) {
            SparkConnectService$.MODULE$.sessionManager()
                    .getIsolatedSessionIfPresent(SessionKey.apply(user, connectSessionId))
                    .foreach(holder -> holder.interruptOperation(operationId));
        }
    };
}
