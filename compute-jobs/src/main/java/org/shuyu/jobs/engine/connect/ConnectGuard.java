package org.shuyu.jobs.engine.connect;

import static java.util.Objects.requireNonNull;
import static org.shuyu.jobs.engine.connect.ConnectRefusal.denied;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.UUID;
import org.apache.spark.connect.proto.AddArtifactsRequest;
import org.apache.spark.connect.proto.AnalyzePlanRequest;
import org.apache.spark.connect.proto.ArtifactStatusesRequest;
import org.apache.spark.connect.proto.Command;
import org.apache.spark.connect.proto.ConfigRequest;
import org.apache.spark.connect.proto.ExecutePlanRequest;
import org.apache.spark.connect.proto.GetStatusRequest;
import org.apache.spark.connect.proto.InterruptRequest;
import org.apache.spark.connect.proto.Limit;
import org.apache.spark.connect.proto.Plan;
import org.apache.spark.connect.proto.ReattachExecuteRequest;
import org.apache.spark.connect.proto.Relation;
import org.apache.spark.connect.proto.ReleaseExecuteRequest;
import org.apache.spark.connect.proto.ReleaseSessionRequest;
import org.apache.spark.connect.proto.UserContext;
import org.shuyu.jobs.JobsErrorCode;
import org.sparkproject.connect.grpc.Status;
import org.sparkproject.connect.protobuf.Descriptors.FieldDescriptor;
import org.sparkproject.connect.protobuf.Message;

/**
 * The Spark Connect decisions of a workspace engine, without any network: who may call (the engine secret and the
 * proxy's member/session headers), whether a request acts as that member (its {@code user_context.user_id} is forced
 * to the member; another name is refused, the client is not trusted), whether its content is allowed
 * ({@link PlanInspector} over the whole request, {@link ConfigAccess} for {@code spark.conf}), and the rewrite of an
 * ExecutePlan that caps its result (root relation wrapped in {@code Limit(maxResultRows + 1)}, so the response
 * counter in {@link ResultCap} can tell "exactly at the cap" from "over it") and always names its operation.
 */
public final class ConnectGuard {
    /** Who a call acts as: the member and the controller's session id, from the proxy's headers. */
    public record Caller(String member, String sessionId) {
        public Caller {
            requireNonNull(member, "member is null");
            requireNonNull(sessionId, "sessionId is null");
        }
    }

    private static final String BEARER = "Bearer ";
    private static final int MAX_HEADER_LENGTH = 256;

    private final byte[] secretDigest;
    private final ConnectLimits limits;
    private final PlanInspector inspector;
    private final ConfigAccess config = new ConfigAccess();

    public ConnectGuard(String secret, ConnectLimits limits) {
        requireNonNull(secret, "secret is null");
        if (secret.length() < 16) {
            throw new IllegalArgumentException("the engine secret must have at least 16 characters");
        }
        this.secretDigest = digest(secret);
        this.limits = requireNonNull(limits, "limits is null");
        this.inspector = new PlanInspector(limits.workspaceDatabase(), limits.maxResultRows());
    }

    public ConnectLimits limits() {
        return limits;
    }

    /**
     * Checks the call's metadata: {@code authorization: Bearer <engine secret>} (constant-time comparison of
     * digests, so neither content nor length leaks), else UNAUTHENTICATED; then the member and session headers only
     * the controller's proxy sets, else PERMISSION_DENIED.
     */
    public Caller authenticate(String authorization, String member, String sessionId) {
        byte[] presented = authorization != null && authorization.startsWith(BEARER)
                ? digest(authorization.substring(BEARER.length()).trim()) : new byte[secretDigest.length];
        boolean valid = MessageDigest.isEqual(presented, secretDigest) && authorization != null;
        if (!valid) {
            throw new ConnectRefusal(JobsErrorCode.CONNECT_UNAUTHENTICATED, Status.Code.UNAUTHENTICATED,
                    "the engine accepts Spark Connect calls from the platform's proxy only (missing or wrong "
                            + "engine credential)");
        }
        if (!wellFormed(member) || !wellFormed(sessionId)) {
            throw denied(JobsErrorCode.CONNECT_IDENTITY_REQUIRED, "the call names no member or session "
                    + "(x-shuyu-member and x-shuyu-session are required)");
        }
        return new Caller(member, sessionId);
    }

    /**
     * Decides one request of an authenticated caller: returns the request to hand to Spark Connect (rewritten:
     * user id forced, ExecutePlan capped and named) or throws {@link ConnectRefusal}.
     */
    public Message admit(Message request, Caller caller) {
        requireNonNull(request, "request is null");
        requireNonNull(caller, "caller is null");
        Message withUser = forceUser(request, caller.member());
        inspector.inspect(withUser, requestName(withUser));
        if (withUser instanceof ExecutePlanRequest execute) {
            return capAndName(execute);
        }
        if (withUser instanceof AnalyzePlanRequest analyze) {
            checkAnalyze(analyze);
        } else if (withUser instanceof ConfigRequest configRequest) {
            config.check(configRequest);
        } else if (withUser instanceof AddArtifactsRequest) {
            throw denied(JobsErrorCode.CONNECT_ARTIFACTS_REFUSED, "artifact upload (classes, jars, files, "
                    + "copyFromLocalToFs) is not accepted by the workspace engine");
        } else if (!(withUser instanceof ArtifactStatusesRequest || withUser instanceof InterruptRequest
                || withUser instanceof ReattachExecuteRequest || withUser instanceof ReleaseExecuteRequest
                || withUser instanceof ReleaseSessionRequest
                || withUser instanceof GetStatusRequest)) {
            throw denied(JobsErrorCode.CONNECT_COMMAND_REFUSED, requestName(withUser)
                    + " is not available on the workspace engine");
        }
        return withUser;
    }

    /** The Spark Connect session id a request names (every Spark Connect request names one). */
    public static String connectSessionId(Message request) {
        FieldDescriptor field = request.getDescriptorForType().findFieldByName("session_id");
        Object value = field == null ? null : request.getField(field);
        if (!(value instanceof String id) || id.isBlank()) {
            throw denied(JobsErrorCode.CONNECT_IDENTITY_REQUIRED, requestName(request) + " names no session_id");
        }
        return id;
    }

    /** The operation's kind for statement records and lineage, e.g. {@code connect: ExecutePlan(SQL)}; no data. */
    public static String describe(ExecutePlanRequest request) {
        Plan plan = request.getPlan();
        String kind = switch (plan.getOpTypeCase()) {
            case ROOT -> rootKind(plan.getRoot());
            case COMMAND -> plan.getCommand().getCommandTypeCase() == Command.CommandTypeCase.SQL_COMMAND ? "SQL" : "command " + lower(plan.getCommand().getCommandTypeCase());
            default -> lower(plan.getOpTypeCase());
        };
        return "connect: ExecutePlan(" + kind + ")";
    }

    private static String rootKind(Relation root) {
        Relation inner = root;
        while (inner.getRelTypeCase() == Relation.RelTypeCase.LIMIT && inner.getLimit().hasInput()) {
            inner = inner.getLimit().getInput();
        }
        return inner.getRelTypeCase() == Relation.RelTypeCase.SQL ? "SQL" : "relation " + lower(inner.getRelTypeCase());
    }

    private Message forceUser(Message request, String member) {
        FieldDescriptor field = request.getDescriptorForType().findFieldByName("user_context");
        if (field == null || field.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
            throw denied(JobsErrorCode.CONNECT_COMMAND_REFUSED, requestName(request) + " is not a Spark Connect "
                    + "request the engine knows");
        }
        UserContext context = request.hasField(field) ? (UserContext) request.getField(field)
                : UserContext.getDefaultInstance();
        // The client's claim is never trusted and never needed: standard clients send the local OS user name, so a
        // claim of anyone is replaced by the member the proxy authenticated (Spark keys sessions and operations by
        // this user id, so another member's session stays out of reach).
        String claimed = context.getUserId();
        if (claimed.equals(member) && context.getUserName().isEmpty()) {
            return request;
        }
        UserContext forced = context.toBuilder().setUserId(member).setUserName(member).build();
        return request.toBuilder().setField(field, forced).build();
    }

    private ExecutePlanRequest capAndName(ExecutePlanRequest request) {
        ExecutePlanRequest.Builder builder = request.toBuilder();
        if (!request.hasOperationId() || request.getOperationId().isBlank()) {
            builder.setOperationId(UUID.randomUUID().toString());
        }
        Plan plan = request.getPlan();
        if (plan.getOpTypeCase() == Plan.OpTypeCase.ROOT) {
            Relation capped = Relation.newBuilder()
                    .setLimit(Limit.newBuilder().setInput(plan.getRoot()).setLimit(limits.maxResultRows() + 1))
                    .build();
            builder.setPlan(plan.toBuilder().setRoot(capped));
        }
        return builder.build();
    }

    private static void checkAnalyze(AnalyzePlanRequest request) {
        switch (request.getAnalyzeCase()) {
            case SCHEMA, EXPLAIN, TREE_STRING, IS_LOCAL, IS_STREAMING, SPARK_VERSION, DDL_PARSE, SAME_SEMANTICS,
                    SEMANTIC_HASH, GET_STORAGE_LEVEL, JSON_TO_DDL -> { }
            case INPUT_FILES -> throw denied(JobsErrorCode.CONNECT_PATH_REFUSED,
                    "inputFiles would reveal the storage paths of sources");
            case PERSIST, UNPERSIST -> throw denied(JobsErrorCode.CONNECT_CATALOG_REFUSED,
                    "persist and unpersist change the shared cache of the engine");
            default -> throw denied(JobsErrorCode.CONNECT_COMMAND_REFUSED, "analysis '"
                    + lower(request.getAnalyzeCase()) + "' is not allowed");
        }
    }

    private static boolean wellFormed(String header) {
        if (header == null || header.isBlank() || header.length() > MAX_HEADER_LENGTH) {
            return false;
        }
        return header.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    private static String requestName(Message request) {
        return request.getDescriptorForType().getName();
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
