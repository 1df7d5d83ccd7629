import { describe, expect, it } from 'vitest';
import { backupSettings, sloSource } from '../../../lib/overlay/rules/operations';
import { problemsOf } from '../stack';

const PVC = { pvc: { size: '10Gi' } };

describe('backupSettings', () => {
  it('rejects backups of a kind that keeps no data', () => {
    expect(problemsOf(backupSettings, 'worker', { backup: { target: PVC } })).toStrictEqual([
      'services.worker.backup: only a `store` has backups; this is a `worker`',
    ]);
  });

  it('ignores a backup switched off', () => {
    expect(problemsOf(backupSettings, 'worker', { backup: { enabled: false, target: PVC } })).toStrictEqual([]);
  });

  it('needs an engine it can tell from the image', () => {
    expect(problemsOf(backupSettings, 'store', { image: 'ghcr.io/acme/kv:1.0.0', backup: { target: PVC } })).toStrictEqual([
      'services.store.backup: cannot tell what `ghcr.io/acme/kv:1.0.0` is; set `backup.engine` to postgres, qdrant or redis',
    ]);
  });

  it('needs a target', () => {
    expect(problemsOf(backupSettings, 'store', { backup: { target: {} } })).toStrictEqual([
      'services.store.backup.target: give `pvc` (e.g. `pvc: { size: 50Gi }`), `s3` or both',
    ]);
  });

  it('lets the Postgres restore verification read an S3-only target (it downloads the dump)', () => {
    const s3 = { bucket: 'backups', endpoint: 'https://s3.example.com', secretName: 'backup-s3' };
    expect(problemsOf(backupSettings, 'store', { image: 'postgres:16.4', backup: { target: { s3 } } })).toStrictEqual([]);
  });
});

describe('sloSource', () => {
  it('needs metrics', () => {
    expect(problemsOf(sloSource, 'web', { slo: {} })).toStrictEqual([
      'services.web.slo: an SLO needs a `web` service with `metrics` (the SLIs are its request metrics)',
    ]);
  });

  it('needs a web service', () => {
    expect(problemsOf(sloSource, 'worker', { slo: {}, metrics: {} })).toStrictEqual([
      'services.worker.slo: an SLO needs a `web` service with `metrics` (the SLIs are its request metrics)',
    ]);
  });

  it('accepts a web service with metrics', () => {
    expect(problemsOf(sloSource, 'web', { slo: {}, metrics: {} })).toStrictEqual([]);
  });
});
