export default {
  nav: {
    labs: '数据实验室', applications: '授权申请', myLabs: '我的实验室', myApplications: '我的申请', reviews: '申请评审',
    application: '申请详情',
  },
  sha256: 'SHA-256 摘要',
  labs: {
    title: '数据实验室', subtitle: '在脱敏数据上验证开发思路，完成后由平台出具技术评估报告',
    request: '申请实验室', requested: '已提交实验室申请 {id}', empty: '暂无实验室', filterState: '按状态筛选',
    organization: '运营单位', noOrganization: '您还没有作为负责人登记的运营单位。', datasets: '数据集',
    approach: '开发思路', marketPlan: '市场计划', months: '期限（月）', requestedAt: '申请时间',
    complete: '结束并评估', report: '评估报告', note: '批准意见', conclusion: '结论', summary: '评估摘要',
    findings: '主要发现', issued: '出具', 
    dialog: { approve: '批准实验室', reject: '驳回实验室', complete: '结束实验室并出具评估报告' },
    done: { approve: '实验室已批准', reject: '实验室已驳回', complete: '实验室已结束，评估报告已出具' },
  },
  applications: {
    title: '授权申请', subtitle: '正式申请的流转：提交、评审、审议、审批、签订协议',
    create: '新建申请', created: '已创建申请 {id}', empty: '暂无申请', search: '搜索编号、场景或单位',
    lab: '已完成的实验室', noLab: '没有已完成的实验室：请先申请实验室并等待评估。', scenario: '应用场景',
    domain: '重点领域', level: '审批层级', materials: '材料', reviews: '评审',
  },
  detail: {
    title: '申请 {id}', submit: '提交申请', submitted: '申请已提交', withdraw: '撤回申请', withdrawn: '申请已撤回',
    withdrawConfirm: '确定撤回此申请？撤回后不可恢复。', rejected: '申请已驳回', rejectTitle: '驳回申请',
    submittedAt: '提交时间',
  },
  materials: {
    title: '申请材料', hint: '上传真实文件：平台在接收时计算 SHA-256 并记录，下载时再次校验。单个文件不超过 20 MB。',
    kind: '材料', document: '文件名', missing: '未提供', period: '报表截止日', provided: '提交',
    upload: '上传', replace: '重新上传', uploaded: '已上传 {name}', downloaded: '已下载，摘要 {sha}… 校验一致',
    hashMatches: '与本地文件一致', hashMismatch: '摘要不一致', stillMissing: '尚缺材料：{list}',
  },
  reviews: {
    title: '专家与行业评审', empty: '尚无评审意见', point: '评审要点', verdict: '结论', form: '填写评审意见',
    submit: '提交评审', recorded: '评审意见已记录',
  },
  deliberation: {
    title: '统筹协调机构审议', empty: '尚未审议', meetingDate: '会议日期', attendees: '参会人员', minutes: '会议纪要',
    outcome: '审议结论', body: '审议机构', submit: '提交审议结论', recorded: '审议结论已记录',
  },
  approval: {
    title: '审批', empty: '尚未审批', decisionNumber: '批准文号', approvedOn: '批准日期', approver: '批准人', note: '备注',
    submit: '批准', recorded: '申请已批准',
  },
  grant: {
    title: '授权协议与启用', empty: '批准后由数据主管部门签订授权协议', agreement: '授权协议', termStart: '授权起始日',
    termEnd: '授权截止日', signedOn: '签订日期', agreementFile: '协议文件（计算摘要）', create: '签订协议并创建授权',
    created: '已创建授权 {id}', id: '授权编号', term: '授权期限', plan: '应急预案', noPlan: '待运营单位提交',
    planFile: '预案文件（计算摘要）', planSummary: '预案摘要', planContacts: '应急联系人', planSubmit: '提交应急预案',
    planRecorded: '应急预案已记录', activate: '启用授权（公示并备案）', activated: '授权已启用',
  },
  labState: { REQUESTED: '待审批', ACTIVE: '进行中', REJECTED: '已驳回', ENDED: '已到期', COMPLETED: '已完成' },
  appState: {
    DRAFT: '草稿', SUBMITTED: '已提交', UNDER_REVIEW: '评审中', DELIBERATED: '已审议', APPROVED: '已批准',
    GRANTED: '已授权', REJECTED: '已驳回', WITHDRAWN: '已撤回',
  },
  grantState: {
    AGREED: '已签协议', ACTIVE: '生效中', SUSPENDED: '已暂停', RECTIFICATION_REPORTED: '整改已报告',
    RECTIFICATION_OVERDUE: '整改逾期', TERMINATED: '已终止', REVOKED: '已撤销', EXPIRED: '已到期',
  },
  material: {
    APPLICATION_FORM: '申请表', AUDIT_AND_FINANCIAL_REPORTS: '审计与财务报告', DATA_SECURITY_COMMITMENT: '数据安全承诺书',
    SECURITY_RISK_SELF_ASSESSMENT: '安全风险自评估报告', LAB_EVALUATION_REPORT: '实验室技术评估报告',
  },
  point: {
    APPLICANT: '申请主体', PRODUCT_FEASIBILITY_AND_COMPLIANCE: '产品可行性与合规性',
    DATA_SECURITY_AND_PERSONAL_INFORMATION: '数据安全与个人信息保护', EMERGENCY_PLAN: '应急预案',
  },
  verdict: { FAVOURABLE: '同意', FAVOURABLE_WITH_CONDITIONS: '有条件同意', UNFAVOURABLE: '不同意' },
  reviewerKind: { EXPERT: '专家', SECTOR: '行业部门' },
  outcome: { APPROVE: '同意', REJECT: '不同意' },
  conclusion: { PASSED: '通过', PASSED_WITH_CONDITIONS: '有条件通过', FAILED: '未通过' },
  domain: { LIVELIHOOD: '民生服务', SOCIAL_NEED: '社会治理', INDUSTRY_VALUE: '产业发展', STRATEGIC_INDUSTRY: '战略性产业' },
  level: { MUNICIPAL: '市级', COUNTY: '区县级' },
  openness: { OPEN: '无条件开放', CONDITIONAL: '有条件开放', PROHIBITED: '禁止开放' },
}
