/**
 * The defaults of a backup's settings. Overlays get them from ajv (the schema's `default`s);
 * the construct applies the same values for programmatic callers, read from the schema so
 * there is one definition. The CronJob fields come from lib/model/job-defaults.ts.
 */
import { BACKUP_CRONJOB_DEFAULTS } from '../../model/job-defaults';
import { BackupSchema, BackupTargetSchema, RestoreVerifySchema, type Backup, type RestoreVerify } from '../../model/operations-schema';
import type { S3Target } from './s3';

const FIELDS = BackupSchema.properties;

export const BACKUP_DEFAULTS = {
  enabled: FIELDS.enabled.default as boolean,
  /** Nightly, when the stack is quiet. */
  schedule: FIELDS.schedule.default as string,
  timeZone: BACKUP_CRONJOB_DEFAULTS.timeZone,
  retentionDays: FIELDS.retentionDays.default as number,
  maxAge: FIELDS.maxAge.default as string,
  database: FIELDS.database.default as string,
  user: FIELDS.user.default as string,
  /** Key of the password in `passwordSecret`. */
  passwordKey: FIELDS.passwordSecret.properties.key.default as string,
  /** Where the S3 endpoint may be (egress). */
  s3Cidr: BackupTargetSchema.properties.s3.properties.cidr.default as string,
  restoreVerify: RestoreVerifySchema.default as Required<Pick<RestoreVerify, 'enabled' | 'schedule'>>,
} as const;

type Defaulted = 'enabled' | 'schedule' | 'timeZone' | 'retentionDays' | 'maxAge' | 'database' | 'user';
type PasswordSecret = NonNullable<Backup['passwordSecret']>;

/** `services.<store>.backup` as a caller may give it: the fields with a default may be left out. */
export type BackupSettings = Omit<Backup, Defaulted | 'restoreVerify' | 'passwordSecret' | 'target'> &
  Partial<Pick<Backup, Defaulted>> & {
    readonly restoreVerify?: Partial<RestoreVerify>;
    readonly passwordSecret?: Omit<PasswordSecret, 'key'> & Partial<Pick<PasswordSecret, 'key'>>;
    readonly target: Omit<Backup['target'], 's3'> & { readonly s3?: Omit<S3Target, 'cidr'> & Partial<Pick<S3Target, 'cidr'>> };
  };

/** A backup with every default filled in. */
export type ResolvedBackup = Backup & { readonly restoreVerify: RestoreVerify };

export function resolveBackup(backup: BackupSettings): ResolvedBackup {
  const d = BACKUP_DEFAULTS;
  const { passwordSecret, target } = backup;
  return {
    ...backup,
    enabled: backup.enabled ?? d.enabled,
    schedule: backup.schedule ?? d.schedule,
    timeZone: backup.timeZone ?? d.timeZone,
    retentionDays: backup.retentionDays ?? d.retentionDays,
    maxAge: backup.maxAge ?? d.maxAge,
    database: backup.database ?? d.database,
    user: backup.user ?? d.user,
    passwordSecret: passwordSecret && { ...passwordSecret, key: passwordSecret.key ?? d.passwordKey },
    target: { ...target, s3: target.s3 && { ...target.s3, cidr: target.s3.cidr ?? d.s3Cidr } },
    restoreVerify: {
      ...backup.restoreVerify,
      enabled: backup.restoreVerify?.enabled ?? d.restoreVerify.enabled,
      schedule: backup.restoreVerify?.schedule ?? d.restoreVerify.schedule,
    },
  };
}
