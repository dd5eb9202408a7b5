{{/* The chart's name, overridable. */}}
{{- define "vaultgate.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The release's full name: the prefix of every object the chart creates. */}}
{{- define "vaultgate.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* A name derived from the full name: include "vaultgate.suffixed" (list . "scope-policy") */}}
{{- define "vaultgate.suffixed" -}}
{{- printf "%s-%s" (include "vaultgate.fullname" (index . 0)) (index . 1) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "vaultgate.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "vaultgate.selectorLabels" -}}
app.kubernetes.io/name: {{ include "vaultgate.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "vaultgate.labels" -}}
helm.sh/chart: {{ include "vaultgate.chart" . }}
{{ include "vaultgate.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "vaultgate.serviceAccountName" -}}
{{- default (include "vaultgate.fullname" .) .Values.serviceAccount.name }}
{{- end }}

{{- define "vaultgate.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* The scope policy file as the operator reads it, or nothing. */}}
{{- define "vaultgate.scopePolicy" -}}
{{- if .Values.scopePolicy }}
{{- toYaml .Values.scopePolicy }}
{{- end }}
{{- end }}

{{/* The ranges table as the operator reads it, or nothing. A JSON string is kept as written. */}}
{{- define "vaultgate.rangesOverride" -}}
{{- $ranges := .Values.rangesOverride }}
{{- if kindIs "string" $ranges }}
{{- if $ranges }}
{{- $parsed := fromJson $ranges }}
{{- if or (hasKey $parsed "Error") (not (hasKey $parsed "version")) (not (hasKey $parsed "geographies")) }}
{{- fail "rangesOverride must be the JSON of an Azure DevOps ranges table, with \"version\" and \"geographies\"" }}
{{- end }}
{{- $ranges }}
{{- end }}
{{- else if $ranges }}
{{- toPrettyJson $ranges }}
{{- end }}
{{- end }}

{{/* What the operator does with its resources (PrivateVaultAccess, AgentIpGrant) and their Events: no wildcard. */}}
{{- define "vaultgate.operatorRules" -}}
- apiGroups: ["vaultgate.io"]
  resources: ["privatevaultaccesses", "agentipgrants"]
  verbs: ["get", "list", "watch", "patch", "update"]
- apiGroups: ["vaultgate.io"]
  resources: ["privatevaultaccesses/status", "agentipgrants/status"]
  verbs: ["get", "patch", "update"]
- apiGroups: ["vaultgate.io"]
  resources: ["privatevaultaccesses/finalizers", "agentipgrants/finalizers"]
  verbs: ["update"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["get", "list", "create", "patch"]
{{- end }}

{{/* Reading the Secrets named by spec.credentialsSecretRef: get only, optionally only by name. */}}
{{- define "vaultgate.credentialsRules" -}}
- apiGroups: [""]
  resources: ["secrets"]
  {{- with .Values.perNamespaceCredentials.secretNames }}
  resourceNames:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  verbs: ["get"]
{{- end }}

{{/* Settings that no schema can check, because they involve several values. */}}
{{- define "vaultgate.validate" -}}
{{- if and (not .Values.leaderElection.enabled) (gt (int .Values.replicas) 1) }}
{{- fail "leaderElection.enabled=false needs replicas: 1: two active replicas would race on the same vaults" }}
{{- end }}
{{- if and .Values.metrics.serviceMonitor.enabled (not .Values.metrics.service.enabled) }}
{{- fail "metrics.serviceMonitor.enabled needs metrics.service.enabled: the ServiceMonitor selects that Service" }}
{{- end }}
{{- if and .Values.perNamespaceCredentials.enabled (empty .Values.namespaces) (not .Values.perNamespaceCredentials.allowClusterWideSecretRead) }}
{{- fail "perNamespaceCredentials.enabled with namespaces: [] (all namespaces) would let the operator read Secrets in every namespace: list the watched namespaces, or set perNamespaceCredentials.allowClusterWideSecretRead=true to accept a ClusterRole (see values.yaml)" }}
{{- end }}
{{- end }}
