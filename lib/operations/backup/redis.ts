/** Redis: a copy of the RDB snapshot, taken with the server's own image (`redis-cli`). */
import type { BackupEngineSpec } from './engine-spec';
import { PRUNE_SCRIPT } from './scripts';

export const REDIS_BACKUP: BackupEngineSpec = {
  scripts: ['redis-backup.sh', PRUNE_SCRIPT],
  backupScript: 'redis-backup.sh',
  containerName: 'redis-backup',
  pattern: '*.rdb',
  env: ({ store, storePort }) => [
    { name: 'REDIS_HOST', value: store },
    { name: 'REDIS_PORT', value: String(storePort) },
  ],
};
