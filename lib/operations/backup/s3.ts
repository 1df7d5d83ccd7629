/**
 * The S3 target of a backup (`target.s3`): an upload container after the dump, its
 * credentials by Secret reference (never rendered) and the egress to the endpoint.
 */
import * as k8s from '../../../imports/k8s';
import type { Backup } from '../../model/operations-schema';

export type S3Target = NonNullable<Backup['target']['s3']>;

export const S3_UPLOAD_SCRIPT = 's3-upload.sh';

/** Where the upload goes: bucket, key prefix (`<namespace>/<store>` by default), endpoint and credentials. */
export function s3Env(s3: S3Target, namespace: string, store: string): k8s.EnvVar[] {
  const credential = (key: string): k8s.EnvVar => ({ name: key, valueFrom: { secretKeyRef: { name: s3.secretName, key } } });
  return [
    { name: 'S3_BUCKET', value: s3.bucket },
    { name: 'S3_PREFIX', value: s3.prefix ?? `${namespace}/${store}` },
    { name: 'S3_ENDPOINT', value: s3.endpoint },
    credential('AWS_ACCESS_KEY_ID'),
    credential('AWS_SECRET_ACCESS_KEY'),
  ];
}

/** `https://s3.example.com:9000` → 9000; https → 443, http → 80. */
export function endpointPort(endpoint: string): number {
  const url = new URL(endpoint);
  return url.port ? Number(url.port) : url.protocol === 'http:' ? 80 : 443;
}

/** Egress to the endpoint's port, to `cidr` (everywhere unless narrowed). */
export function s3EgressRule(s3: S3Target): k8s.NetworkPolicyEgressRule {
  return {
    to: [{ ipBlock: { cidr: s3.cidr } }],
    ports: [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(endpointPort(s3.endpoint)) }],
  };
}
