# R-26, inspections (docs/inspections.md): the security supervisor inspects the demo operator, issues a finding with a
# rectification deadline, the operator's accountable person reports the rectification, the supervisor verifies it and
# closes the inspection. The supervisor's reads of the audit trail are themselves audited. The grant stays active
# (suspension from a finding is shown in InspectionFlowTest, not here).
RECTIFY_BY=$(date -u -d '+30 days' +%FT%TZ)

step "security supervisor records an inspection of the operator: systems, data use, security capability (R-26)"
INSPECTION=$(as security api -X POST /api/v1/inspections -d "{\"organizationId\": \"$ORG\", \"inspectionDate\": \"$TODAY\",
  \"scope\": {\"systems\": true, \"dataUse\": true, \"securityCapability\": true, \"grantIds\": [\"$GRANT\"]},
  \"inspectors\": [\"security\"]}" | field id)
echo "inspection $INSPECTION"
refused as engineer api -X POST /api/v1/inspections -d "{\"organizationId\": \"$ORG\", \"inspectionDate\": \"$TODAY\",
  \"scope\": {\"systems\": true}}"
as security api -X POST "/api/v1/inspections/$INSPECTION/start" > /dev/null

step "a finding with a rectification deadline; the operator is notified"
FINDING=$(as security api -X POST "/api/v1/inspections/$INSPECTION/findings" -d "{\"grantId\": \"$GRANT\",
  \"severity\": \"MEDIUM\", \"description\": \"workspace member access is not reviewed periodically\",
  \"rectificationDeadline\": \"$RECTIFY_BY\"}" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["findings"][-1]["id"])')
echo "finding $FINDING, rectify by $RECTIFY_BY"
refused as security api -X POST "/api/v1/inspections/$INSPECTION/close"

step "the accountable person reports the rectification; the supervisor verifies it and closes the inspection"
as applicant api -X POST "/api/v1/findings/$FINDING/rectification" \
  -d '{"report": "quarterly access review introduced; first review held and minuted"}' | field state
refused as applicant api -X POST "/api/v1/findings/$FINDING/verify"
as security api -X POST "/api/v1/findings/$FINDING/verify" -d '{"note": "review minutes seen"}' | field state
as security api -X POST "/api/v1/inspections/$INSPECTION/close" | field state

step "the supervisor's read of the audit trail is itself audited (supervision.read)"
as security api "/api/v1/audit?subject=$INSPECTION" \
  | python3 -c 'import json,sys; [print(r["action"], r["actor"]) for r in json.load(sys.stdin)["records"]]'
as security api "/api/v1/audit?actor=security&limit=1000" \
  | python3 -c 'import json,sys; r=[x for x in json.load(sys.stdin)["records"] if x["action"]=="supervision.read"]; print(len(r), "supervisory reads audited, last:", r[-1]["detail"])'
