/**
 * `backups`: a backup (or its restore verification) has not succeeded within its maximum
 * age, or never succeeded. Rendered when the stack has backups.
 */
import { promDurationSeconds, selector, type Rule, type RuleGroup } from '../rules';
import { alert, type AlertContext } from './context';

export function backupsGroup(ctx: AlertContext): RuleGroup | undefined {
  const { alerts, input } = ctx;
  if (!input.backups.length) return undefined;
  const rules: Rule[] = [
    alert(
      alerts,
      'BackupStale',
      'critical',
      input.backups.map((b) => stale(ctx, `${b.store}-backup`, b.backup.maxAge)).join('\nor\n'),
      '0m',
      'Backup {{ $labels.cronjob }} has not succeeded recently',
      'The last successful run of backup CronJob {{ $labels.cronjob }} in {{ $labels.namespace }} is older than its maximum age (or it never succeeded).',
    ),
  ];
  const verified = input.backups.filter((b) => b.restoreVerify);
  if (verified.length) {
    rules.push(
      alert(
        alerts,
        'RestoreVerificationStale',
        'warning',
        verified.map((b) => stale(ctx, `${b.store}-restore-verify`, alerts.restoreVerifyMaxAge)).join('\nor\n'),
        '0m',
        'Restore verification {{ $labels.cronjob }} has not succeeded recently',
        `No restore verification of {{ $labels.cronjob }} in {{ $labels.namespace }} has succeeded within ${alerts.restoreVerifyMaxAge}: the latest backup is not proven restorable.`,
      ),
    );
  }
  return { name: 'backups', rules };
}

/** The CronJob's last success is older than `maxAge`, or it never succeeded and exists for longer than that. */
export function stale({ ns }: AlertContext, cronjob: string, maxAge: string): string {
  const sel = selector([ns, ['cronjob', '=', cronjob]]);
  const seconds = promDurationSeconds(maxAge);
  return (
    `(time() - kube_cronjob_status_last_successful_time${sel} > ${seconds})\n` +
    `or\n(absent(kube_cronjob_status_last_successful_time${sel}) and on () (time() - kube_cronjob_created${sel} > ${seconds}))`
  );
}
