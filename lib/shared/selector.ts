/**
 * Kubernetes label selectors, and an index that answers "which items do these
 * labels select" without scanning every item: the cross-object checks run one
 * query per Service, PDB, NetworkPolicy... and must stay linear in the set size.
 * Shared by the gate and the per-environment report's traffic graph.
 */
import { asArray, asString, asStringMap, isRecord } from './values';
import { appendTo } from './collections';

export interface Requirement {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  readonly values: readonly string[];
}

/** A parsed selector. `matchesNothing` marks a null or malformed selector, which selects no pods. */
export interface Selector {
  readonly matchLabels: Readonly<Record<string, string>>;
  readonly requirements: readonly Requirement[];
  readonly matchesNothing: boolean;
}

const NOTHING: Selector = { matchLabels: {}, requirements: [], matchesNothing: true };
const OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

/**
 * A `metav1.LabelSelector` ({matchLabels, matchExpressions}). An empty selector
 * selects everything; a missing one (null) selects nothing, as for a policy/v1 PDB.
 */
export function labelSelector(value: unknown): Selector {
  if (!isRecord(value)) return NOTHING;
  const requirements: Requirement[] = [];
  for (const expression of asArray(value.matchExpressions)) {
    if (!isRecord(expression)) return NOTHING;
    const key = asString(expression.key);
    const operator = expression.operator;
    if (key === undefined || typeof operator !== 'string' || !OPERATORS.has(operator)) return NOTHING;
    const values = asArray(expression.values).filter((v): v is string => typeof v === 'string');
    requirements.push({ key, operator: operator as Requirement['operator'], values });
  }
  return { matchLabels: asStringMap(value.matchLabels), requirements, matchesNothing: false };
}

/** A Service-style selector (a plain label map). Empty or missing selects nothing: such a Service has manual endpoints. */
export function mapSelector(value: unknown): Selector {
  const matchLabels = asStringMap(value);
  if (Object.keys(matchLabels).length === 0) return NOTHING;
  return { matchLabels, requirements: [], matchesNothing: false };
}

export function isEmptySelector(selector: Selector): boolean {
  return !selector.matchesNothing && Object.keys(selector.matchLabels).length === 0 && selector.requirements.length === 0;
}

export function matches(selector: Selector, labels: Readonly<Record<string, string>>): boolean {
  if (selector.matchesNothing) return false;
  for (const [key, value] of Object.entries(selector.matchLabels)) {
    if (labels[key] !== value) return false;
  }
  for (const { key, operator, values } of selector.requirements) {
    const has = Object.hasOwn(labels, key);
    switch (operator) {
      case 'In':
        if (!has || !values.includes(labels[key]!)) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[key]!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
    }
  }
  return true;
}

/** Renders a selector for messages: `app=api,tier in (web,edge)`. */
export function describeSelector(selector: Selector): string {
  if (selector.matchesNothing) return '(none)';
  const parts = Object.entries(selector.matchLabels).map(([k, v]) => `${k}=${v}`);
  for (const { key, operator, values } of selector.requirements) {
    if (operator === 'Exists') parts.push(key);
    else if (operator === 'DoesNotExist') parts.push(`!${key}`);
    else parts.push(`${key} ${operator === 'In' ? 'in' : 'notin'} (${values.join(',')})`);
  }
  return parts.length === 0 ? '(everything)' : parts.join(',');
}

/** Renders a label map for messages: `app=api,tier=web`, or `(none)`. */
export function describeLabels(labels: Readonly<Record<string, string>>): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
  return parts.length === 0 ? '(none)' : parts.join(',');
}

/**
 * Items indexed by their labels. A query starts from the shortest posting list
 * of its `key=value` pairs (or `key` for In/Exists) and filters only those,
 * so a selector costs the size of what it could match, not of the whole set.
 * Results keep insertion order, so checks stay deterministic.
 */
export class LabelIndex<T> {
  private readonly all: { item: T; labels: Readonly<Record<string, string>> }[] = [];
  private readonly byPair = new Map<string, number[]>();
  private readonly byKey = new Map<string, number[]>();

  add(labels: Readonly<Record<string, string>>, item: T): void {
    const position = this.all.length;
    this.all.push({ item, labels });
    for (const [key, value] of Object.entries(labels)) {
      appendTo(this.byPair, `${key}=${value}`, position);
      appendTo(this.byKey, key, position);
    }
  }

  select(selector: Selector): T[] {
    if (selector.matchesNothing) return [];
    let candidates: readonly number[] | undefined;
    const consider = (list: readonly number[] | undefined) => {
      const found = list ?? [];
      if (candidates === undefined || found.length < candidates.length) candidates = found;
    };
    for (const [key, value] of Object.entries(selector.matchLabels)) consider(this.byPair.get(`${key}=${value}`));
    for (const { key, operator } of selector.requirements) {
      if (operator === 'In' || operator === 'Exists') consider(this.byKey.get(key));
    }
    if (candidates === undefined) {
      return this.all.filter((entry) => matches(selector, entry.labels)).map((entry) => entry.item);
    }
    const out: T[] = [];
    for (const position of candidates) {
      const entry = this.all[position]!;
      if (matches(selector, entry.labels)) out.push(entry.item);
    }
    return out;
  }
}
