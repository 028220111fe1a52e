# shellcheck shell=bash
# R-19c (art. 19): the operator brings its own compliant data into its workspace through the import airlock
# (docs/own-data.md): declared source, legal basis, purpose and columns; automatic checks (schema, size, identifying
# patterns in columns not declared identifying); the data authority of the grant's jurisdiction decides; approved data
# is a source of this workspace only, graded and masked as declared, the root of its own lineage.

step "R-19c: the engineer declares an import of the operator's own survey data into the grant's workspace"
file own-import.json >/dev/null <<EOF
{"grantId": "$GRANT", "tableName": "survey", "source": "Haixin Data customer survey 2026, contract NB-S-11",
 "legalBasis": "PIPL art. 13(1): consent of each respondent, forms on file", "purpose": "district demand report",
 "columns": [
   {"name": "respondent", "type": "string", "classification": "DIRECT_IDENTIFIER", "grade": 3},
   {"name": "district", "type": "string", "classification": "QUASI_IDENTIFIER", "grade": 2},
   {"name": "visits", "type": "int", "classification": "BUSINESS", "grade": 1}]}
EOF
IMPORT=$(as engineer api -X POST /api/v1/own-data-imports -d @"$FILES/own-import.json" | field id)
echo "import $IMPORT (DRAFT)"

step "the file is uploaded and checked automatically (schema, size, identifying patterns): IN_REVIEW"
file own-file.json >/dev/null <<'EOF'
{"csv": "respondent,district,visits\nR-0001,Haishu,3\nR-0002,Yinzhou,5\nR-0003,Haishu,1\n"}
EOF
as engineer api -X PUT "/api/v1/own-data-imports/$IMPORT/file" -d @"$FILES/own-file.json"

step "a second import hides mobile numbers in a column declared not identifying: rejected, naming column and pattern only"
file own-leaky.json >/dev/null <<EOF
{"grantId": "$GRANT", "tableName": "contacts", "source": "call-centre log", "legalBasis": "service contract",
 "purpose": "demo", "columns": [{"name": "district", "type": "string", "classification": "QUASI_IDENTIFIER", "grade": 2},
 {"name": "note", "type": "string", "classification": "BUSINESS", "grade": 1}]}
EOF
LEAKY=$(as engineer api -X POST /api/v1/own-data-imports -d @"$FILES/own-leaky.json" | field id)
file own-leaky-file.json >/dev/null <<'EOF'
{"csv": "district,note\nHaishu,13812345678\n"}
EOF
as engineer api -X PUT "/api/v1/own-data-imports/$LEAKY/file" -d @"$FILES/own-leaky-file.json"

step "an engineer cannot decide; the municipal data authority approves: the data becomes the workspace's own source"
refused as engineer api -X POST "/api/v1/own-data-imports/$IMPORT/decision" -d '{"decision": "APPROVE", "reason": "mine"}'
as admin api -X POST "/api/v1/own-data-imports/$IMPORT/decision" \
  -d '{"decision": "APPROVE", "reason": "source and legal basis checked against contract NB-S-11"}'

step "the grant's imports, newest first (paged)"
as engineer api "/api/v1/own-data-imports?grantId=$GRANT&limit=10"
