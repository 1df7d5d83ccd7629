import { describe, expect, it } from 'vitest';
import { hostsSharedAcrossEnvironments, storeWithoutBackup } from '../../../lib/overlay/rules/warnings';
import { format, MINIMAL_SERVICES, problemsOf, stackWith } from '../stack';

describe('storeWithoutBackup', () => {
  it('warns about a store without `backup`, naming the key to add', () => {
    expect(problemsOf(storeWithoutBackup, 'store')).toStrictEqual([
      'services.store.type: a store without `backup`: add `backup: { target: { pvc: { size: 10Gi } } }` (or `s3`), or `backup: { enabled: false }` if its data can be lost',
    ]);
  });

  it('is silent when the backup is switched off on purpose, and for other kinds', () => {
    expect(problemsOf(storeWithoutBackup, 'store', { backup: { enabled: false, target: { pvc: { size: '1Gi' } } } })).toStrictEqual([]);
    expect(problemsOf(storeWithoutBackup, 'web')).toStrictEqual([]);
  });
});

describe('hostsSharedAcrossEnvironments', () => {
  const withHost = (host: string) => stackWith({ web: { ...MINIMAL_SERVICES.web, ingress: { host } } });

  it('warns when a second environment routes a host the first already does', () => {
    const warnings = hostsSharedAcrossEnvironments([
      { environment: 'dev', stack: withHost('shop.example.com') },
      { environment: 'qa', stack: withHost('shop.example.com') },
    ]);
    expect(warnings.map((w) => w.environment)).toStrictEqual(['qa']);
    expect(format(warnings)).toStrictEqual([
      'services.web.ingress.host: `shop.example.com` (path `/`) is routed in `dev` too; if both environments share a cluster their ingresses fight over it: give `qa` its own host',
    ]);
  });

  it('is silent when every environment has its own host', () => {
    expect(hostsSharedAcrossEnvironments([
      { environment: 'dev', stack: withHost('dev.shop.example.com') },
      { environment: 'prod', stack: withHost('shop.example.com') },
    ])).toStrictEqual([]);
  });
});
