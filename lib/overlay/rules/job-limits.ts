/** Job limits (`job`, `backup.job`): deadlines the CronJob controller can honour. */
import { durationSeconds } from '../../model/duration';
import type { JobLimits } from '../../model/escape-hatches-schema';
import type { KeyPath } from '../errors';
import type { SchemaProblem, ServiceContext } from './rule';

/** The CronJob controller looks at schedules every 10 s: a shorter starting deadline can skip every run. */
const CONTROLLER_PERIOD_SECONDS = 10;

function limitsProblems(job: JobLimits | undefined, at: (...rest: string[]) => KeyPath): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  if (job?.activeDeadline !== undefined && durationSeconds(job.activeDeadline) < 1) {
    problems.push({ path: at('activeDeadline'), message: 'must be at least 1s: a run needs time to do anything' });
  }
  if (job?.startingDeadline !== undefined && durationSeconds(job.startingDeadline) < CONTROLLER_PERIOD_SECONDS) {
    problems.push({
      path: at('startingDeadline'),
      message: `must be at least ${CONTROLLER_PERIOD_SECONDS}s: the CronJob controller checks schedules every ${CONTROLLER_PERIOD_SECONDS} s, so a shorter deadline can skip every run`,
    });
  }
  return problems;
}

export function jobLimits({ service, at }: ServiceContext): SchemaProblem[] {
  return [
    ...limitsProblems(service.job, (...rest) => at('job', ...rest)),
    ...limitsProblems(service.backup?.job, (...rest) => at('backup', 'job', ...rest)),
  ];
}
