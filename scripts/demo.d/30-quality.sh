# Demo part (issue 20, D): a data quality request (R-20, docs/quality-requests.md), sourced by scripts/demo-lifecycle.sh
# while the grant is active. The engineer files a request against the granted dataset registry.enterprises (column
# uscc), the provider acknowledges and fixes it, the engineer confirms the fix, and the authority reads the provider's
# evaluation. A description carrying a data value (a phone number) is refused first.

step "quality request: a description with a data value is refused (R-20)"
refused as engineer api -X POST /api/v1/quality-requests -d "{\"grantId\": \"$GRANT\", \"datasetId\": \"registry.enterprises\",
  \"targetKind\": \"ROWS\", \"target\": \"rows of one district\", \"description\": \"the enterprise with phone 13800138000 has no code\",
  \"evidence\": \"seen in a join\"}"

step "quality request: the engineer files one against registry.enterprises, column uscc (R-20)"
QR=$(as engineer api -X POST /api/v1/quality-requests -d "{\"grantId\": \"$GRANT\", \"datasetId\": \"registry.enterprises\",
  \"targetKind\": \"COLUMN\", \"target\": \"uscc\",
  \"description\": \"about 2% of codes fail the check character of GB 32100, so joins with tax.payments lose enterprises\",
  \"evidence\": \"count of codes failing the check character, per district, computed in the workspace\"}" | field id)
echo "quality request $QR"
as provider api "/api/v1/quality-requests?state=OPEN&datasetId=registry.enterprises"

step "quality request: the provider acknowledges and fixes it (a fix needs a note)"
as provider api -X POST "/api/v1/quality-requests/$QR/acknowledge"
refused as provider api -X POST "/api/v1/quality-requests/$QR/fix" -d '{}'
as provider api -X POST "/api/v1/quality-requests/$QR/fix" \
  -d '{"note": "check characters recomputed from the registry at source; next delivery carries the corrected codes"}'

step "quality request: the engineer confirms the fix; the authority reads the provider's evaluation"
as engineer api -X POST "/api/v1/quality-requests/$QR/confirm"
as admin api "/api/v1/providers/market-regulation/quality-evaluation"
