# Part of scripts/demo-lifecycle.sh (sourced after the products are listed): the exchange loop of R-19c
# (docs/exchange.md). The accountable person recommends the listed product to a partner data exchange, the authority
# exports the registration record (its SHA-256 is kept) and records the exchange's registration number. In the main
# demo $P2 is the listed product; $P1 was refused by the automatic checks, so recommending it is refused.

step "a listed product is recommended to a partner data exchange; an unlisted one is refused (R-19c)"
EXR=$(as applicant api -X POST "/api/v1/products/$P2/exchange-recommendations" \
  -d '{"exchange": "Ningbo Data Exchange", "note": "demand from SME lenders"}' -o json | field id)
echo "recommendation: $EXR"
refused as applicant api -X POST "/api/v1/products/$P1/exchange-recommendations" -d '{"exchange": "Ningbo Data Exchange"}'
refused as engineer2 api -X POST "/api/v1/products/$P2/exchange-recommendations" -d '{"exchange": "Ningbo Data Exchange"}'

step "the authority exports the registration record (format shuyu.exchange-registration/1) and checks its digest"
SHA=$(as admin api -X POST "/api/v1/exchange-recommendations/$EXR/submit" -o json | field exportSha256)
EXPORT="${TMPDIR:-/tmp}/shuyu-exchange-$EXR.json"
as admin api "/api/v1/exchange-recommendations/$EXR/export" -o json > "$EXPORT"
AGAIN=$(python3 -c 'import hashlib,json,sys; d=json.load(open(sys.argv[1]));
print(hashlib.sha256(json.dumps(d, separators=(",", ":"), ensure_ascii=False).encode("utf-8")).hexdigest())' "$EXPORT")
echo "export: $EXPORT; exportSha256 $SHA; recomputed $AGAIN"
[ "$SHA" = "$AGAIN" ] && echo "the export is the one recorded" || echo "NOTE: the recomputed digest differs (reformatted JSON)"
refused as applicant api -X POST "/api/v1/exchange-recommendations/$EXR/registration" -d '{"registrationNumber": "NBDE-1"}'

step "the authority records the exchange's answer: registered"
as admin api -X POST "/api/v1/exchange-recommendations/$EXR/registration" \
  -d "{\"registrationNumber\": \"NBDE-$(date +%Y)-00042\"}"
as applicant api "/api/v1/exchange-recommendations?productId=$P2"
