/**
 * Network rules of a Postgres store run by CloudNativePG (used by network-policies.ts):
 *
 *   instances  ← the operator's namespace on 8000 (status) and 5432; ← each other on 5432 and 8000
 *                (streaming replication, the instance manager); ← the pooler (or, without one, the
 *                clients) on 5432; ← monitoring on 9187
 *              → each other on 5432 and 8000; → the Kubernetes API (443, 6443: the instance manager
 *                watches its Cluster); → the object store endpoint (WAL archiving, base backups)
 *              (clients may connect directly: `DATABASE_URL`, the operator's `uri`, names `<store>-rw`)
 *   pooler     ← the clients on 5432; ← the operator's namespace on 8000; → the instances on 5432;
 *                → the Kubernetes API (PgBouncer's manager reads its Pooler and Secrets)
 *
 * An S3 `cidr` of 0.0.0.0/0 excepts the private ranges: archiving goes to the endpoint, never
 * to other pods.
 */
import * as k8s from '../../imports/k8s';
import {
  CNPG_METRICS_PORT, CNPG_POOLER_PORT, CNPG_POSTGRES_PORT, CNPG_STATUS_PORT, KUBERNETES_API_PORTS, poolerName, poolerOf,
  type ResolvedPostgres,
} from '../model/cloudnative-pg';
import type { Stack } from '../model/schema';
import { selectorLabels, type LabelContext } from './labels';

const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];

export const tcp = (port: number) => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) });
const namespace = (name: string) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } } });
const instancesOf = (cluster: string) => ({ podSelector: { matchLabels: { 'cnpg.io/cluster': cluster } } });

/** Egress to an address range; everywhere (`0.0.0.0/0`) leaves out the private ranges. */
export function outside(cidr: string, ports: readonly number[]): k8s.NetworkPolicyEgressRule {
  return { to: [{ ipBlock: { cidr, except: cidr === '0.0.0.0/0' ? PRIVATE_RANGES : undefined } }], ports: ports.map(tcp) };
}

/**
 * The instance manager and PgBouncer's manager talk to the API server. Its address is usually
 * private (and policies see the endpoint after the Service is resolved), so no range is excepted:
 * narrow `postgres.apiServerCidr` to the control plane where you can.
 */
export const kubernetesApi = (pg: ResolvedPostgres): k8s.NetworkPolicyEgressRule => ({
  to: [{ ipBlock: { cidr: pg.apiServerCidr } }],
  ports: KUBERNETES_API_PORTS.map(tcp),
});

/** The operator reaches the instances' status port (and Postgres, for its checks). */
export const fromOperator = (pg: ResolvedPostgres, ports: readonly number[]): k8s.NetworkPolicyIngressRule => ({
  from: [namespace(pg.operatorNamespace)],
  ports: ports.map(tcp),
});

export interface PostgresNetworkContext {
  readonly stack: Stack;
  readonly labels: LabelContext;
  readonly store: string;
  readonly postgres: ResolvedPostgres;
  /** Services that `dependsOn` the store. */
  readonly clients: readonly string[];
}

const pods = (labels: LabelContext, name: string) => ({ podSelector: { matchLabels: selectorLabels(labels, name) } });

/** Ingress and egress of the instances. */
export function instanceRules(ctx: PostgresNetworkContext): { ingress: k8s.NetworkPolicyIngressRule[]; egress: k8s.NetworkPolicyEgressRule[] } {
  const { stack, labels, store, postgres: pg } = ctx;
  const pooler = poolerOf(pg);
  // Clients may connect directly too: `DATABASE_URL` (the operator's `uri`) names the primary's Service.
  const front = [...(pooler ? [pods(labels, poolerName(store))] : []), ...ctx.clients.map((c) => pods(labels, c))];
  const s3 = stack.services[store].backup?.target.s3;
  const ingress: k8s.NetworkPolicyIngressRule[] = [
    fromOperator(pg, [CNPG_STATUS_PORT, CNPG_POSTGRES_PORT]),
    { from: [instancesOf(store)], ports: [tcp(CNPG_POSTGRES_PORT), tcp(CNPG_STATUS_PORT)] },
    ...(front.length ? [{ from: front, ports: [tcp(CNPG_POSTGRES_PORT)] }] : []),
    { from: [namespace(stack.stack.monitoring?.namespace ?? 'monitoring')], ports: [tcp(CNPG_METRICS_PORT)] },
  ];
  const egress: k8s.NetworkPolicyEgressRule[] = [
    { to: [instancesOf(store)], ports: [tcp(CNPG_POSTGRES_PORT), tcp(CNPG_STATUS_PORT)] },
    kubernetesApi(pg),
    ...(s3 ? [outside(s3.cidr ?? '0.0.0.0/0', [endpointPort(s3.endpoint)])] : []),
  ];
  return { ingress, egress };
}

/** Ingress and egress of the PgBouncer pods. */
export function poolerRules(ctx: PostgresNetworkContext): { ingress: k8s.NetworkPolicyIngressRule[]; egress: k8s.NetworkPolicyEgressRule[] } {
  const { labels, store, postgres: pg } = ctx;
  const ingress: k8s.NetworkPolicyIngressRule[] = [
    fromOperator(pg, [CNPG_STATUS_PORT]),
    ...(ctx.clients.length ? [{ from: ctx.clients.map((c) => pods(labels, c)), ports: [tcp(CNPG_POOLER_PORT)] }] : []),
  ];
  return { ingress, egress: [{ to: [instancesOf(store)], ports: [tcp(CNPG_POSTGRES_PORT)] }, kubernetesApi(pg)] };
}

/** Where a client of the store connects: the pooler's pods (when there is one) and the instances. */
export function clientEgress(labels: LabelContext, store: string, pg: ResolvedPostgres): k8s.NetworkPolicyEgressRule {
  return { to: [...(poolerOf(pg) ? [pods(labels, poolerName(store))] : []), instancesOf(store)], ports: [tcp(CNPG_POSTGRES_PORT)] };
}

/** `https://s3.example.com:9000` → 9000; https → 443, http → 80. */
export function endpointPort(endpoint: string): number {
  const url = new URL(endpoint);
  return url.port ? Number(url.port) : url.protocol === 'http:' ? 80 : 443;
}
