/**
 * Strict schema validation, the gate's equivalent of `kubeconform -strict`:
 * every object must declare a current apiVersion and a kind the gate has a
 * schema for (Kubernetes 1.28 core, or a known CRD), and must match that
 * schema exactly: types, required fields, enums, formats (quantities, …)
 * and no unknown fields.
 *
 * Check ids: see SCHEMA_CHECKS in violations.ts.
 */
import { didYouMean } from '../../shared/did-you-mean';
import type { Manifest, Violation } from '../types';
import { findDeprecation, type Deprecation } from './deprecations';
import type { CrdCatalog } from './catalog';
import { knownKinds, validatorFor } from './registry';
import { error, SCHEMA_CHECKS, show } from './violations';

export { SCHEMA_CHECKS } from './violations';

export interface SchemaContext {
  /** CRDs learnt from the input and --crds: checked before the bundled schemas. */
  readonly catalog?: CrdCatalog;
  /** What a kind without any schema is: a warning (default) or an error (`--unknown-kinds error`). */
  readonly unknownKinds?: 'warning' | 'error';
}

export function validateSchema(manifest: Manifest, context: SchemaContext = {}): Violation[] {
  const object: unknown = manifest.object;
  if (object === null || typeof object !== 'object' || Array.isArray(object)) {
    return [
      error(
        SCHEMA_CHECKS.typeMeta,
        [],
        `the document is ${show(object)}, not a Kubernetes object`,
        'Each YAML document must be a mapping with apiVersion, kind and metadata.',
      ),
    ];
  }
  const { apiVersion, kind } = object as Record<string, unknown>;
  const typeMeta = [...typeMetaViolations('apiVersion', apiVersion, 'apps/v1'), ...typeMetaViolations('kind', kind, 'Deployment')];
  if (typeMeta.length > 0 || typeof apiVersion !== 'string' || typeof kind !== 'string') return typeMeta;

  const violations: Violation[] = [];
  const deprecation = findDeprecation(apiVersion, kind);
  if (deprecation) {
    violations.push(deprecationViolation(deprecation, apiVersion, kind));
    // A removed API has no schema to check against; fixing the apiVersion comes first.
    if (deprecation.severity === 'error') return violations;
  }
  const validator = context.catalog?.validatorFor(apiVersion, kind) ?? validatorFor(apiVersion, kind);
  if (!validator) return [...violations, { ...unknownKindViolation(apiVersion, kind), severity: context.unknownKinds ?? 'warning' }];
  return [...violations, ...validator(object as Record<string, unknown>)];
}

function typeMetaViolations(field: 'apiVersion' | 'kind', value: unknown, example: string): Violation[] {
  if (typeof value === 'string' && value.trim() !== '') return [];
  const problem = value === undefined ? `the object has no \`${field}\`` : `\`${field}\` is ${show(value)}, not a non-empty string`;
  return [
    error(
      SCHEMA_CHECKS.typeMeta,
      [field],
      problem,
      `Set \`${field}\` to a string such as "${example}"; without it the object cannot be validated or applied.`,
    ),
  ];
}

function deprecationViolation(d: Deprecation, apiVersion: string, kind: string): Violation {
  const hint = d.replacement
    ? [`Change apiVersion to \`${d.replacement}\`.`, d.note].filter(Boolean).join(' ')
    : (d.note ?? 'There is no replacement API; remove the object.');
  return {
    check: SCHEMA_CHECKS.deprecatedApiVersion,
    severity: d.severity,
    path: ['apiVersion'],
    message: `\`${apiVersion}\` ${kind} is ${d.status}${d.replacement ? `; use \`${d.replacement}\`` : ''}`,
    hint,
  };
}

function unknownKindViolation(apiVersion: string, kind: string): Violation {
  const known = knownKinds();
  const sameKind = known.filter((k) => k.kind === kind).map((k) => k.apiVersion);
  const sameGroupVersion = known.filter((k) => k.apiVersion === apiVersion).map((k) => k.kind);
  let hint: string;
  if (sameKind.length > 0) {
    hint = `\`${kind}\` is known under apiVersion ${sameKind.map((v) => `\`${v}\``).join(', ')}; change apiVersion.`;
  } else if (sameGroupVersion.length > 0) {
    const best = didYouMean(kind, sameGroupVersion);
    hint = best
      ? `Did you mean kind \`${best}\`? (kinds are case-sensitive)`
      : `\`${apiVersion}\` has these kinds: ${sameGroupVersion.join(', ')}.`;
  } else {
    hint =
      'Pass its CustomResourceDefinition with `--crds <file or folder>` (or include the CRD in the input) so the gate can validate it; ' +
      'Until then the object is not validated (a warning; `--unknown-kinds error` makes it an error).';
  }
  return error(SCHEMA_CHECKS.unknownKind, ['kind'], `no schema for kind \`${kind}\` in apiVersion \`${apiVersion}\` (no CRD in the input, --crds or the bundled schemas); it cannot be validated`, hint);
}
