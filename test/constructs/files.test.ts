/** `files`: Secrets, ExternalSecret targets and ConfigMaps mounted read-only; rendered content rolls the pods. */
import { describe, expect, it } from 'vitest';
import { buildStack, only, synthService } from './stack-builder';

const FILES = [
  { name: 'llm-key', mountPath: '/var/run/secrets/llm', externalSecret: { key: 'shop/llm', properties: { 'key.json': 'credentials' } } },
  { name: 'client-tls', mountPath: '/var/run/secrets/tls', secret: 'client-tls', items: { 'tls.crt': 'client.crt', 'tls.key': 'client.key' } },
  { name: 'app-config', mountPath: '/etc/app', content: { 'app.toml': 'level = "info"\n' } },
];
const stack = (files: unknown[]) => buildStack({ api: { ...buildStack().services.api, files } as any }, { secretStore: { name: 'vault' } as any });
const { manifests } = synthService(stack(FILES), 'api');
const deployment = only(manifests, 'Deployment');
const pod = deployment.spec.template;

describe('files', () => {
  it('mounts each source read-only into the main container, secrets 0400 and config 0444', () => {
    expect(pod.spec.containers[0].volumeMounts.filter((m: any) => m.name.startsWith('files-'))).toStrictEqual([
      { name: 'files-llm-key', mountPath: '/var/run/secrets/llm', readOnly: true },
      { name: 'files-client-tls', mountPath: '/var/run/secrets/tls', readOnly: true },
      { name: 'files-app-config', mountPath: '/etc/app', readOnly: true },
    ]);
    expect(pod.spec.volumes.filter((v: any) => v.name.startsWith('files-'))).toStrictEqual([
      { name: 'files-llm-key', secret: { secretName: 'api-llm-key', defaultMode: 0o400 } },
      { name: 'files-client-tls', secret: { secretName: 'client-tls', defaultMode: 0o400, items: [{ key: 'tls.crt', path: 'client.crt' }, { key: 'tls.key', path: 'client.key' }] } },
      { name: 'files-app-config', configMap: { name: 'api-app-config', defaultMode: 0o444 } },
    ]);
  });

  it('renders the ExternalSecret of an external mount and the ConfigMap of rendered content', () => {
    const external = manifests.find((m) => m.kind === 'ExternalSecret' && m.metadata.name === 'api-llm-key');
    expect(external.spec).toMatchObject({
      refreshInterval: '1h',
      target: { name: 'api-llm-key', creationPolicy: 'Owner' },
      data: [{ secretKey: 'key.json', remoteRef: { key: 'shop/llm', property: 'credentials' } }],
    });
    expect(manifests.find((m) => m.kind === 'ConfigMap' && m.metadata.name === 'api-app-config').data).toStrictEqual({ 'app.toml': 'level = "info"\n' });
  });

  it('rolls the pods when rendered content changes (checksum/files), and asks the Reloader to roll them when a mounted Secret changes', () => {
    const changed = only(synthService(stack([FILES[0], FILES[1], { ...FILES[2], content: { 'app.toml': 'level = "debug"\n' } }]), 'api').manifests, 'Deployment');
    expect(pod.metadata.annotations['checksum/files']).toMatch(/^[0-9a-f]{64}$/);
    expect(changed.spec.template.metadata.annotations['checksum/files']).not.toBe(pod.metadata.annotations['checksum/files']);
    expect(deployment.metadata.annotations['secret.reloader.stakater.com/reload']).toBe('api-llm-key,client-tls');
  });
});
