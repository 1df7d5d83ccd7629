/** The `pvc` target: a volume claim of its own, `<store>-backups`, counted into the namespace quota. */
import type { Construct } from 'constructs';
import * as k8s from '../../../imports/k8s';
import { ResourceLedger } from '../../constructs/resource-ledger';
import type { Backup } from '../../model/operations-schema';
import { backupMetadata, type BackupObjectContext } from './metadata';

export type PvcTarget = NonNullable<Backup['target']['pvc']>;

export function backupVolumeClaim(scope: Construct, ctx: BackupObjectContext, pvc: PvcTarget): k8s.KubePersistentVolumeClaim {
  ResourceLedger.of(scope).addClaims(1, pvc.size);
  return new k8s.KubePersistentVolumeClaim(scope, 'Volume', {
    metadata: backupMetadata(ctx, `${ctx.store}-backups`, 'backup'),
    spec: {
      accessModes: ['ReadWriteOnce'],
      storageClassName: pvc.storageClass,
      resources: { requests: { storage: k8s.Quantity.fromString(pvc.size) } },
    },
  });
}
