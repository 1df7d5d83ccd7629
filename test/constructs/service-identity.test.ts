import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { ServiceIdentity } from '../../lib/constructs/service-identity';
import type { ResolvedService } from '../../lib/model/schema';
import { buildStack } from './stack-builder';

const metadata = { namespace: 'shop' };

describe('ServiceIdentity', () => {
  const api = buildStack().services.api as ResolvedService;

  it('gives every service its own ServiceAccount without an API token', () => {
    const chart = Testing.chart();
    const identity = new ServiceIdentity(chart, 'Identity', { name: 'api', metadata, service: api });
    expect(Testing.synth(chart)).toStrictEqual([
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'api', namespace: 'shop' }, automountServiceAccountToken: false },
    ]);
    expect([identity.configMap, identity.externalSecret]).toStrictEqual([undefined, undefined]);
  });

  it('renders `config` as a `<name>-config` ConfigMap', () => {
    const chart = Testing.chart();
    new ServiceIdentity(chart, 'Identity', { name: 'api', metadata, service: { ...api, config: { LOG_LEVEL: 'info' } } });
    const configMap = Testing.synth(chart).find((m) => m.kind === 'ConfigMap');
    expect(configMap.metadata.name).toBe('api-config');
    expect(configMap.data).toStrictEqual({ LOG_LEVEL: 'info' });
  });

  it('renders external secrets from the stack secret store, sorted by key', () => {
    const chart = Testing.chart();
    const service = {
      ...api,
      externalSecretEnv: { TOKEN: { key: 'shop/api', property: 'token' }, DB_PASSWORD: { key: 'shop/db', property: 'password' } },
    } as ResolvedService;
    const identity = new ServiceIdentity(chart, 'Identity', {
      name: 'api',
      metadata,
      service,
      secretStore: { name: 'vault', kind: 'ClusterSecretStore', refreshInterval: '1h' },
    });
    const secret = Testing.synth(chart).find((m) => m.kind === 'ExternalSecret');
    expect(identity.externalSecretName).toBe('api-secrets');
    expect(secret.spec.secretStoreRef).toStrictEqual({ name: 'vault', kind: 'ClusterSecretStore' });
    expect(secret.spec.target).toStrictEqual({ name: 'api-secrets', creationPolicy: 'Owner' });
    expect(secret.spec.data.map((d: any) => d.secretKey)).toStrictEqual(['DB_PASSWORD', 'TOKEN']);
  });

  it('renders no ExternalSecret without a secret store', () => {
    const chart = Testing.chart();
    const service = { ...api, externalSecretEnv: { TOKEN: { key: 'shop/api', property: 'token' } } } as ResolvedService;
    expect(new ServiceIdentity(chart, 'Identity', { name: 'api', metadata, service }).externalSecret).toBeUndefined();
  });
});
