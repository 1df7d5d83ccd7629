/**
 * The registry: every check the gate runs, in listing order (schema first,
 * then the policy groups as POLICIES.md orders them, then the waiver checks).
 */
import type { Check, CheckInfo } from '../check';
import { SCHEMA_CHECKS } from '../schema/index';
import { waiverChecks } from '../waivers';
import { apiServerChecks } from './api-server';
import { availabilityChecks } from './availability';
import { autoscalingChecks } from './autoscaling';
import { containerChecks } from './containers';
import { labelChecks } from './labels';
import { networkChecks } from './network';
import { podSecurityChecks } from './pod-security';
import { prometheusRuleChecks } from './prometheus-rules';
import { rbacChecks } from './rbac';
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
  unknownKind: 'The kind is one the gate has a schema for (Kubernetes 1.28 or a known CRD); nothing is silently skipped.',
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

export const SCHEMA_INFOS: readonly CheckInfo[] = Object.entries(SCHEMA_CHECKS).map(([key, id]) => ({
  ...SCHEMA_FAMILY,
  id,
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
  ...workloadHygieneChecks,
  ...secretChecks,
  ...rbacChecks,
  ...labelChecks,
  ...prometheusRuleChecks,
];

/** The checks that run only when the gate is asked for production (`--production`, `stack.tier: production`). */
export const PRODUCTION_CHECKS: readonly Check[] = productionChecks;

/** The policy checks of one run: every input gets POLICY_CHECKS; production adds PRODUCTION_CHECKS. */
export function policyChecks(options: { readonly production?: boolean } = {}): readonly Check[] {
  return options.production ? [...POLICY_CHECKS, ...PRODUCTION_CHECKS] : POLICY_CHECKS;
}

/** Everything --list-checks shows and SARIF declares as rules. */
export const ALL_CHECKS: readonly CheckInfo[] = [...SCHEMA_INFOS, ...POLICY_CHECKS, ...PRODUCTION_CHECKS, ...waiverChecks];

const byId = new Map<string, CheckInfo>(ALL_CHECKS.map((info) => [info.id, info]));

export function isKnownCheckId(id: string): boolean {
  return byId.has(id);
}

/** Metadata for a check id, undefined for an id nobody registered. */
export function checkInfo(id: string): CheckInfo | undefined {
  return byId.get(id);
}
