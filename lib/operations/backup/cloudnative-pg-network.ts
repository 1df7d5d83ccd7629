/**
 * The network rules of a CloudNativePG store's restore verification:
 *
 *   allow-<store>-restore-verify          the kubectl job → the Kubernetes API only
 *   allow-<store>-restore-verify-cluster  the throwaway instance ← the operator (8000, 5432);
 *                                         → the Kubernetes API and the object store endpoint
 *
 * (`kubectl exec` reaches the pod through the API server and the kubelet, not the pod network.)
 */
import type { Construct } from 'constructs';
import * as k8s from '../../../imports/k8s';
import { selectorLabels } from '../../constructs/labels';
import { operatorPodsWaiver } from '../../constructs/network-policies';
import { endpointPort, fromOperator, kubernetesApi, outside } from '../../constructs/postgres-network';
import { CNPG_POSTGRES_PORT, CNPG_STATUS_PORT, restoreVerifyCluster, type ResolvedPostgres } from '../../model/cloudnative-pg';
import { backupMetadata, type BackupObjectContext } from './metadata';
import type { S3Target } from './s3';

export interface CloudNativePgNetworkProps {
  readonly postgres: ResolvedPostgres;
  readonly s3: S3Target;
}

export function restoreVerifyNetworkPolicies(scope: Construct, ctx: BackupObjectContext, props: CloudNativePgNetworkProps): k8s.KubeNetworkPolicy[] {
  const name = restoreVerifyCluster(ctx.store);
  const job = new k8s.KubeNetworkPolicy(scope, 'VerifyPolicy', {
    metadata: backupMetadata(ctx, `allow-${name}`, 'network-policy'),
    spec: {
      podSelector: { matchLabels: selectorLabels(ctx.labels, name) },
      policyTypes: ['Ingress', 'Egress'],
      egress: [kubernetesApi(props.postgres)],
    },
  });
  const cluster = new k8s.KubeNetworkPolicy(scope, 'VerifyClusterPolicy', {
    metadata: {
      ...backupMetadata(ctx, `allow-${name}-cluster`, 'network-policy'),
      annotations: operatorPodsWaiver(`the throwaway Cluster ${name}, which the restore verification creates at run time`),
    },
    spec: {
      podSelector: { matchLabels: { 'cnpg.io/cluster': name } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [fromOperator(props.postgres, [CNPG_STATUS_PORT, CNPG_POSTGRES_PORT])],
      egress: [kubernetesApi(props.postgres), outside(props.s3.cidr, [endpointPort(props.s3.endpoint)])],
    },
  });
  return [job, cluster];
}
