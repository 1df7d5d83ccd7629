/**
 * The network rules of a backup: its pods reach only their store (and the S3 endpoint), the
 * store accepts them, and the restore verification talks to nobody (but the S3 endpoint when it
 * downloads the backup from there).
 */
import type { Construct } from 'constructs';
import * as k8s from '../../../imports/k8s';
import { selectorLabels } from '../../constructs/labels';
import { SENTINEL_PORT, sentinelName } from '../../model/store-clusters';
import { backupMetadata, type BackupObjectContext } from './metadata';
import { s3EgressRule, type S3Target } from './s3';

export interface BackupNetworkPoliciesProps {
  /** Port of the store the backup pods reach. */
  readonly storePort: number;
  /** The S3 target the upload reaches. @default - none */
  readonly s3?: S3Target;
  /** There is a restore verification job to isolate. @default false */
  readonly restoreVerify?: boolean;
  /** The store runs under Sentinel: the backup asks the Sentinels (`<store>-sentinel`) for the primary. @default false */
  readonly sentinel?: boolean;
  /** The restore verification downloads from `s3` (no volume): it may reach the endpoint. @default false */
  readonly restoreVerifyFromS3?: boolean;
}

/** The NetworkPolicies of one store's backup. */
export interface BackupNetworkPolicies {
  /** `allow-<store>-backup`: the backup pods reach the store and the S3 endpoint, nothing else. */
  readonly backup: k8s.KubeNetworkPolicy;
  /** `allow-<store>-from-backup`: the store accepts the backup pods. */
  readonly store: k8s.KubeNetworkPolicy;
  /** `allow-<store>-restore-verify`: the verification has no traffic at all, but to the S3 endpoint when it downloads. */
  readonly restoreVerify?: k8s.KubeNetworkPolicy;
}

export function backupNetworkPolicies(scope: Construct, ctx: BackupObjectContext, props: BackupNetworkPoliciesProps): BackupNetworkPolicies {
  const { store } = ctx;
  const backupName = `${store}-backup`;
  const verifyName = `${store}-restore-verify`;
  const storePort = { protocol: 'TCP', port: k8s.IntOrString.fromNumber(props.storePort) };
  const pods = (name: string) => ({ podSelector: { matchLabels: selectorLabels(ctx.labels, name) } });
  const backup = new k8s.KubeNetworkPolicy(scope, 'BackupPolicy', {
    metadata: backupMetadata(ctx, `allow-${backupName}`, 'network-policy'),
    spec: {
      ...pods(backupName),
      policyTypes: ['Ingress', 'Egress'],
      egress: [
        { to: [pods(store)], ports: [storePort] },
        ...(props.sentinel ? [{ to: [pods(sentinelName(store))], ports: [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(SENTINEL_PORT) }] }] : []),
        ...(props.s3 ? [s3EgressRule(props.s3)] : []),
      ],
    },
  });
  const storePolicy = new k8s.KubeNetworkPolicy(scope, 'StorePolicy', {
    metadata: backupMetadata(ctx, `allow-${store}-from-backup`, 'network-policy'),
    spec: { ...pods(store), policyTypes: ['Ingress'], ingress: [{ from: [pods(backupName)], ports: [storePort] }] },
  });
  const restoreVerify = props.restoreVerify
    ? new k8s.KubeNetworkPolicy(scope, 'VerifyPolicy', {
        metadata: backupMetadata(ctx, `allow-${verifyName}`, 'network-policy'),
        spec: {
          ...pods(verifyName),
          policyTypes: ['Ingress', 'Egress'],
          egress: props.restoreVerifyFromS3 && props.s3 ? [s3EgressRule(props.s3)] : undefined,
        },
      })
    : undefined;
  return { backup, store: storePolicy, restoreVerify };
}
