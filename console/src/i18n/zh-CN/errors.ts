/** One short explanation per error code (api/openapi.yaml Problem.code); a unit test checks every code is here. */
export default {
  // 请求与身份
  INVALID_REQUEST: '请求内容不符合要求，请按下方说明修改后重试。',
  MALFORMED_BODY: '请求正文无法解析，请检查填写的内容后重试。',
  UNAUTHENTICATED: '您尚未登录或登录已过期，请重新登录。',
  FORBIDDEN_ROLE: '您的角色无权执行此操作，如需办理请联系有权限的人员。',
  OUTSIDE_JURISDICTION: '该对象不在您的管辖范围内，请联系其所属辖区的主管部门。',
  NOT_ACCOUNTABLE_PERSON: '只有该运营机构的负责人可以执行此操作。',
  UNKNOWN_USER: '指定的用户不存在，请核对用户标识。',
  NOT_FOUND: '要访问的对象不存在或已被删除，请刷新后重试。',
  METHOD_NOT_ALLOWED: '该地址不支持此操作方式，请通过控制台页面操作。',
  UNSUPPORTED_MEDIA_TYPE: '上传的内容格式不被接受，请换用支持的格式。',
  ALREADY_EXISTS: '同名或同标识的对象已存在，请更换名称或直接使用已有对象。',
  INVALID_USCC: '统一社会信用代码格式错误或校验位不符，请核对后重新填写。',
  INVALID_PERIOD: '结束时间必须晚于开始时间，请修改期限。',
  // 目录
  UNKNOWN_DATASET: '数据目录中没有该数据集，请核对数据集标识。',
  PROHIBITED_DATASET: '该数据集属于禁止开放的数据，不能申请或使用。',
  UNKNOWN_PROVIDER: '数据提供单位不存在，请先登记该单位。',
  INVALID_SCHEMA: '数据集的字段定义不合法，请检查字段名称和类型。',
  INVALID_DATASET_ID: '数据集标识格式不正确，请使用“库名.表名”形式的小写标识。',
  DUPLICATE_COLUMN: '字段名称重复，请确保每个字段名唯一。',
  SUBJECT_COLUMN_MISSING: '个人级数据集必须指定存在的主体标识字段，请补充后重试。',
  GRADE_BELOW_CLASSIFICATION: '字段分级不能低于数据集的分级，请调整分级。',
  // 授权生命周期
  ILLEGAL_TRANSITION: '当前状态下不能执行此操作，请刷新查看最新状态。',
  TERM_TOO_LONG: '授权期限超过了允许的最长期限，请缩短期限。',
  MATERIALS_INCOMPLETE: '申请材料不齐全，请补齐所需材料后再提交。',
  LAB_REPORT_MISSING: '缺少实验室评估报告，请先上传报告。',
  REVIEW_INCOMPLETE: '评审尚未全部完成，请等待所有评审意见提交。',
  DELIBERATION_MISSING: '缺少集体审议记录，请先完成审议。',
  WRONG_DECISION_LEVEL: '此事项须由相应层级的决策机构决定，您所在层级无权决定。',
  EMERGENCY_PLAN_MISSING: '缺少应急预案，请先上传应急预案。',
  DECISION_REQUIRED: '此操作需要附上决定文书，请补充决定后重试。',
  DEADLINE_INVALID: '整改期限不合法，请设置一个未来的合理日期。',
  DEADLINE_PASSED: '期限已过，不能再执行此操作。',
  SCENARIO_TAKEN: '该应用场景已被授权给其他运营机构，请选择其他场景。',
  FINANCIAL_PERIOD_INVALID: '财务资料的所属期间不合法，请核对期间。',
  MATERIAL_ISSUED_BY_PLATFORM: '此类材料由平台出具，申请人不能自行上传。',
  GRANT_NOT_ACTIVE: '该授权当前未生效，不能执行此操作。',
  UNKNOWN_ORGANIZATION: '机构不存在，请先登记该机构或核对标识。',
  TERM_NOT_CURRENT: '授权不在有效期内，请核对授权期限。',
  NOT_A_MEMBER: '您不是该工作空间的成员，请联系负责人将您加入。',
  REVIEWER_CONFLICT: '评审专家与申请方存在利益关联，须回避，请更换专家。',
  UNKNOWN_ANNOUNCEMENT: '公告不存在，请核对公告标识。',
  ANNOUNCEMENT_MISMATCH: '所引用的公告与本申请的场景或数据不符，请选择正确的公告。',
  // 审计
  AUDIT_UNAVAILABLE: '审计日志暂时无法写入或读取，操作未执行，请稍后重试。',
  AUDIT_QUERY_INVALID: '审计查询条件不合法，请检查筛选条件和时间范围。',
  // 工作空间与作业
  INVALID_JOB_SPEC: '作业定义不合法，请检查步骤和语句。',
  WORKSPACE_NOT_READY: '工作空间尚未就绪或已关闭，请稍后再试或查看其状态。',
  JOB_ALREADY_FINISHED: '作业已经结束，无法取消。',
  JOB_REFUSED: '语句被平台的安全策略拒绝，请只访问已授权的数据。',
  JOB_FAILED: '作业执行失败，请根据下方信息修改语句后重试。',
  RUNTIME_UNAVAILABLE: '计算运行环境当前不可用，请稍后重试或联系运维人员。',
  INVALID_TABLE_NAME: '表名不合法，请使用小写字母、数字和下划线。',
  // 同意与策略
  NOT_PERSON_LEVEL: '该数据集不是个人级数据，不需要也不能登记个人同意。',
  RUNTIME_CREDENTIAL_INVALID: '计算运行环境的凭证无效或已过期（平台内部调用）。',
  RUNTIME_CREDENTIAL_SCOPE: '计算运行环境的凭证不属于该工作空间（平台内部调用）。',
  KUBERNETES_UNAVAILABLE: '集群暂时无法访问，平台会自动重试，请稍后查看。',
  KUBERNETES_REFUSED: '集群拒绝了平台的请求，请联系运维人员检查平台配置。',
  INVALID_WORKSPACE_NAME: '工作空间标识无法用于集群命名，请更换标识。',
  // 人员
  VETTING_INCOMPLETE: '该人员的审查事项尚未全部完成，请先补齐审查。',
  UNKNOWN_VETTING_ITEM: '审查事项不正确，请从规定的四项中选择。',
  // 血缘
  INVALID_LINEAGE_EVENT: '血缘事件不合法（平台内部调用）。',
  LINEAGE_OUT_OF_SCOPE: '血缘事件涉及工作空间之外的数据，已被拒绝。',
  LINEAGE_CONFLICT: '该步骤已记录了不同的血缘，已拒绝重复记录。',
  INVALID_LINEAGE_QUERY: '血缘查询条件不合法，请指定一个起点并检查方向和深度。',
  // 数据产品
  INVALID_PRODUCT: '数据产品信息不合法，请检查名称、类型、数据表和分组人数字段。',
  PRODUCT_NOT_LISTED: '该数据产品未上架或已下架，不能交付。',
  SCENARIO_MISMATCH: '所填场景与该产品获批的应用场景不一致。',
  REVIEWER_NOT_INDEPENDENT: '评审人不能评审本人或本机构的产品，请由独立专家评审。',
  ALREADY_REVIEWED: '您已评审过该产品的这一版本，不能重复评审。',
  DIFFERENCING_RISK: '上架后可能通过差分识别出个体，已拒绝上架，请调整产品内容。',
  WRONG_DELIVERY_CHANNEL: '该类产品须通过其他渠道交付（数据包下载或接口服务）。',
  SNAPSHOT_FAILED: '产品快照生成失败，请检查数据表后重试。',
  SNAPSHOT_UNREADABLE: '产品快照文件损坏或缺失，请联系运维人员。',
  ILLEGAL_PRODUCT_TRANSITION: '产品当前状态不允许此操作，请刷新查看最新状态。',
  DELIVERY_STOPPED: '交付已中止：产品已下架或授权已结束、暂停。',
  CLIENT_STALLED: '客户端长时间未读取数据，连接已被关闭，请重新发起。',
  // 交互式会话
  SESSION_CLOSED: '会话已关闭，请新建会话后再执行语句。',
  SESSION_NOT_OWNED: '会话属于其他成员，您只能使用自己的会话。',
  SESSION_QUEUED: '计算资源排队中，会话将在获准后打开，请稍候。',
  INVALID_STATEMENT: '语句请求不合法：请检查语句是否为空或过长，以及返回行数。',
  STATEMENT_ALREADY_ENDED: '语句已经结束，无法取消。',
  SESSION_ENGINE_UNAVAILABLE: '工作空间计算引擎暂时无法访问，请稍后重试。',
  SESSION_ENGINE_CREDENTIAL: '计算引擎凭证无效（平台内部调用）。',
  SESSION_ENGINE_MISMATCH: '计算引擎引用了不属于它的会话（平台内部调用）。',
  SESSION_LIMIT: '您在该工作空间打开的会话已达上限，请先关闭不用的会话。',
  INVALID_STATEMENT_OUTCOME: '语句结果格式不合法（平台内部调用）。',
  // 计算引擎
  ENGINE_UNAVAILABLE: '计算引擎未能启动或已停止，请稍后重试。',
  ENGINE_QUEUED: '计算引擎正在排队等待资源，请稍候再试。',
  ENGINE_FAILED: '计算引擎内部出错，请稍后重试或联系运维人员。',
  ENGINE_REJECTED: '计算引擎认为请求不合法，请根据下方信息修改。',
  ENGINE_CONFLICT: '计算引擎当前状态不允许此操作，请刷新后重试。',
  ENGINE_CREDENTIAL_INVALID: '计算引擎凭证无效或已过期（平台内部调用）。',
  ENGINE_CREDENTIAL_SCOPE: '计算引擎凭证不属于该工作空间（平台内部调用）。',
  // Spark Connect
  CONNECT_WORKSPACE_REQUIRED: 'Spark Connect 连接缺少或写错了工作空间标识，请检查客户端配置。',
  CONNECT_SESSION_ID_REQUIRED: 'Spark Connect 请求缺少有效的会话标识，请检查客户端。',
  CONNECT_SESSION_MISMATCH: 'Spark Connect 调用中途更换了会话标识，已被拒绝。',
  CONNECT_TOO_MANY_CALLS: '您同时进行的 Spark Connect 调用过多，请等待部分完成后重试。',
  CONNECT_SESSION_CLOSED: '会话已被平台关闭（授权撤销、成员移除或过期），请重新连接。',
  CONNECT_ROUTE_FAILED: '无法连接到工作空间计算引擎，请联系运维人员。',
  // 准入与配额
  ADMISSION_REQUEST_TOO_LARGE: '申请的计算资源超过平台容量或机构配额，请减少核数或内存。',
  ADMISSION_REQUEST_UNKNOWN: '资源申请不存在或已释放，请重新申请。',
  ADMISSION_REQUEST_DROPPED: '资源申请已取消或因超出配额被移出队列，请重新申请。',
  INVALID_QUOTA: '配额数值不合法，请填写非负且在范围内的数值。',
  QUOTA_ABOVE_CAPACITY: '配额超过平台总容量，无法使用，请调低配额。',
  ADMISSION_QUEUE_FULL: '资源排队已满，请稍后重试。',
  // 分页、版本与重试
  INVALID_PAGE: '分页参数不合法，请刷新列表后重试。',
  PRECONDITION_FAILED: '该对象在您查看后已被他人修改，请刷新后重新操作。',
  INVALID_PRECONDITION: '版本校验信息格式不正确，请刷新后重试。',
  IDEMPOTENCY_KEY_REUSED: '重复提交的标识已用于另一个不同的请求，请重新提交。',
  IDEMPOTENCY_KEY_IN_USE: '相同的请求仍在处理中，请稍候再查看结果。',
  IDEMPOTENCY_KEY_INVALID: '重复提交标识格式不正确，请重新提交。',
  // 输入校验
  INVALID_FIELD: '某个字段的值或类型不正确，请按下方提示的字段修改。',
  INVALID_ENCODING: '提交的内容不是有效的 UTF-8 文本，请检查文件编码。',
  PAYLOAD_TOO_LARGE: '提交的内容过大，请缩小文件或分批提交。',
  MALFORMED_REQUEST: '请求地址或请求头格式不正确，已被拒绝。',
  // 登录
  OIDC_DISCOVERY_FAILED: '暂时无法获取身份认证服务的配置，请稍后重试或联系运维人员。',
  USER_CODE_UNKNOWN: '用户码不存在或已过期，请在命令行重新登录获取新码。',
  USER_CODE_USED: '该用户码已被使用过，请重新获取。',
  // 可用性检查
  SOURCE_DATA_UNREADABLE: '源数据文件无法读取或缺少字段，检查未通过，请联系数据提供单位。',
  // 平台
  INTERNAL_ERROR: '平台内部出错，请稍后重试；如持续出现请联系运维人员。',
  // 控制台自身
  NETWORK_ERROR: '无法连接到平台，请检查网络后重试。',
  CLIENT_ERROR: '页面处理请求时出错，请刷新页面后重试。',
  OAUTH_INVALID_GRANT: '登录凭证无效或已过期，请重新登录。',
  OAUTH_ACCESS_DENIED: '登录已被拒绝，请重新登录或换用其他用户。',
  OAUTH_INVALID_REQUEST: '登录请求不完整或不合法，请重新登录。',
  MATERIAL_DOCUMENT_TOO_LARGE: '材料文件超过 20 MB 上限，请压缩或拆分后重新上传。',
  MATERIAL_DOCUMENT_EMPTY: '材料文件为空，请选择有内容的文件重新上传。',
  MATERIAL_DOCUMENT_MISSING: '该材料只登记了名称和哈希，平台未保存文件本身，无法下载。',
  MATERIAL_DOCUMENT_TAMPERED: '保存的材料文件与登记的哈希不一致，已拒绝下载，请立即报告安全监管人员。',
  CONSENT_FILE_MALFORMED: '授权同意文件格式有误（见详情中的行号），整份文件未生效，请修正后重新上传。',
  CONSENT_FILE_TOO_LARGE: '授权同意文件行数或大小超过上限，请拆分后分批上传。',
  CONSENT_FILE_EMPTY: '授权同意文件没有数据行，请检查文件内容。',
  CONSENT_FILE_DUPLICATE_SUBJECT: '授权同意文件中同一主体出现多次，请每个主体只保留一行。',
  WORKSPACE_TABLES_UNAVAILABLE: '当前部署无法列出工作空间的表（控制器看不到工作空间存储），请按表名预览。',
  PRODUCT_NOT_FROZEN: '该数据产品候选尚未冻结快照，提交并完成自动检查后才能查看数据。',
  // lineage beyond the workspace (issue 19, lineage-reach)
  PRODUCT_LINEAGE_MISSING: '无法记录该数据产品的血缘（冻结、上架或本次交付），因此不予上架或交付；请联系平台运维检查血缘存储。',
  // issue 19: bulk consents with a row report
  CONSENT_BULK_MODE_INVALID: '上传模式只能是 atomic 或 partial。',
  CONSENT_ROW_FIELD_COUNT: '该行不是恰好三个字段（subjectId,granted,evidence），未生效。',
  CONSENT_ROW_QUOTING: '该行引号有误（未闭合或闭合引号后还有内容），未生效。',
  CONSENT_ROW_SUBJECT_INVALID: '该行主体标识须为 1-200 个字母、数字或 . _ : / -，未生效。',
  CONSENT_ROW_GRANTED_INVALID: '该行 granted 只能是 true 或 false，未生效。',
  CONSENT_ROW_EVIDENCE_INVALID: '该行证明材料须为 1-500 个字符，未生效。',
  CONSENT_ROW_DUPLICATE_SUBJECT: '该主体在多行出现，这些行均未生效，请每个主体只保留一行。',
  // docs/storage.md：数据集数据上传（issue 19，存储）
  DATASET_DATA_MALFORMED: '数据文件不是有效的 UTF-8 CSV，或某行字段数不对（详情中注明行号）；数据未作任何改动。',
  DATASET_DATA_WRONG_HEADER: '数据文件第一行必须是已登记的列名，且顺序一致。',
  DATASET_DATA_BAD_VALUE: '某个值不符合该列登记的类型，或含有引号、反斜杠、换行（详情中注明行号和列名）；数据未作任何改动。',
  DATASET_DATA_TOO_LARGE: '数据文件超过平台单次上传的上限，请联系运维人员调整。',
  DATASET_DATA_EMPTY: '数据文件只有表头，没有数据行。',
  NOT_DATASET_PROVIDER: '只有该数据集所属辖区的提供方可以上传其数据。',
  DATASET_DATA_STORAGE_FAILED: '存储无法写入该数据文件，原有数据保持不变，请稍后重试。',
  // --- issue 20, A: notifications and to-do: add codes below this line ---

  // --- issue 20, B: R-08 single channel and the exchange: add codes below this line ---

  // --- issue 20, C: R-19c own data import: add codes below this line ---

  // --- issue 20, D: R-20 quality requests: add codes below this line ---

  // --- issue 20, E: R-26 inspections: add codes below this line ---

  // --- issue 20, F: R-27 annual reports: add codes below this line ---

  // --- issue 20, G1: product review, return and notices: add codes below this line ---

  // --- issue 20, G2: disclosure rules: add codes below this line ---
  INVALID_DISCLOSURE_RULE: '披露阈值超出范围：n 为 1-10，k 为 50-100%，p 为 0-100%，分级为 1-4。',
  INVALID_CONTRIBUTIONS: '贡献声明不合法，请检查数据表、单元格键字段、贡献者字段和金额字段。',
  CONTRIBUTIONS_NOT_DECLARABLE: '只能在提交前（草稿或退回修改时）声明贡献明细。',
  CONTRIBUTIONS_REQUIRED: '有字段汇总了敏感（3-4 级）金额：提交前请声明其贡献明细。',
  CONTRIBUTIONS_MISMATCH: '声明的贡献明细与产品单元格的合计不符，声明被拒绝。',

} as Record<string, string>
