/**
 * The S3 target of a backup (`target.s3`): an upload container after the dump, its
 * credentials by Secret reference (never rendered) and the egress to the endpoint.
 */
import * as k8s from '../../../imports/k8s';
import type { Backup } from '../../model/operations-schema';

export type S3Target = NonNullable<Backup['target']['s3']>;

export const S3_UPLOAD_SCRIPT = 's3-upload.sh';
/** The scripts of an S3 target: the upload (+ prune), the download a restore starts with, and what both share. */
export const S3_DOWNLOAD_SCRIPT = 's3-download.sh';
export const S3_SCRIPTS = [S3_UPLOAD_SCRIPT, S3_DOWNLOAD_SCRIPT, 's3-lib.sh'] as const;
/** Used when the endpoint names no AWS region (MinIO, Ceph, …): S3-compatible stores accept any. */
export const S3_DEFAULT_REGION = 'us-east-1';

/**
 * Networks a backup pod must not reach when `cidr` is everything: the private ranges (the
 * cluster, its nodes, the VPC) and link-local (the cloud metadata endpoint, with its
 * credentials). The upload then reaches the internet endpoint and nothing inside.
 */
export const S3_EGRESS_EXCEPT: Readonly<Record<string, readonly string[]>> = {
  '0.0.0.0/0': ['10.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.168.0.0/16'],
  '::/0': ['fc00::/7', 'fe80::/10'],
};

/** Where the upload goes: bucket, key prefix (`<namespace>/<store>` by default), endpoint and credentials. */
export function s3Env(s3: S3Target, namespace: string, store: string): k8s.EnvVar[] {
  const credential = (key: string): k8s.EnvVar => ({ name: key, valueFrom: { secretKeyRef: { name: s3.secretName, key } } });
  return [
    { name: 'S3_BUCKET', value: s3.bucket },
    { name: 'S3_PREFIX', value: s3.prefix ?? `${namespace}/${store}` },
    { name: 'S3_ENDPOINT', value: s3.endpoint },
    // SigV4 signs with the region: AWS refuses a request signed for another region than the endpoint's.
    { name: 'AWS_DEFAULT_REGION', value: s3Region(s3.endpoint) },
    credential('AWS_ACCESS_KEY_ID'),
    credential('AWS_SECRET_ACCESS_KEY'),
  ];
}

/** `https://s3.example.com:9000` → 9000; https → 443, http → 80. */
export function endpointPort(endpoint: string): number {
  const url = new URL(endpoint);
  return url.port ? Number(url.port) : url.protocol === 'http:' ? 80 : 443;
}

/** `https://s3.eu-central-1.amazonaws.com` → `eu-central-1`; an endpoint that names no region → S3_DEFAULT_REGION. */
export function s3Region(endpoint: string): string {
  const host = new URL(endpoint).hostname;
  return /^s3[.-](?:dualstack\.)?([a-z]{2}(?:-[a-z]+)+-\d+)\.amazonaws\.com(?:\.cn)?$/.exec(host)?.[1] ?? S3_DEFAULT_REGION;
}

/** Egress to the endpoint's port, to `cidr` (everywhere unless narrowed; everywhere means outside: see S3_EGRESS_EXCEPT). */
export function s3EgressRule(s3: S3Target): k8s.NetworkPolicyEgressRule {
  const except = S3_EGRESS_EXCEPT[s3.cidr];
  return {
    to: [{ ipBlock: { cidr: s3.cidr, ...(except ? { except: [...except] } : {}) } }],
    ports: [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(endpointPort(s3.endpoint)) }],
  };
}
