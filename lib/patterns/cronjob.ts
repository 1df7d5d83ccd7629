/** `cronjob`: a CronJob that never overlaps itself, with deadlines, retries and history limits. */
import { ServiceCronJob } from '../constructs/workload';
import { SERVICE_CRONJOB_DEFAULTS } from '../model/job-defaults';
import { cronJobLimits } from '../model/job-limits';
import { ServicePattern, type WorkloadContext } from './service-pattern';

export class CronJobService extends ServicePattern {
  protected createWorkload({ metadata, service, labels, template }: WorkloadContext): ServiceCronJob {
    return new ServiceCronJob(this, 'Workload', {
      metadata,
      schedule: service.schedule!,
      timeZone: service.timeZone,
      jobLabels: labels,
      limits: cronJobLimits(service.job, SERVICE_CRONJOB_DEFAULTS),
      template: template('OnFailure'),
    });
  }
}
