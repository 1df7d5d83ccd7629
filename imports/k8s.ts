/**
 * Kubernetes 1.28 API classes. `cdk8s import k8s` needs the network to fetch the
 * schema, and cdk8s-plus-28 already ships the output of exactly that import for 1.28,
 * so we re-export it (only this module, not the whole cdk8s-plus library: faster startup).
 */
export * from 'cdk8s-plus-28/lib/imports/k8s';
