/**
 * `worker`: a rolling Deployment and no Service (e.g. Celery workers, scaled on queue depth).
 * `singleton`: one replica with the Recreate strategy, never two at once (e.g. Celery beat).
 */
import type { ServiceDeployment } from '../constructs/workload';
import { ServicePattern, type WorkloadContext } from './service-pattern';
import { deploymentOf } from './web';

export class WorkerService extends ServicePattern {
  protected createWorkload(context: WorkloadContext): ServiceDeployment {
    return deploymentOf(this, context);
  }
}

export class SingletonService extends ServicePattern {
  protected createWorkload(context: WorkloadContext): ServiceDeployment {
    return deploymentOf(this, context);
  }
}
