/**
 * The registry: every check the gate runs, in listing order (schema first,
 * then the policy groups as POLICIES.md orders them, then the waiver checks).
 */
import type { Check, CheckInfo } from '../check';
import { SCHEMA_CHECKS } from '../schema/index';
import { waiverChecks } from '../waivers';
import { availabilityChecks } from './availability';
import { autoscalingChecks } from './autoscaling';
import { containerChecks } from './containers';
import { labelChecks } from './labels';
import { networkChecks } from './network';
import { podSecurityChecks } from './pod-security';
import { prometheusRuleChecks } from './prometheus-rules';
import { rbacChecks } from './rbac';
import { secretChecks } from './secrets';
import { workloadHygieneChecks } from './workload-hygiene';

/**
 * The schema validator (lib/check/schema) reports under its own ids
 * (SCHEMA_CHECKS). They are listed here as one family with one description,
 * so waivers and reports know them without this file repeating each one.
 */
const SCHEMA_IDS: ReadonlySet<string> = new Set(Object.values(SCHEMA_CHECKS));

export const SCHEMA_CHECK: CheckInfo = {
  id: 'schema',
  group: 'schema',
  severity: 'error',
  description: 'Every object validates strictly against the Kubernetes 1.28 OpenAPI schema (or its CRD schema): types, required fields, enums, quantities, no unknown fields, no removed or deprecated apiVersion.',
  hint: 'fix the field as the message says; `kubectl explain <kind>.<field>` shows the schema',
  rationale: 'An object the API server rejects fails the whole sync; an unknown field is usually a typo that silently does nothing (kubeconform -strict).',
};

/** The policy checks that run on the indexed set. */
export const POLICY_CHECKS: readonly Check[] = [
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

/** Everything --list-checks shows and SARIF declares as rules. */
export const ALL_CHECKS: readonly CheckInfo[] = [SCHEMA_CHECK, ...POLICY_CHECKS, ...waiverChecks];

const byId = new Map<string, CheckInfo>(ALL_CHECKS.map((info) => [info.id, info]));

export function isSchemaCheckId(id: string): boolean {
  return SCHEMA_IDS.has(id);
}

export function isKnownCheckId(id: string): boolean {
  return byId.has(id) || isSchemaCheckId(id);
}

/** Metadata for a check id; a schema id gets the family's text under its own id. */
export function checkInfo(id: string): CheckInfo | undefined {
  const info = byId.get(id);
  if (info) return info;
  return isSchemaCheckId(id) ? { ...SCHEMA_CHECK, id } : undefined;
}
