/**
 * The registry: every check the gate runs, in listing order (schema first,
 * then the policy groups as POLICIES.md orders them, then the waiver checks).
 */
import type { Check, CheckInfo } from '../check';
import type { Severity } from '../types';
import { SCHEMA_CHECKS } from '../schema/index';
import { waiverChecks } from '../waivers';
import { apiServerChecks } from './api-server';
import { availabilityChecks } from './availability';
import { autoscalingChecks } from './autoscaling';
import { containerChecks } from './containers';
import { gatewayChecks, gatewayProductionChecks } from './gateway';
import { labelChecks } from './labels';
import { networkChecks } from './network';
import { podSecurityChecks } from './pod-security';
import { prometheusRuleChecks } from './prometheus-rules';
import { rbacChecks } from './rbac';
import { rolloutChecks } from './rollouts';
import { secretChecks } from './secrets';
import { productionChecks } from './single-point-of-failure';
import { workloadHygieneChecks } from './workload-hygiene';

/**
 * The schema validator (lib/check/schema) reports under its own ids
 * (SCHEMA_CHECKS); they are registered here so that --list-checks, SARIF rules
 * and waivers know them. An id added there without a line here still gets the
 * family text.
 */
const SCHEMA_TEXT: Readonly<Record<string, string>> = {
  unknownField: 'No field the schema does not define (strict, like kubeconform -strict): usually a typo that silently does nothing.',
  required: 'Every field the schema requires is present.',
  type: 'Every field has the type the schema gives it (string, integer, boolean, list, mapping).',
  enum: 'Enumerated fields take one of their allowed values.',
  quantity: 'CPU and memory quantities are valid Kubernetes quantities (500m, 1Gi...).',
  format: 'Formatted strings (names, labels, ports, dates...) are valid.',
  constraint: 'The numeric, length and pattern limits of the schema hold.',
  typeMeta: 'Every object has a non-empty apiVersion and kind.',
  unknownKind: 'The kind has a schema: Kubernetes, a bundled CRD, a CRD in the input or one passed with --crds. A warning (the object is not validated), an error with --unknown-kinds error.',
  cel: 'The x-kubernetes-validations (CEL) rules of the CRD hold for the custom resource.',
  celSkipped: 'Note: how many x-kubernetes-validations rules the gate could not evaluate (Kubernetes CEL extensions its CEL library lacks).',
  deprecatedApiVersion: 'The apiVersion is neither removed nor deprecated in the target Kubernetes version.',
  other: 'The object validates against the schema of its kind.',
};

const SCHEMA_FAMILY: Omit<CheckInfo, 'id' | 'description'> = {
  group: 'schema',
  severity: 'error',
  class: 'correctness',
  hint: 'fix the field as the message says; `kubectl explain <kind>.<field>` shows the schema',
  rationale: 'The API server rejects an object that does not match its schema, which fails the whole sync. Kubernetes 1.28 OpenAPI schema and the CRD schemas of the custom resources we emit.',
};

/** Schema ids whose findings are not errors by default. */
const SCHEMA_SEVERITY: Readonly<Record<string, Severity>> = { unknownKind: 'warning', celSkipped: 'note' };

export const SCHEMA_INFOS: readonly CheckInfo[] = Object.entries(SCHEMA_CHECKS).map(([key, id]) => ({
  ...SCHEMA_FAMILY,
  id,
  severity: SCHEMA_SEVERITY[key] ?? SCHEMA_FAMILY.severity,
  description: SCHEMA_TEXT[key] ?? SCHEMA_TEXT.other!,
}));

/** The policy checks that run on the indexed set. */
export const POLICY_CHECKS: readonly Check[] = [
  ...apiServerChecks,
  ...podSecurityChecks,
  ...containerChecks,
  ...availabilityChecks,
  ...autoscalingChecks,
  ...networkChecks,
  ...gatewayChecks,
  ...workloadHygieneChecks,
  ...secretChecks,
  ...rbacChecks,
  ...labelChecks,
  ...prometheusRuleChecks,
  ...rolloutChecks,
];

/** The checks that run only when the gate is asked for production (`--production`, `stack.tier: production`). */
export const PRODUCTION_CHECKS: readonly Check[] = [...productionChecks, ...gatewayProductionChecks];

/** The policy checks of one run: every input gets POLICY_CHECKS; production adds PRODUCTION_CHECKS. */
export function policyChecks(options: { readonly production?: boolean } = {}): readonly Check[] {
  return options.production ? [...POLICY_CHECKS, ...PRODUCTION_CHECKS] : POLICY_CHECKS;
}

/**
 * Findings about the input files rather than objects (lib/check/load.ts): a file that cannot be
 * read or parsed (exit 2, but the report is still written), and files skipped on purpose.
 */
export const INPUT_ERROR: CheckInfo = {
  id: 'input-error',
  group: 'input',
  severity: 'error',
  class: 'correctness',
  description: 'Every input path exists and every file is valid YAML (or JSON) whose documents are mappings; the finding gives the line and column of the syntax error.',
  hint: 'fix the YAML at the line and column given (indentation, an unclosed quote or bracket, a duplicate key)',
  rationale: 'kubectl cannot apply a file it cannot parse; nothing in such a file was checked. The run exits 2 and the report (SARIF, JSON, JUnit) is still written.',
};

export const INPUT_SKIPPED: CheckInfo = {
  id: 'input-skipped',
  group: 'input',
  severity: 'note',
  class: 'correctness',
  description: 'Files that feed a tool rather than the API server (kustomization.yaml, Helm Chart.yaml, values and templates, non-Kubernetes JSON) are skipped with a note.',
  hint: 'render them first (kustomize build, helm template) and check the output',
  rationale: 'Checking a kustomization or a Helm template as if it were an object only produces noise; the objects they produce are what the cluster gets.',
};

export const INPUT_CHECKS: readonly CheckInfo[] = [INPUT_ERROR, INPUT_SKIPPED];

/** Everything --list-checks shows and SARIF declares as rules. */
export const ALL_CHECKS: readonly CheckInfo[] = [...INPUT_CHECKS, ...SCHEMA_INFOS, ...POLICY_CHECKS, ...PRODUCTION_CHECKS, ...waiverChecks];

const byId = new Map<string, CheckInfo>(ALL_CHECKS.map((info) => [info.id, info]));

export function isKnownCheckId(id: string): boolean {
  return byId.has(id);
}

/** Metadata for a check id, undefined for an id nobody registered. */
export function checkInfo(id: string): CheckInfo | undefined {
  return byId.get(id);
}
