/**
 * One pattern per service kind. The kind's traits (lib/model/service-kinds.ts) say what it
 * renders; its pattern composes the constructs of lib/constructs/ accordingly.
 */
import type { Construct } from 'constructs';
import type { ServiceType } from '../model/service-kinds';
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

/** Renders one service with the pattern of its kind. */
export function renderService(scope: Construct, props: ServicePatternProps): Construct {
  return new SERVICE_PATTERNS[props.service.type](scope, props.name, props);
}
