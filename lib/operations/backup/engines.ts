/** The backup engines by name: a new engine is one file and one entry here. */
import type { BackupEngine } from '../../model/service-facts';
import type { BackupEngineSpec } from './engine-spec';
import { POSTGRES_BACKUP } from './postgres';
import { QDRANT_BACKUP } from './qdrant';
import { REDIS_BACKUP } from './redis';
import { readScripts } from './scripts';
import { S3_SCRIPTS } from './s3';

export const BACKUP_ENGINES: Readonly<Record<BackupEngine, BackupEngineSpec>> = {
  postgres: POSTGRES_BACKUP,
  qdrant: QDRANT_BACKUP,
  redis: REDIS_BACKUP,
};

/** The scripts an engine's jobs get (the ConfigMap's data), with the upload and download for an S3 target. */
export function scriptsData(engine: BackupEngine, s3: boolean): Record<string, string> {
  return readScripts([...BACKUP_ENGINES[engine].scripts, ...(s3 ? S3_SCRIPTS : [])]);
}
