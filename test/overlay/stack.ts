/**
 * Stacks built in code for the overlay rule tests: a minimal valid stack with one service of
 * each kind (named after its kind), or the small test stack (test/fixtures/stack), with
 * services overridden or added the way an environment file does it (maps merge, lists
 * replace, `null` removes a key).
 */
import { join } from 'node:path';
import type { Stack } from '../../lib/model/schema';
import type { ServiceType } from '../../lib/model/service-kinds';
import { formatPath, OVERLAY_PATH } from '../../lib/shared/key-path';
import { mergeOverlay } from '../../lib/overlay/merge';
import { serviceContext, type ServiceRule } from '../../lib/overlay/rules';
import { checkStackSemantics } from '../../lib/overlay/semantics';
import { readOverlaySource, type OverlaySource } from '../../lib/overlay/source';
import { validateMergedStack, type SchemaProblem } from '../../lib/overlay/validate';
import { FIXTURE_STACK } from '../helpers';

type Overlay = Record<string, unknown>;

const IMAGE = 'ghcr.io/acme/shop-api:2.0.1';
const RESOURCES = { cpu: '100m', memory: '128Mi' };

/** The smallest service of each kind that every rule accepts. */
export const MINIMAL_SERVICES: Readonly<Record<ServiceType, Overlay>> = {
  web: {
    type: 'web', image: IMAGE, resources: RESOURCES, ports: { http: 8080 },
    health: { liveness: { path: '/live' }, readiness: { path: '/ready' } },
  },
  worker: { type: 'worker', image: IMAGE, resources: RESOURCES, health: { liveness: { command: ['worker', '--ping'] } } },
  singleton: { type: 'singleton', image: IMAGE, resources: RESOURCES, health: { liveness: { command: ['beat', '--ping'] } } },
  store: {
    type: 'store', image: 'redis:7.4.1', resources: RESOURCES, ports: { redis: 6379 }, storage: { size: '1Gi', mountPath: '/data' },
    health: { liveness: { port: 'redis' }, readiness: { command: ['redis-cli', 'ping'] } },
  },
  external: { type: 'external', host: 'db.example.com', cidr: '10.20.0.0/16', ports: { postgres: 5432 } },
  cronjob: { type: 'cronjob', image: IMAGE, resources: RESOURCES, schedule: '0 2 * * *' },
};

/**
 * The minimal stack with `services` merged over it and schema defaults filled in, as the
 * rules see it after validation. Throws when the result is not schema-valid.
 */
export function stackWith(services: Record<string, Overlay | null> = {}, stack: Overlay = {}): Stack {
  const base = { stack: { name: 'shop', namespace: 'shop' }, services: MINIMAL_SERVICES };
  return validated(mergeOverlay(base, { stack, services }));
}

/** The test stack merged for `environment`, then `services` and `stack` merged over it like one more file. */
export function fixtureStackWith(environment: string, services: Record<string, Overlay | null>, stack: Overlay = {}): Stack {
  const [base, env] = ['base', environment].map((name) => readOverlaySource(join(FIXTURE_STACK, `${name}.yaml`), name) as OverlaySource);
  return validated(mergeOverlay(mergeOverlay(base.data, env.data), { stack, services }));
}

/** The merged overlay with schema defaults filled in; throws when it is not schema-valid. */
function validated(merged: unknown): Stack {
  const invalid = validateMergedStack(merged);
  if (invalid.length) throw new Error(`not a schema-valid stack:\n${format(invalid).join('\n')}`);
  return merged as Stack;
}

/** Problems as a user reads them, without the file: `services.web.ports.http: port 8080 is …`. */
export function format(problems: readonly SchemaProblem[]): string[] {
  return problems.map((p) => `${formatPath(p.path, OVERLAY_PATH)}: ${p.message}`);
}

/** What `rule` says about service `name` of `stack`. */
export function ruleProblems(rule: ServiceRule, stack: Stack, name: string): string[] {
  return format(rule(serviceContext(stack, name)));
}

/** What `rule` says about the minimal service of `kind` with `override` merged over it. */
export function problemsOf(rule: ServiceRule, kind: ServiceType, override: Overlay = {}): string[] {
  return ruleProblems(rule, stackWith({ [kind]: override }), kind);
}

/** Every semantic problem of a stack, in the order they are reported. */
export function stackProblems(stack: Stack, environment = 'dev'): string[] {
  return format(checkStackSemantics(stack, environment));
}
