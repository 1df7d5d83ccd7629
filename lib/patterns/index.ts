/**
 * One pattern per service kind. The kind's traits (lib/model/service-kinds.ts) say what it
 * renders; its pattern composes the constructs of lib/constructs/ accordingly.
 *
 * A service whose data an operator runs (a Postgres store with `postgres.operator:
 * cloudnative-pg`) gets the operator's pattern instead: OPERATOR_PATTERNS is asked first.
 */
import type { Construct } from 'constructs';
import type { ServiceType } from '../model/service-kinds';
import { cloudNativePg } from '../model/cloudnative-pg';
import type { Service } from '../model/schema';
import { CloudNativePgStore } from './cloudnative-pg';
import { CronJobService } from './cronjob';
import { ExternalService } from './external';
import type { ServicePatternProps } from './service-pattern';
import { StoreService } from './store';
import { WebService } from './web';
import { SingletonService, WorkerService } from './worker';

export type { ServicePatternProps } from './service-pattern';

type PatternClass = new (scope: Construct, id: string, props: ServicePatternProps) => Construct;

export const SERVICE_PATTERNS: Readonly<Record<ServiceType, PatternClass>> = {
  web: WebService,
  worker: WorkerService,
  singleton: SingletonService,
  store: StoreService,
  external: ExternalService,
  cronjob: CronJobService,
};

/** Patterns of operator-run services, each with the test that picks it, asked in order. */
export const OPERATOR_PATTERNS: readonly { readonly applies: (service: Service) => boolean; readonly pattern: PatternClass }[] = [
  { applies: (service) => cloudNativePg(service) !== undefined, pattern: CloudNativePgStore },
];

/** The pattern a service renders with: an operator's when one applies, else its kind's. */
export function patternOf(service: Service): PatternClass {
  return OPERATOR_PATTERNS.find((o) => o.applies(service))?.pattern ?? SERVICE_PATTERNS[service.type];
}

/** Renders one service with its pattern. */
export function renderService(scope: Construct, props: ServicePatternProps): Construct {
  return new (patternOf(props.service))(scope, props.name, props);
}
