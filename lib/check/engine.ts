/**
 * Runs the gate over a set of manifests: schema validation per object, every
 * policy check over the indexed set, the waiver rules, then waivers applied.
 * The result is sorted (file, line, check, path) so output is byte-stable.
 */
import type { Check } from './check';
import { checkInfo, isKnownCheckId, POLICY_CHECKS, SCHEMA_INFOS } from './checks/index';
import { Inventory } from './inventory';
import { formatPath } from '../shared/key-path';
import { objectId } from './objects';
import { CrdCatalog, isCrdObject, type CrdSource } from './schema/catalog';
import { SCHEMA_CHECKS, validateSchema } from './schema/index';
import type { CheckClass, KeyPath, Manifest, Severity, Violation } from './types';
import { waiverChecks, waiverReason, waiversOf, waiverViolations } from './waivers';

/**
 * Findings no annotation can waive: the waiver rules themselves, and the
 * schema checks with deprecated-api-version (the API server rejects such an
 * object whatever its annotations say, so the gate must fail too).
 */
const UNWAIVABLE: ReadonlySet<string> = new Set(
  [...waiverChecks, ...SCHEMA_INFOS].map((info) => info.id).filter((id) => id !== SCHEMA_CHECKS.unknownKind && id !== SCHEMA_CHECKS.celSkipped),
);

export function isWaivable(check: string): boolean {
  return !UNWAIVABLE.has(check);
}

/** A violation placed in its file and object, with the waiver that covers it, if any. */
export interface Finding extends Violation {
  /** correctness or policy: the check's class (see CheckClass). */
  readonly class: CheckClass;
  readonly file: string;
  /** 1-based line of the path (or of the nearest part of it that exists). */
  readonly line: number;
  /** 1-based column, when known (YAML syntax errors). */
  readonly col?: number;
  /** `Kind namespace/name`, or `Kind name` when cluster-scoped. */
  readonly object: string;
  /** Present when a waiver annotation with a reason covers this finding. */
  readonly waived?: { readonly reason: string };
}

export interface Summary {
  readonly files: number;
  readonly objects: number;
  /** Error findings that are not waived: any of these fails the run. */
  readonly errors: number;
  /** Warning findings that are not waived: shown, never failing. */
  readonly warnings: number;
  /** Notes: what the gate could not verify (never failing). */
  readonly notes: number;
  readonly waived: number;
  /** Unwaived findings per class (errors, warnings and notes together). */
  readonly byClass: Readonly<Record<CheckClass, number>>;
}

export interface Report {
  readonly findings: readonly Finding[];
  readonly summary: Summary;
  /** True when no unwaived error remains. */
  readonly passed: boolean;
}

export interface CheckOptions {
  /** The policy checks to run (default: all). Tests narrow this; the CLI never does. */
  readonly checks?: readonly Check[];
  /** Every file read, objects or not: an empty or comment-only file still counts as checked. */
  readonly files?: readonly string[];
  /** CustomResourceDefinitions from `--crds`; those in the input are learnt too. */
  readonly crds?: readonly CrdSource[];
  /** A kind with no schema anywhere: a warning (default) or an error (`--unknown-kinds error`). */
  readonly unknownKinds?: 'warning' | 'error';
  /** Only findings of this class (`--class`): the other class's checks do not run. */
  readonly class?: CheckClass;
  /** Findings that are not about one object (e.g. a YAML syntax error, a skipped Helm template), placed at file:line. */
  readonly fileFindings?: readonly FileFinding[];
}

/** A finding about a file rather than an object: unreadable YAML, a kustomization or Helm file skipped. */
export interface FileFinding {
  readonly file: string;
  readonly line: number;
  readonly col?: number;
  readonly check: string;
  readonly severity: Severity;
  readonly message: string;
  readonly hint: string;
}

/** A check threw: a bug in the gate, reported as such (never as a finding about the input). */
export class CheckCrash extends Error {
  constructor(readonly check: string, cause: unknown) {
    super(`check ${check} failed unexpectedly: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'CheckCrash';
  }
}

export function checkManifests(input: readonly Manifest[], options: CheckOptions = {}): Report {
  // Input order must not matter (e.g. which object a namespace-level finding lands on): use file order.
  const manifests = [...input].sort(byPosition);
  const raw: { manifest: Manifest; violation: Violation }[] = [];

  const wanted = (violation: Violation) => options.class === undefined || classOf(violation) === options.class;
  const inputCrds = manifests.filter((m) => isCrdObject(m.object)).map((m) => ({ object: m.object, source: m.file }));
  // --crds first, the input's own CRDs last: the CRD applied with the objects wins.
  const catalog = new CrdCatalog([...(options.crds ?? []), ...inputCrds]);
  const celSkipped = new Map<string, { manifest: Manifest; rules: number; objects: number }>();
  for (const manifest of manifests) {
    if (options.class === 'policy') break;
    let schemaViolations: Violation[];
    try {
      schemaViolations = validateSchema(manifest, { catalog, unknownKinds: options.unknownKinds });
    } catch (error) {
      throw new CheckCrash('schema', error);
    }
    for (const violation of schemaViolations) {
      if (violation.check === SCHEMA_CHECKS.celSkipped) {
        // One note per kind, on its first object, with the totals: not one per object.
        const kind = `${String(manifest.object.apiVersion)} ${String(manifest.object.kind)}`;
        const rules = Number(/^\d+/.exec(violation.message)?.[0] ?? 0);
        const seen = celSkipped.get(kind);
        if (seen) {
          seen.rules += rules;
          seen.objects++;
        } else celSkipped.set(kind, { manifest, rules, objects: 1 });
        continue;
      }
      raw.push({ manifest, violation });
    }
  }
  for (const [kind, { manifest, rules, objects }] of celSkipped) {
    raw.push({
      manifest,
      violation: {
        check: SCHEMA_CHECKS.celSkipped,
        severity: 'note',
        path: [],
        message: `${rules} x-kubernetes-validations rule evaluation${rules === 1 ? '' : 's'} skipped on ${objects} ${kind} object${objects === 1 ? '' : 's'} (Kubernetes CEL extensions the gate's CEL library lacks)`,
        hint: 'nothing to do; a server-side dry run (kubectl apply --dry-run=server) evaluates every rule',
      },
    });
  }

  const inventory = new Inventory(manifests);
  for (const check of options.checks ?? POLICY_CHECKS) {
    if (options.class !== undefined && check.class !== options.class) continue;
    const report = (manifest: Manifest, path: KeyPath, message: string, hint?: string, severity?: Severity) => {
      raw.push({ manifest, violation: { check: check.id, severity: severity ?? check.severity, path, message, hint: hint ?? check.hint } });
    };
    try {
      check.run(inventory, report);
    } catch (error) {
      throw new CheckCrash(check.id, error);
    }
  }

  for (const manifest of manifests) {
    for (const violation of waiverViolations(manifest, isKnownCheckId, isWaivable)) if (wanted(violation)) raw.push({ manifest, violation });
  }

  const waiverCache = new Map<Manifest, ReturnType<typeof waiversOf>>();
  const findings: Finding[] = raw.map(({ manifest, violation }) => {
    let waivers = waiverCache.get(manifest);
    if (!waivers) waiverCache.set(manifest, (waivers = waiversOf(manifest)));
    const reason = UNWAIVABLE.has(violation.check) ? undefined : waiverReason(waivers, violation.check);
    const finding: Finding = {
      check: violation.check,
      class: classOf(violation),
      severity: violation.severity,
      path: violation.path,
      message: violation.message,
      hint: violation.hint,
      file: manifest.file,
      line: manifest.lineOf(violation.path),
      object: objectId(manifest.object),
    };
    return reason === undefined ? finding : { ...finding, waived: { reason } };
  });
  for (const f of options.fileFindings ?? []) {
    const finding: Finding = { check: f.check, class: classOf(f), severity: f.severity, path: [], message: f.message, hint: f.hint, file: f.file, line: f.line, ...(f.col ? { col: f.col } : {}), object: '(file)' };
    if (wanted(finding)) findings.push(finding);
  }
  sortFindings(findings);

  const count = (severity: Severity) => findings.filter((f) => f.severity === severity && !f.waived).length;
  const inClass = (c: CheckClass) => findings.filter((f) => f.class === c && !f.waived).length;
  const summary: Summary = {
    files: new Set([...(options.files ?? []), ...manifests.map((m) => m.file), ...(options.fileFindings ?? []).map((f) => f.file)]).size,
    objects: manifests.length,
    errors: count('error'),
    warnings: count('warning'),
    notes: count('note'),
    waived: findings.filter((f) => f.waived).length,
    byClass: { correctness: inClass('correctness'), policy: inClass('policy') },
  };
  return { findings, summary, passed: summary.errors === 0 };
}

/** The class of a violation: its own, else its check's; an id nobody registered is correctness (schema ids). */
function classOf(violation: Pick<Violation, 'check' | 'class'>): CheckClass {
  return violation.class ?? checkInfo(violation.check)?.class ?? 'correctness';
}

function byPosition(a: Manifest, b: Manifest): number {
  // Only the items of one `kind: List` document share file and docIndex; only they need the (lazily resolved) line.
  return compare(a.file, b.file) || a.docIndex - b.docIndex || a.line - b.line;
}

/**
 * Sorts by file, line, check, path, object, message. Keys are computed once per
 * finding (file rank, rendered path), not per comparison: a bad folder can
 * produce a hundred thousand findings.
 */
function sortFindings(findings: Finding[]): void {
  const fileRank = new Map([...new Set(findings.map((f) => f.file))].sort(compare).map((file, rank) => [file, rank]));
  const keyed = findings.map((finding) => ({ finding, file: fileRank.get(finding.file)!, path: formatPath(finding.path) }));
  keyed.sort(
    (a, b) =>
      a.file - b.file ||
      a.finding.line - b.finding.line ||
      compare(a.finding.check, b.finding.check) ||
      compare(a.path, b.path) ||
      compare(a.finding.object, b.finding.object) ||
      compare(a.finding.message, b.finding.message),
  );
  keyed.forEach(({ finding }, index) => (findings[index] = finding));
}

/** Code-point order: the same on every machine and locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
