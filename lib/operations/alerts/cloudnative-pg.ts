/**
 * `cloudnative-pg`: the recovery guarantees of the Postgres stores CloudNativePG runs.
 * Rendered when the stack has one with backups to an object store.
 *
 *   PostgresWalArchivingFailing        the latest WAL archive attempt failed, and attempts keep failing
 *   PostgresWalArchivingLagging        the primary has archived nothing for longer than the RPO
 *   PostgresBaseBackupMissing          no base backup completed within `backup.maxAge` (26 h)
 *   PostgresRestoreVerificationFailed  the weekly restore verification Job failed (restore, checks or RTO)
 *   PostgresRestoreVerificationStale   no restore verification succeeded within `restoreVerifyMaxAge`
 *   PostgresFailover                   an instance switched between primary and standby in 10 minutes
 *
 * The instance metrics (`cnpg_*`) come from the PodMonitor `<store>`; their `pod` label is
 * `<store>-<n>` (the throwaway `<store>-restore-verify-1` is not scraped).
 */
import { durationSeconds } from '../../model/duration';
import { promDurationSeconds, selector, type Rule, type RuleGroup } from '../rules';
import { stale } from './backups';
import { alert, type AlertContext, type PostgresAlertInput } from './context';

export function cloudNativePgGroup(ctx: AlertContext): RuleGroup | undefined {
  const stores = ctx.input.postgres ?? [];
  if (!stores.length) return undefined;
  const verified = stores.filter((s) => s.restoreVerify);
  const rules: Rule[] = [
    archivingFailing(ctx, stores),
    archivingLagging(ctx, stores),
    baseBackupMissing(ctx, stores),
    ...(verified.length ? [verificationFailed(ctx, verified), verificationStale(ctx, verified)] : []),
    failover(ctx, stores),
  ];
  return { name: 'cloudnative-pg', rules };
}

/** The instances of a store: pods `<store>-<n>`. */
const instances = ({ ns }: AlertContext, store: string) => selector([ns, ['pod', '=~', `${store}-[0-9]+`]]);
/** One expression per store, with a `cluster` label naming it, joined by `or`. */
const perStore = (stores: readonly PostgresAlertInput[], expr: (s: PostgresAlertInput) => string) =>
  stores.map((s) => `label_replace(${expr(s)}, "cluster", "${s.store}", "", "")`).join('\nor\n');

function archivingFailing(ctx: AlertContext, stores: readonly PostgresAlertInput[]): Rule {
  return alert(
    ctx.alerts,
    'PostgresWalArchivingFailing',
    'critical',
    perStore(stores, (s) => {
      const sel = instances(ctx, s.store);
      return (
        `(cnpg_pg_stat_archiver_last_failed_time${sel} > cnpg_pg_stat_archiver_last_archived_time${sel})` +
        ` and on (namespace, pod) (increase(cnpg_pg_stat_archiver_failed_count${sel}[5m]) > 0)`
      );
    }),
    '5m',
    'WAL archiving of {{ $labels.cluster }} is failing',
    '{{ $labels.pod }} in {{ $labels.namespace }} cannot archive WAL to the object store: point-in-time recovery stops at the last archived segment, and pg_wal fills up.',
  );
}

function archivingLagging(ctx: AlertContext, stores: readonly PostgresAlertInput[]): Rule {
  return alert(
    ctx.alerts,
    'PostgresWalArchivingLagging',
    'critical',
    perStore(stores, (s) => {
      const sel = instances(ctx, s.store);
      return (
        `(cnpg_pg_stat_archiver_seconds_since_last_archival${sel} > ${durationSeconds(s.postgres.rpo)})` +
        ` and on (namespace, pod) (cnpg_pg_replication_in_recovery${sel} == 0)`
      );
    }),
    '2m',
    'WAL archiving of {{ $labels.cluster }} lags past its RPO',
    'The primary {{ $labels.pod }} in {{ $labels.namespace }} last archived WAL {{ $value | humanizeDuration }} ago, longer than the recovery point objective: losing the cluster now loses more data than promised.',
  );
}

function baseBackupMissing(ctx: AlertContext, stores: readonly PostgresAlertInput[]): Rule {
  return alert(
    ctx.alerts,
    'PostgresBaseBackupMissing',
    'critical',
    perStore(stores, (s) => `(time() - max by (namespace) (cnpg_collector_last_available_backup_timestamp${instances(ctx, s.store)}) > ${promDurationSeconds(s.backup.maxAge ?? '26h')})`),
    '0m',
    'No recent base backup of {{ $labels.cluster }}',
    'The newest base backup of {{ $labels.cluster }} in {{ $labels.namespace }} is older than its maximum age (or there is none): recovery replays more WAL than planned, and retention cannot prune.',
  );
}

function verificationFailed(ctx: AlertContext, stores: readonly PostgresAlertInput[]): Rule {
  return alert(
    ctx.alerts,
    'PostgresRestoreVerificationFailed',
    'warning',
    perStore(stores, (s) => `(max by (namespace, job_name) (kube_job_failed${selector([ctx.ns, ['job_name', '=~', `${s.store}-restore-verify-[0-9]+`], ['condition', '=', 'true']])}) == 1)`),
    '0m',
    'Restore verification of {{ $labels.cluster }} failed',
    'Job {{ $labels.job_name }} in {{ $labels.namespace }} failed: the backups did not restore, a check failed, or the restore took longer than the RTO. Its log says which.',
  );
}

function verificationStale(ctx: AlertContext, stores: readonly PostgresAlertInput[]): Rule {
  return alert(
    ctx.alerts,
    'PostgresRestoreVerificationStale',
    'warning',
    stores.map((s) => stale(ctx, `${s.store}-restore-verify`, ctx.alerts.restoreVerifyMaxAge)).join('\nor\n'),
    '0m',
    'Restore verification {{ $labels.cronjob }} has not succeeded recently',
    `No restore verification {{ $labels.cronjob }} in {{ $labels.namespace }} has succeeded within ${ctx.alerts.restoreVerifyMaxAge}: neither the backups nor the RTO are proven.`,
  );
}

function failover(ctx: AlertContext, stores: readonly PostgresAlertInput[]): Rule {
  return alert(
    ctx.alerts,
    'PostgresFailover',
    'warning',
    perStore(stores, (s) => `(sum by (namespace) (changes(cnpg_pg_replication_in_recovery${instances(ctx, s.store)}[10m])) > 0)`),
    '0m',
    'Postgres {{ $labels.cluster }} changed its primary',
    'An instance of {{ $labels.cluster }} in {{ $labels.namespace }} switched between primary and standby in the last 10 minutes (a failover, or a switchover during an update).',
  );
}
