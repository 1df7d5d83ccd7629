/**
 * What a backup engine (the kind of store) contributes to its backup: the scripts, the
 * container that writes one backup, how it reaches the store and, optionally, a restore
 * verification. Everything else (volume, S3 upload, CronJob shape, network) is shared.
 * A new engine is one file implementing this plus one entry in BACKUP_ENGINES (engines.ts).
 */
import type * as k8s from '../../../imports/k8s';
import type { ResolvedService } from '../../model/schema';
import type { ResolvedBackup } from './defaults';

/** What an engine knows about the backup it renders. */
export interface BackupEngineContext {
  /** Name of the store: its Service, so also its host name. */
  readonly store: string;
  readonly service: ResolvedService;
  readonly backup: ResolvedBackup;
  /** The store's port the jobs talk to (`portName`, else the lowest). */
  readonly storePort: number;
}

/** Requests of a backup container when `backup.resources` is not set. */
export interface ContainerResources {
  readonly cpu: string;
  readonly memory: string;
}

/** A job that proves the latest backup restores. */
export interface RestoreVerifyJob {
  /** When it runs. */
  readonly schedule: string;
  /** Script of ops/scripts/ it runs. */
  readonly script: string;
  /** Environment besides the shared one (backup directory and pattern). */
  readonly env: k8s.EnvVar[];
  /** Requests when `backup.resources` is not set. */
  readonly resources: ContainerResources;
  /** Cap of the scratch space in /tmp. @default - no cap */
  readonly scratchLimit?: string;
}

export interface BackupEngineSpec {
  /** Scripts of ops/scripts/ shipped to the jobs (`s3-upload.sh` is added for an S3 target). */
  readonly scripts: readonly string[];
  /** The script that writes one backup into the backup directory. */
  readonly backupScript: string;
  /** Name of the container running `backupScript`. */
  readonly containerName: string;
  /** Glob of the backup files: what prune and upload select. */
  readonly pattern: string;
  /** Named port of the store the jobs reach. @default - the store's lowest port */
  readonly portName?: string;
  /** Image of the backup container when `backup.image` is not set. @default - the store's image (the same tools as the server) */
  readonly image?: string;
  /** User the backup pods run as. @default - the store's `runAsUser` (the image's user) */
  readonly runAsUser?: number;
  /** Environment of the backup container besides the shared one: where the store is. */
  env(ctx: BackupEngineContext): k8s.EnvVar[];
  /** The restore verification of this backup; `undefined` when it has none or it is off. @default - none */
  restoreVerify?(ctx: BackupEngineContext): RestoreVerifyJob | undefined;
}
