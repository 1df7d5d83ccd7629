/**
 * Redis: a copy of the RDB snapshot, taken with the server's own image (`redis-cli`). Under
 * Sentinel the script asks the Sentinels for the current primary and snapshots it.
 */
import { sentinelAddresses } from '../../model/store-clusters';
import type { BackupEngineSpec } from './engine-spec';
import { PRUNE_SCRIPT } from './scripts';

export const REDIS_BACKUP: BackupEngineSpec = {
  scripts: ['redis-backup.sh', PRUNE_SCRIPT],
  backupScript: 'redis-backup.sh',
  containerName: 'redis-backup',
  pattern: '*.rdb',
  env: ({ store, storePort, service }) => [
    { name: 'REDIS_HOST', value: store },
    { name: 'REDIS_PORT', value: String(storePort) },
    ...(service.sentinel
      ? [
          { name: 'REDIS_MASTER_NAME', value: service.sentinel.masterName },
          { name: 'REDIS_SENTINELS', value: sentinelAddresses(store, service.sentinel).join(',') },
        ]
      : []),
  ],
};
