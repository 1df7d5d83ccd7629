/** Backups and SLOs: what the schema cannot say about them. */
import { backupEngine } from '../../model/service-facts';
import { typesWhere } from '../../model/service-kinds';
import { aKind, type SchemaProblem, type ServiceContext } from './rule';

const BACKUP_KINDS = typesWhere((t) => t.backups);
const SLO_KINDS = typesWhere((t) => t.http);

export function backupSettings({ service, traits, at }: ServiceContext): SchemaProblem[] {
  const backup = service.backup;
  if (!backup || backup.enabled === false) return [];
  if (!traits.backups) return [{ path: at('backup'), message: `only ${aKind(...BACKUP_KINDS)} has backups; this is a \`${service.type}\`` }];
  const engine = backupEngine(service, backup);
  if (!engine) return [{ path: at('backup'), message: `cannot tell what \`${service.image}\` is; set \`backup.engine\` to postgres, qdrant or redis` }];
  // The Postgres restore verification reads whichever target there is (the volume, else S3).
  if (!backup.target.pvc && !backup.target.s3) return [{ path: at('backup', 'target'), message: 'give `pvc` (e.g. `pvc: { size: 50Gi }`), `s3` or both' }];
  return [];
}

/** The SLIs are an HTTP service's request metrics. */
export function sloSource({ service, traits, at }: ServiceContext): SchemaProblem[] {
  if (!service.slo || (service.metrics && traits.http)) return [];
  return [{ path: at('slo'), message: `an SLO needs ${aKind(...SLO_KINDS)} service with \`metrics\` (the SLIs are its request metrics)` }];
}
