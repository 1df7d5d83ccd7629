import { describe, expect, it } from 'vitest';
import { clustersWithoutDestination, hostsSharedAcrossEnvironments, storeWithoutBackup } from '../../../lib/overlay/rules/warnings';
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

describe('clustersWithoutDestination', () => {
  const gitops = (server?: string) => ({ repoURL: 'https://git.example.com/shop.git', ...(server ? { destination: { server } } : {}) });
  const env = (environment: string, cluster: string | undefined, server?: string) =>
    ({ environment, stack: stackWith({}, { ...(cluster ? { cluster } : {}), gitops: gitops(server) }) });

  it('warns, in each environment that names a cluster, when every Application still deploys to the in-cluster API server', () => {
    const warnings = clustersWithoutDestination([env('dev', 'dev-eu'), env('prod', 'prod-eu')]);
    expect(warnings.map((w) => w.environment)).toStrictEqual(['dev', 'prod']);
    expect(format(warnings)[1]).toBe(
      "stack.cluster: the environments name the clusters `dev-eu`, `prod-eu`, but every ArgoCD Application deploys to https://kubernetes.default.svc (the cluster ArgoCD runs in): set `stack.gitops.destination.server` in prod's file to the API server of `prod-eu`",
    );
  });

  it('is silent once one environment has its own destination, when all name one cluster, or when none names any', () => {
    expect(clustersWithoutDestination([env('dev', 'dev-eu'), env('prod', 'prod-eu', 'https://prod-eu.k8s.example.com')])).toStrictEqual([]);
    expect(clustersWithoutDestination([env('dev', 'shared'), env('prod', 'shared')])).toStrictEqual([]);
    expect(clustersWithoutDestination([env('dev', undefined), env('prod', undefined)])).toStrictEqual([]);
  });
});
