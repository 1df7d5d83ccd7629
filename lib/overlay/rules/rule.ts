/**
 * The shape of a semantic rule: a named function from a context (the whole stack, or one
 * service of it) to problems, each a key path into the merged stack and a sentence.
 */
import type { Service, Stack } from '../../model/schema';
import { traitsOf, type ServiceKindTraits, type ServiceType } from '../../model/service-kinds';
import type { KeyPath } from '../errors';
import type { SchemaProblem } from '../validate';

export type { SchemaProblem };

export interface StackContext {
  readonly stack: Stack;
  /** The environment merged over the base (part of the instance label). */
  readonly environment: string;
}

export interface ServiceContext {
  readonly stack: Stack;
  readonly name: string;
  readonly service: Service;
  /** What the service's kind means (lib/model/service-kinds.ts). */
  readonly traits: ServiceKindTraits;
  /** A key path inside this service: `at('ports', 'http')` is `services.<name>.ports.http`. */
  readonly at: (...rest: (string | number)[]) => KeyPath;
}

export type StackRule = (context: StackContext) => SchemaProblem[];
export type ServiceRule = (context: ServiceContext) => SchemaProblem[];

export function serviceContext(stack: Stack, name: string): ServiceContext {
  const service = stack.services[name];
  return { stack, name, service, traits: traitsOf(service), at: (...rest) => ['services', name, ...rest] };
}

/** Kinds as a sentence names them: "a `store`", "an `external`", "a `web` or `worker`". */
export function aKind(...types: readonly ServiceType[]): string {
  const article = /^[aeiou]/.test(types[0]) ? 'an' : 'a';
  return `${article} ${types.map((t) => `\`${t}\``).join(' or ')}`;
}
