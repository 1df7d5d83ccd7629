/**
 * Who a service's pods are and what they read: a ServiceAccount without an API token, a
 * ConfigMap for `config`, and an ExternalSecret for `externalSecretEnv`.
 */
import { Construct } from 'constructs';
import * as esApi from '../../imports/externalsecrets-external-secrets.io';
import * as k8s from '../../imports/k8s';
import type { ObjectMetadata } from '../model/escape-hatches-schema';
import type { ResolvedService, Stack } from '../model/schema';
import { renderedFileObject } from '../model/files-schema';
import { withExtraMetadata } from './extra-metadata';

export interface ServiceIdentityProps {
  readonly name: string;
  /** Metadata every object gets (namespace, labels); the name is set per object. */
  readonly metadata: Omit<k8s.ObjectMeta, 'name'>;
  readonly service: ResolvedService;
  /**
   * Where `externalSecretEnv` values come from.
   * @default - no ExternalSecret, even when the service lists external secrets
   */
  readonly secretStore?: Stack['stack']['secretStore'];
  /**
   * Extra labels and annotations of the ServiceAccount (IRSA, Workload Identity).
   * @default - none
   */
  readonly serviceAccountMetadata?: ObjectMetadata;
}

export class ServiceIdentity extends Construct {
  readonly serviceAccount: k8s.KubeServiceAccount;
  /** Present when the service has `config`. */
  readonly configMap?: k8s.KubeConfigMap;
  /** Present when the service has `externalSecretEnv` and the stack a `secretStore`. */
  readonly externalSecret?: esApi.ExternalSecret;
  /** Name of the Secret the ExternalSecret creates. */
  readonly externalSecretName?: string;
  /** The ConfigMaps and ExternalSecrets of `files` (`content`, `externalSecret`), in file order. */
  readonly fileObjects: readonly (k8s.KubeConfigMap | esApi.ExternalSecret)[];

  constructor(scope: Construct, id: string, props: ServiceIdentityProps) {
    super(scope, id);
    const { name, metadata, service } = props;
    this.serviceAccount = new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: withExtraMetadata({ ...metadata, name }, props.serviceAccountMetadata ?? {}),
      automountServiceAccountToken: false,
    });
    if (service.config && Object.keys(service.config).length) {
      this.configMap = new k8s.KubeConfigMap(this, 'Config', { metadata: { ...metadata, name: `${name}-config` }, data: service.config });
    }
    const external = service.externalSecretEnv ?? {};
    if (Object.keys(external).length && props.secretStore) {
      const store = props.secretStore;
      this.externalSecretName = `${name}-secrets`;
      this.externalSecret = new esApi.ExternalSecret(this, 'ExternalSecret', {
        metadata: { ...metadata, name: this.externalSecretName },
        spec: {
          refreshInterval: store.refreshInterval,
          secretStoreRef: { name: store.name, kind: store.kind as esApi.ExternalSecretSpecSecretStoreRefKind },
          target: { name: this.externalSecretName, creationPolicy: esApi.ExternalSecretSpecTargetCreationPolicy.OWNER },
          data: Object.keys(external)
            .sort()
            .map((secretKey) => ({ secretKey, remoteRef: { key: external[secretKey].key, property: external[secretKey].property } })),
        },
      });
    }
    this.fileObjects = (service.files ?? []).flatMap((file) => {
      const objectName = renderedFileObject(name, file);
      if (file.content) {
        return [new k8s.KubeConfigMap(this, `Files-${file.name}`, { metadata: { ...metadata, name: objectName }, data: { ...file.content } })];
      }
      if (file.externalSecret && props.secretStore) {
        const store = props.secretStore;
        const { key, properties } = file.externalSecret;
        return [new esApi.ExternalSecret(this, `Files-${file.name}`, {
          metadata: { ...metadata, name: objectName },
          spec: {
            refreshInterval: store.refreshInterval,
            secretStoreRef: { name: store.name, kind: store.kind as esApi.ExternalSecretSpecSecretStoreRefKind },
            target: { name: objectName, creationPolicy: esApi.ExternalSecretSpecTargetCreationPolicy.OWNER },
            data: Object.keys(properties).sort().map((secretKey) => ({ secretKey, remoteRef: { key, property: properties[secretKey] } })),
          },
        })];
      }
      return [];
    });
  }
}
