/**
 * `x-kubernetes-validations` CEL rules of CRD schemas, evaluated the way the API
 * server does on create: each rule with `self` bound to the value of its schema
 * node (rules that use `oldSelf` are transition rules and only run on update, so
 * they are not applicable here).
 *
 * Evaluated with @marcbachmann/cel-js (zero dependencies, maintained, the most
 * complete CEL in JavaScript). The Kubernetes CEL libraries (isURL, quantity,
 * IP/CIDR, format, authz, …) are not part of it: a rule that calls one, or that
 * the library cannot evaluate, is skipped and counted, never guessed. A rule
 * that evaluates to false is a correctness error (the API server refuses the
 * object with the rule's message).
 */
import { parse } from '@marcbachmann/cel-js';
import { isJsonObject, type Json } from './json';
import type { KeyPath, Violation } from '../types';
import { error, SCHEMA_CHECKS } from './violations';

interface Rule {
  readonly rule: string;
  readonly message?: string;
  readonly fieldPath?: string;
}

/** The outcome of evaluating every rule that applies to one object. */
export interface CelOutcome {
  readonly violations: Violation[];
  readonly evaluated: number;
  /** Rules that could not be evaluated (a Kubernetes CEL extension, or a library limit). */
  readonly skipped: number;
}

type Program = (context: Record<string, unknown>) => unknown;
const programs = new Map<string, Program | Error>();

function programOf(rule: string): Program | Error {
  let program = programs.get(rule);
  if (program === undefined) {
    try {
      program = parse(rule) as unknown as Program;
    } catch (cause) {
      program = cause instanceof Error ? cause : new Error(String(cause));
    }
    programs.set(rule, program);
  }
  return program;
}

/** True when the schema (OpenAPI, as the CRD writes it) holds any CEL rule: objects of kinds without any skip the walk. */
export function hasCelRules(schema: Json): boolean {
  if (!isJsonObject(schema)) return false;
  if (Array.isArray(schema['x-kubernetes-validations'])) return true;
  if (isJsonObject(schema.properties) && Object.values(schema.properties).some(hasCelRules)) return true;
  return hasCelRules(schema.items ?? null) || hasCelRules(schema.additionalProperties ?? null);
}

/** Evaluates every applicable rule of `schema` over `value`, `path` being where `value` sits in the object. */
export function evaluateCelRules(schema: Json, value: unknown, path: KeyPath = []): CelOutcome {
  const outcome = { violations: [] as Violation[], evaluated: 0, skipped: 0 };
  walk(schema, value, path, outcome);
  return outcome;
}

function walk(schema: Json, value: unknown, path: KeyPath, outcome: { violations: Violation[]; evaluated: number; skipped: number }): void {
  if (!isJsonObject(schema) || value === undefined || value === null) return;
  const rules = schema['x-kubernetes-validations'];
  if (Array.isArray(rules)) for (const rule of rules) if (isJsonObject(rule)) apply(rule as unknown as Rule, value, path, outcome);
  if (Array.isArray(value)) {
    if (schema.items !== undefined) value.forEach((item, index) => walk(schema.items!, item, [...path, index], outcome));
    return;
  }
  if (typeof value !== 'object') return;
  const record = value as Record<string, unknown>;
  if (isJsonObject(schema.properties)) {
    for (const [key, sub] of Object.entries(schema.properties)) if (key in record) walk(sub, record[key], [...path, key], outcome);
  }
  if (isJsonObject(schema.additionalProperties)) {
    const listed = isJsonObject(schema.properties) ? schema.properties : {};
    for (const [key, sub] of Object.entries(record)) if (!(key in listed)) walk(schema.additionalProperties, sub, [...path, key], outcome);
  }
}

function apply(rule: Rule, value: unknown, path: KeyPath, outcome: { violations: Violation[]; evaluated: number; skipped: number }): void {
  if (typeof rule.rule !== 'string') return;
  if (/\boldSelf\b/.test(rule.rule)) return; // a transition rule: only evaluated on update
  const program = programOf(rule.rule);
  if (program instanceof Error) {
    outcome.skipped++;
    return;
  }
  let result: unknown;
  try {
    result = program({ self: value });
  } catch {
    outcome.skipped++;
    return;
  }
  if (typeof result !== 'boolean') {
    outcome.skipped++;
    return;
  }
  outcome.evaluated++;
  if (result) return;
  const at = fieldPathOf(rule.fieldPath, path);
  const message = typeof rule.message === 'string' && rule.message !== '' ? rule.message : `failed rule: ${rule.rule}`;
  outcome.violations.push(error(SCHEMA_CHECKS.cel, at, `${message} (x-kubernetes-validations rule \`${rule.rule}\`)`, 'Change the object so the CRD\'s validation rule holds; the API server refuses it otherwise.'));
}

/** A rule's fieldPath (`.spec.foo`) appended to where the rule sits. */
function fieldPathOf(fieldPath: string | undefined, path: KeyPath): KeyPath {
  if (typeof fieldPath !== 'string' || fieldPath === '') return path;
  const segments = fieldPath.replace(/\[['"]([^'"]+)['"]\]/g, '.$1').split('.').filter(Boolean);
  return [...path, ...segments];
}

