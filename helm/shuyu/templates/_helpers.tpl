{{- define "shuyu.fullname" -}}
{{- printf "%s" .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "shuyu.selectorLabels" -}}
app.kubernetes.io/name: shuyu
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: controller
{{- end -}}

{{- define "shuyu.labels" -}}
{{ include "shuyu.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/part-of: shuyu
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* Verbs on the workspace objects the provisioner writes: server-side apply patches; the fallback reads, creates, updates. */}}
{{- define "shuyu.applyVerbs" -}}
{{- if eq .Values.kubernetes.apply "server-side" -}}
["patch"]
{{- else if eq .Values.kubernetes.apply "read-compare-write" -}}
["get", "create", "update"]
{{- else -}}
{{- fail "kubernetes.apply must be server-side or read-compare-write" -}}
{{- end -}}
{{- end -}}
