/**
 * Rules the JSON Schema cannot express, run over the merged stack: the table of named rules
 * in ./rules/. Each returns problems as key paths into the merged stack.
 */
import type { Stack } from '../model/schema';
import { NAMING_RULES, SERVICE_RULES, STACK_RULES, serviceContext } from './rules';
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
