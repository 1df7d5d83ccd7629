/**
 * Qdrant: a snapshot of every collection through the HTTP API. The Qdrant image has no
 * HTTP client, so the job runs curl's image, as a plain numeric user. A distributed Qdrant
 * is snapshotted on every peer (`QDRANT_PEERS`): each holds only its own shards.
 */
import { HELPER_IMAGES } from '../../model/helper-images';
import { qdrantPeerUrls } from '../../model/store-clusters';
import type { BackupEngineSpec } from './engine-spec';
import { PRUNE_SCRIPT } from './scripts';

/** A non-root user with no meaning in the curl image (it has no user of its own to reuse). */
const BACKUP_USER = 10001;

export const QDRANT_BACKUP: BackupEngineSpec = {
  scripts: ['qdrant-snapshot.sh', PRUNE_SCRIPT],
  backupScript: 'qdrant-snapshot.sh',
  containerName: 'qdrant-backup',
  pattern: '*.snapshot',
  portName: 'http',
  image: HELPER_IMAGES.qdrantBackup,
  runAsUser: BACKUP_USER,
  env: ({ store, storePort, service }) => [
    { name: 'QDRANT_URL', value: `http://${store}:${storePort}` },
    ...(service.distributed ? [{ name: 'QDRANT_PEERS', value: qdrantPeerUrls(store, service.distributed.nodes, storePort).join(',') }] : []),
  ],
};
