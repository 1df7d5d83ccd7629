/**
 * What a policy check is: metadata the CLI and the reports show, and a run
 * function that sees the whole indexed set and reports violations on objects.
 */
import type { Inventory } from './inventory';
import type { CheckClass, KeyPath, Manifest, Severity } from './types';

/** Reports one violation of the running check on `manifest` at `path`. `hint` overrides the check's default fix. */
export type Reporter = (manifest: Manifest, path: KeyPath, message: string, hint?: string, severity?: Severity) => void;

/** What is shown about a check: everything but how it runs. */
export interface CheckInfo {
  /** Stable kebab-case id, used in findings and in waiver annotations. */
  readonly id: string;
  /** The checks/ file it lives in, for listing. */
  readonly group: string;
  readonly severity: Severity;
  /** correctness (refused by the API server or an operator, or cannot work) or policy (good practice). */
  readonly class: CheckClass;
  /** One line: what must hold. */
  readonly description: string;
  /** The usual fix, shown as "fix:" under a finding. */
  readonly hint: string;
  /** Why it matters and which established linters check the same. */
  readonly rationale: string;
}

export interface Check extends CheckInfo {
  run(inventory: Inventory, report: Reporter): void;
}
