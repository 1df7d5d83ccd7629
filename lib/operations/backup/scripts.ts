/**
 * The backup scripts of ops/scripts/, shipped to the jobs in a ConfigMap (`<store>-backup-scripts`)
 * mounted at /opt/ops. The pods carry a checksum of the scripts, so the next run picks up a
 * changed script.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Construct } from 'constructs';
import * as k8s from '../../../imports/k8s';
import { backupMetadata, type BackupObjectContext } from './metadata';

export const SCRIPTS_DIR = join(import.meta.dirname, '..', '..', '..', 'ops', 'scripts');
export const SCRIPTS_MOUNT = '/opt/ops';
export const SCRIPTS_CHECKSUM_ANNOTATION = 'checksum/scripts';
/** Deletes backups older than the retention (always keeping the newest); runs after the dump on a volume target. */
export const PRUNE_SCRIPT = 'prune-backups.sh';

/** The named scripts by file name, in file-name order. */
export function readScripts(files: readonly string[]): Record<string, string> {
  return Object.fromEntries([...files].sort().map((f) => [f, readFileSync(join(SCRIPTS_DIR, f), 'utf8')]));
}

/** A checksum of the scripts, for the pod annotation. */
export function scriptsChecksum(data: Readonly<Record<string, string>>): string {
  return createHash('sha256').update(JSON.stringify(Object.keys(data).sort().map((k) => [k, data[k]]))).digest('hex');
}

/** The shell command that runs the scripts one after the other, stopping at the first failure. */
export function runScripts(scripts: readonly string[]): string {
  return scripts.map((s) => `sh ${SCRIPTS_MOUNT}/${s}`).join(' && ');
}

/** The ConfigMap `<store>-backup-scripts` holding `data`. */
export function scriptsConfigMap(scope: Construct, ctx: BackupObjectContext, data: Record<string, string>): k8s.KubeConfigMap {
  return new k8s.KubeConfigMap(scope, 'Scripts', { metadata: backupMetadata(ctx, `${ctx.store}-backup-scripts`, 'backup'), data });
}
