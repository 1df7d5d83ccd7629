/**
 * Postgres: `pg_dump -Fc` with the server's own image, and a weekly restore of the latest
 * dump into a scratch server that checks tables, rows and an optional integrity query.
 */
import type * as k8s from '../../../imports/k8s';
import type { BackupEngineContext, BackupEngineSpec, RestoreVerifyJob } from './engine-spec';
import { PRUNE_SCRIPT } from './scripts';

const RESTORE_VERIFY_SCRIPT = 'pg-restore-verify.sh';

function env({ store, storePort, backup }: BackupEngineContext): k8s.EnvVar[] {
  const password = backup.passwordSecret;
  return [
    { name: 'PGHOST', value: store },
    { name: 'PGPORT', value: String(storePort) },
    { name: 'PGUSER', value: backup.user },
    { name: 'PGDATABASE', value: backup.database },
    { name: 'BACKUP_PREFIX', value: `${store}-${backup.database}` },
    ...(password
      ? [{ name: 'PGPASSWORD', valueFrom: { secretKeyRef: { name: password.name, key: password.key } } }]
      : []),
  ];
}

/** Restores the latest dump of the volume target, else the one it downloads from the S3 target first. */
function restoreVerify({ service, backup }: BackupEngineContext): RestoreVerifyJob | undefined {
  const rv = backup.restoreVerify;
  if (!rv.enabled || (!backup.target.pvc && !backup.target.s3)) return undefined;
  return {
    schedule: rv.schedule,
    script: RESTORE_VERIFY_SCRIPT,
    env: [
      { name: 'SCRATCH_DIR', value: '/tmp' },
      ...(rv.tables?.length ? [{ name: 'VERIFY_TABLES', value: rv.tables.join(' ') }] : []),
      ...(rv.query ? [{ name: 'VERIFY_QUERY', value: rv.query }] : []),
    ],
    resources: { cpu: '250m', memory: '512Mi' },
    // The scratch server lives in /tmp: cap it at the size of the store's volume, so a restore
    // can never fill the node's disk (the kubelet evicts the pod instead, and the Job fails).
    scratchLimit: service.storage?.size,
  };
}

export const POSTGRES_BACKUP: BackupEngineSpec = {
  scripts: ['pg-backup.sh', PRUNE_SCRIPT, RESTORE_VERIFY_SCRIPT],
  backupScript: 'pg-backup.sh',
  containerName: 'pg-dump',
  pattern: '*.dump',
  env,
  restoreVerify,
};
