/**
 * Shared vocabulary of the policy gate: what a loaded manifest looks like and
 * what a check reports. Every check module speaks only these types.
 */
import type { KeyPath } from '../shared/key-path';

/**
 * error fails the run; warning is shown and never fails; note says what the gate
 * could not verify (a target outside the input, a CEL rule it cannot evaluate).
 */
export type Severity = 'error' | 'warning' | 'note';

/**
 * correctness: the API server or an operator would refuse the object, or it
 * cannot work (schema, metadata, API-server field validation, CRD schemas and
 * CEL rules, references inside the input that do not resolve).
 * policy: our opinion of good practice (labels, Pod Security, probes, resources…).
 */
export type CheckClass = 'correctness' | 'policy';
export const CHECK_CLASSES: readonly CheckClass[] = ['correctness', 'policy'];

/** A key path inside one object, e.g. ['spec', 'template', 'spec', 'containers', 0, 'image']. */
export type { KeyPath };

/** One Kubernetes object read from a YAML document. */
export interface Manifest {
  /** File the object came from, as given on the command line (relative paths stay relative). */
  readonly file: string;
  /** 0-based index of the YAML document inside the file. */
  readonly docIndex: number;
  /** 1-based line where the document starts. */
  readonly line: number;
  /** The parsed object (plain JSON values). */
  readonly object: Record<string, any>;
  /** 1-based line of a key path inside this document; falls back to the document's line. */
  lineOf(path: KeyPath): number;
}

/** What a check says about one object, before waivers are applied. */
export interface Violation {
  /** Stable check id, kebab-case, e.g. 'no-latest-tag'. */
  readonly check: string;
  readonly severity: Severity;
  /** Overrides the class of the check id (the schema validator's violations are correctness). */
  readonly class?: CheckClass;
  /** Where in the object, as a key path ([] = the whole object). */
  readonly path: KeyPath;
  /** What is wrong, naming the bad value. */
  readonly message: string;
  /** How to fix it. */
  readonly hint: string;
}
