/**
 * Rules the JSON Schema cannot express, run over the merged stack: the table of named rules
 * in ./rules/. Each returns problems as key paths into the merged stack.
 */
import type { Stack } from '../model/schema';
import { NAMING_RULES, SERVICE_RULES, STACK_RULES, WARNING_RULES, serviceContext } from './rules';
import type { SchemaProblem } from './validate';

export function checkStackSemantics(stack: Stack, environment = ''): SchemaProblem[] {
  const problems = STACK_RULES.flatMap((rule) => rule({ stack, environment }));
  for (const name of Object.keys(stack.services)) {
    const context = serviceContext(stack, name);
    problems.push(...NAMING_RULES.flatMap((rule) => rule(context)));
    if (context.service.enabled !== false) problems.push(...SERVICE_RULES.flatMap((rule) => rule(context)));
  }
  return problems;
}

/** What renders but is probably a mistake, in one environment's merged stack. */
export function stackWarnings(stack: Stack): SchemaProblem[] {
  return Object.keys(stack.services)
    .filter((name) => stack.services[name].enabled !== false)
    .flatMap((name) => WARNING_RULES.flatMap((rule) => rule(serviceContext(stack, name))));
}
