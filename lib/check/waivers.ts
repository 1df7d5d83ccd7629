/**
 * Waivers: an annotation on the object itself,
 *
 *   metadata:
 *     annotations:
 *       cdk8s-stack.dev/waive.<check-id>: "<why this object may break the rule>"
 *
 * so the exception is reviewed with the object and travels with it. A waived
 * finding is still listed (marked waived, with the reason) but does not fail
 * the run. A waiver without a reason, or naming a check that does not exist,
 * is itself an error: an exception nobody can explain is not an exception.
 * The schema checks, deprecated-api-version and the waiver checks cannot be
 * waived: naming one is an error too (the API server would reject the object).
 */
import type { CheckInfo } from './check';
import type { Manifest, Violation } from './types';
import { asRecord, show } from '../shared/values';

import { WAIVER_PREFIX } from '../shared/waivers';

export { WAIVER_PREFIX };

export interface Waiver {
  readonly check: string;
  /** Trimmed; empty when the annotation gives none. */
  readonly reason: string;
  readonly annotation: string;
}

export const WAIVER_WITHOUT_REASON: CheckInfo = {
  id: 'waiver-without-reason',
  group: 'waivers',
  severity: 'error',
  class: 'policy',
  description: `A waiver annotation (${WAIVER_PREFIX}<check-id>) gives a reason.`,
  hint: `write why the object may break the rule as the annotation value: ${WAIVER_PREFIX}<check-id>: "<reason>"`,
  rationale: 'An exception nobody can explain cannot be reviewed or revisited. A waiver without a reason waives nothing.',
};

export const WAIVER_UNKNOWN_CHECK: CheckInfo = {
  id: 'waiver-unknown-check',
  group: 'waivers',
  severity: 'error',
  class: 'policy',
  description: `A waiver annotation names an existing check id (see --list-checks).`,
  hint: 'fix the check id in the annotation key (npm run check -- --list-checks lists them), or remove the waiver',
  rationale: 'A misspelt waiver silently waives nothing, and a stale one hides that the rule was renamed.',
};

export const WAIVER_UNWAIVABLE_CHECK: CheckInfo = {
  id: 'waiver-unwaivable-check',
  group: 'waivers',
  severity: 'error',
  class: 'policy',
  description: 'A waiver annotation does not name a check that cannot be waived: the schema checks (schema-*), deprecated-api-version and the waiver checks.',
  hint: 'fix the object so that the API server accepts it (the schema finding says how), and remove the waiver',
  rationale: 'The API server rejects an object that fails its schema or uses a removed apiVersion, whatever the annotation says: waiving the finding would turn a failed sync into a passing gate.',
};

export const waiverChecks: readonly CheckInfo[] = [WAIVER_WITHOUT_REASON, WAIVER_UNKNOWN_CHECK, WAIVER_UNWAIVABLE_CHECK];

export function waiversOf(manifest: Manifest): Waiver[] {
  const annotations = asRecord(asRecord(manifest.object.metadata)?.annotations) ?? {};
  return Object.entries(annotations)
    .filter(([key]) => key.startsWith(WAIVER_PREFIX))
    .map(([key, value]) => ({
      check: key.slice(WAIVER_PREFIX.length),
      reason: typeof value === 'string' ? value.trim() : value === null || value === undefined ? '' : String(value).trim(),
      annotation: key,
    }));
}

/** Findings about the waivers themselves: missing reasons, unknown check ids, checks that cannot be waived. */
export function waiverViolations(manifest: Manifest, isKnownCheck: (id: string) => boolean, isWaivable: (id: string) => boolean = () => true): Violation[] {
  const out: Violation[] = [];
  for (const waiver of waiversOf(manifest)) {
    const path = ['metadata', 'annotations', waiver.annotation];
    if (!isKnownCheck(waiver.check)) {
      const info = WAIVER_UNKNOWN_CHECK;
      out.push({ check: info.id, severity: info.severity, path, message: `waiver ${show(waiver.annotation)} names no known check ${show(waiver.check)}`, hint: info.hint });
    } else if (!isWaivable(waiver.check)) {
      const info = WAIVER_UNWAIVABLE_CHECK;
      out.push({ check: info.id, severity: info.severity, path, message: `waiver ${show(waiver.annotation)} names ${waiver.check}, which cannot be waived (the API server rejects the object regardless)`, hint: info.hint });
    }
    if (waiver.reason === '') {
      const info = WAIVER_WITHOUT_REASON;
      out.push({ check: info.id, severity: info.severity, path, message: `waiver for ${waiver.check} gives no reason`, hint: info.hint });
    }
  }
  return out;
}

/** The reason that waives `check` on this object, or undefined (a waiver without a reason waives nothing). */
export function waiverReason(waivers: readonly Waiver[], check: string): string | undefined {
  const reason = waivers.find((waiver) => waiver.check === check)?.reason;
  return reason === '' ? undefined : reason;
}
