/** Graceful shutdown: time to finish after SIGTERM, and a preStop pause that fits inside it. */
import { durationSeconds } from '../../model/duration';
import type { SchemaProblem, ServiceContext } from './rule';

export function shutdownTiming({ service, traits, at }: ServiceContext): SchemaProblem[] {
  const shutdown = service.shutdown;
  if (!shutdown) return [];
  const [sleep, grace] = [durationSeconds(shutdown.preStopSleep), durationSeconds(shutdown.gracePeriod)];
  if (grace < 1) return [{ path: at('shutdown', 'gracePeriod'), message: 'must be at least 1s: the app needs time to finish after SIGTERM' }];
  // Only HTTP services get the preStop pause (load balancers stop sending traffic first).
  if (traits.http && sleep >= grace) {
    return [{
      path: at('shutdown', 'preStopSleep'),
      message: `the preStop pause (${shutdown.preStopSleep}) must be shorter than the grace period (${shutdown.gracePeriod}), or the pod is killed before it ever gets SIGTERM`,
    }];
  }
  return [];
}
