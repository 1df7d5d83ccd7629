/**
 * PrometheusRule objects that Prometheus will load and that page usefully:
 * expressions that parse (with the official PromQL grammar), unique group
 * names, valid durations, and alerts that say how bad, what and what to do.
 */
import { parser } from '@prometheus-io/lezer-promql';
import type { Check } from '../check';
import { promqlSemanticProblem } from '../promql';
import type { Inventory } from '../inventory';
import type { KeyPath, Manifest } from '../types';
import { asArray, asRecord, asString, show, type JsonRecord } from '../../shared/values';

const group = 'prometheus-rules';
const ALERT_LABELS = ['severity'] as const;
const ALERT_ANNOTATIONS = ['summary', 'description', 'runbook_url'] as const;
/** Prometheus' model.ParseDuration: units largest first, each at most once; "0" alone is allowed. */
const DURATION = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

interface RuleRef {
  readonly manifest: Manifest;
  readonly groupIndex: number;
  readonly group: JsonRecord;
  readonly index: number;
  readonly rule: JsonRecord;
  readonly path: KeyPath;
  /** `alert "HighErrorRate"` or `record "job:x:rate5m"`, for messages. */
  readonly label: string;
}

function eachGroup(inventory: Inventory, fn: (manifest: Manifest, group: JsonRecord, index: number) => void): void {
  for (const manifest of inventory.ofKind('PrometheusRule')) {
    asArray(asRecord(manifest.object.spec)?.groups).forEach((value, index) => {
      const ruleGroup = asRecord(value);
      if (ruleGroup) fn(manifest, ruleGroup, index);
    });
  }
}

function eachRule(inventory: Inventory, fn: (ref: RuleRef) => void): void {
  eachGroup(inventory, (manifest, ruleGroup, groupIndex) => {
    asArray(ruleGroup.rules).forEach((value, index) => {
      const rule = asRecord(value);
      if (!rule) return;
      const label = rule.alert !== undefined ? `alert ${show(rule.alert)}` : rule.record !== undefined ? `record ${show(rule.record)}` : `rule #${index}`;
      fn({ manifest, groupIndex, group: ruleGroup, index, rule, path: ['spec', 'groups', groupIndex, 'rules', index], label: `${label} in group ${show(ruleGroup.name)}` });
    });
  });
}

/** Where an offset is in an expression: 1-based line and column, and the text from there. */
function position(expr: string, offset: number): { offset: number; line: number; column: number; near: string } {
  const before = expr.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  const rest = expr.slice(offset).split('\n')[0]!.trim();
  return { offset, line, column, near: rest === '' ? 'the end of the expression' : show(rest.length > 30 ? `${rest.slice(0, 30)}...` : rest) };
}

/** The first semantic error (types, matchers, regexes) of an expression that parses, or undefined. */
export function promqlSemanticError(expr: string): { offset: number; line: number; column: number; message: string } | undefined {
  const problem = promqlSemanticProblem(expr);
  return problem && { ...position(expr, problem.offset), message: problem.message };
}

/** The first syntax error in a PromQL expression, or undefined when it parses. */
export function promqlError(expr: string): { offset: number; line: number; column: number; near: string } | undefined {
  let offset: number | undefined;
  parser.parse(expr).iterate({
    enter: (node) => {
      if (offset !== undefined) return false;
      if (node.type.isError) offset = node.from;
      return undefined;
    },
  });
  return offset === undefined ? undefined : position(expr, offset);
}

function isDuration(value: unknown): boolean {
  if (value === 0 || value === '0') return true;
  return typeof value === 'string' && value !== '' && DURATION.test(value);
}

export const prometheusRuleChecks: readonly Check[] = [
  {
    id: 'promql-syntax',
    group,
    severity: 'error',
    class: 'correctness',
    description:
      'Every rule expr in a PrometheusRule is valid PromQL: it parses (official Prometheus lezer grammar) and passes the semantic checks of the Prometheus parser (argument types such as rate() needing a range vector, no strings in binary operators, label regexes that compile as RE2, selectors with a non-empty matcher).',
    hint: 'fix the expression (try it in the Prometheus UI or with promtool check rules)',
    rationale: 'Prometheus refuses to load a rule file with a broken expression, so one typo disables every rule in the file. Like promtool check rules.',
    run(inventory, report) {
      eachRule(inventory, (ref) => {
        const expr = ref.rule.expr;
        if (typeof expr === 'number') return; // a bare number is valid PromQL
        if (typeof expr !== 'string' || expr.trim() === '') {
          report(ref.manifest, [...ref.path, 'expr'], `${ref.label} has no expr`);
          return;
        }
        const where = (error: { line: number; column: number }) =>
          expr.includes('\n') ? `line ${error.line}, column ${error.column} of the expression` : `column ${error.column}`;
        const error = promqlError(expr);
        if (error) {
          report(ref.manifest, [...ref.path, 'expr'], `${ref.label}: expr does not parse at ${where(error)}, near ${error.near}`);
          return;
        }
        const semantic = promqlSemanticError(expr);
        if (semantic) report(ref.manifest, [...ref.path, 'expr'], `${ref.label}: expr is invalid at ${where(semantic)}: ${semantic.message}`);
      });
    },
  },
  {
    id: 'prometheus-group-unique',
    group,
    severity: 'error',
    class: 'correctness',
    description: 'Rule group names are unique within a PrometheusRule.',
    hint: 'rename one of the groups',
    rationale: 'Prometheus rejects a rule file with two groups of the same name, which disables every rule in it.',
    run(inventory, report) {
      for (const manifest of inventory.ofKind('PrometheusRule')) {
        const seen = new Map<string, number>();
        asArray(asRecord(manifest.object.spec)?.groups).forEach((value, index) => {
          const name = asString(asRecord(value)?.name);
          if (name === undefined) return;
          const first = seen.get(name);
          if (first === undefined) seen.set(name, index);
          else report(manifest, ['spec', 'groups', index, 'name'], `group name ${show(name)} is already used by groups[${first}]`);
        });
      }
    },
  },
  {
    id: 'prometheus-alert-unique',
    group,
    severity: 'warning',
    class: 'policy',
    description: 'Alert names are unique within a rule group, unless the duplicates differ in their static labels (labels.severity: the warning/critical pattern; labels.service: one rule per service; the windows of multi-window burn-rate alerts); the same name in different groups is fine, as Prometheus allows.',
    hint: 'rename the alert, or give each variant its own severity (or service) label',
    rationale: 'Two alerts with the same name and labels are indistinguishable in Alertmanager: silences and routes hit both.',
    run(inventory, report) {
      eachGroup(inventory, (manifest, ruleGroup, groupIndex) => {
        const seen = new Map<string, number>();
        asArray(ruleGroup.rules).forEach((value, index) => {
          const rule = asRecord(value);
          const alert = asString(rule?.alert);
          if (alert === undefined) return;
          const labels = asRecord(rule?.labels) ?? {};
          const key = [alert, ...Object.keys(labels).sort().map((k) => `${k}=${String(labels[k])}`)].join('\u0000');
          const first = seen.get(key);
          if (first === undefined) seen.set(key, index);
          else report(manifest, ['spec', 'groups', groupIndex, 'rules', index, 'alert'], `alert ${show(alert)} appears again in group ${show(ruleGroup.name)} with the same labels (first at rules[${first}])`);
        });
      });
    },
  },
  {
    id: 'prometheus-alert-metadata',
    group,
    severity: 'error',
    class: 'policy',
    description: 'Every alert has labels.severity and the annotations summary, description and runbook_url.',
    hint: 'add labels.severity and annotations summary, description and runbook_url (a runbook the repo ships)',
    rationale: 'Severity routes the page; summary and description say what broke; the runbook says what to do at 3 a.m.',
    run(inventory, report) {
      eachRule(inventory, (ref) => {
        if (ref.rule.alert === undefined) return;
        const labels = asRecord(ref.rule.labels) ?? {};
        const annotations = asRecord(ref.rule.annotations) ?? {};
        for (const key of ALERT_LABELS) {
          if (asString(labels[key]) === undefined) report(ref.manifest, [...ref.path, 'labels', key], `${ref.label} has no labels.${key}`, `add labels.${key} (e.g. warning or critical)`);
        }
        for (const key of ALERT_ANNOTATIONS) {
          if (asString(annotations[key]) === undefined) report(ref.manifest, [...ref.path, 'annotations', key], `${ref.label} has no annotations.${key}`, `add annotations.${key}`);
        }
      });
    },
  },
  {
    id: 'prometheus-duration',
    group,
    severity: 'error',
    class: 'correctness',
    description: 'Every rule `for` / `keep_firing_for` and group `interval` is a valid Prometheus duration (e.g. 5m, 1h30m).',
    hint: 'write the duration as Prometheus does: units y, w, d, h, m, s, ms from largest to smallest, e.g. 5m or 1h30m',
    rationale: 'Prometheus rejects the whole rule file when a duration does not parse.',
    run(inventory, report) {
      eachGroup(inventory, (manifest, ruleGroup, groupIndex) => {
        if (ruleGroup.interval !== undefined && !isDuration(ruleGroup.interval)) {
          report(manifest, ['spec', 'groups', groupIndex, 'interval'], `group ${show(ruleGroup.name)} has interval ${show(ruleGroup.interval)}, not a Prometheus duration`);
        }
      });
      eachRule(inventory, (ref) => {
        for (const key of ['for', 'keep_firing_for']) {
          const value = ref.rule[key];
          if (value !== undefined && !isDuration(value)) {
            report(ref.manifest, [...ref.path, key], `${ref.label} has ${key}: ${show(value)}, not a Prometheus duration`);
          }
        }
      });
    },
  },
];
