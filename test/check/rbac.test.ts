/** RBAC that hands out too much. */
import { describeCheckCases } from './helpers';

describeCheckCases([
  { check: 'rbac-cluster-admin', fails: [{ object: 'ClusterRoleBinding ci-admin', path: 'roleRef.name', message: 'binds the cluster-admin ClusterRole' }] },
  {
    check: 'rbac-admin-edit-binding',
    fails: [
      { object: 'RoleBinding shop/ci-edit', path: 'roleRef.name', message: 'binds the built-in ClusterRole edit' },
      { object: 'ClusterRoleBinding ops-admin', path: 'roleRef.name', message: 'binds the built-in ClusterRole admin' },
    ],
  },
  {
    check: 'rbac-aggregation',
    fails: [
      { object: 'ClusterRole monitoring-helper', path: 'aggregationRule.clusterRoleSelectors[0].matchLabels["rbac.authorization.k8s.io/aggregate-to-admin"]', message: 'copies every rule of the built-in admin role' },
      { object: 'ClusterRole monitoring-helper', path: 'aggregationRule.clusterRoleSelectors[1].matchExpressions[0]', message: 'built-in edit role' },
    ],
  },
  {
    check: 'rbac-escalation-verbs',
    fails: [
      { object: 'ClusterRole rbac-manager', path: 'rules[0].verbs[1]', message: 'grants escalate' },
      { object: 'ClusterRole rbac-manager', path: 'rules[0].verbs[2]', message: 'grants bind' },
      { object: 'ClusterRole rbac-manager', path: 'rules[1].verbs[0]', message: 'grants impersonate' },
    ],
  },
  { check: 'rbac-create-pods', fails: [{ object: 'Role shop/runner', path: 'rules[0].verbs[2]', message: 'grants create on pods' }] },
  {
    check: 'rbac-wildcard',
    fails: [
      { object: 'ClusterRole app', path: 'rules[0].verbs[0]', message: 'allows every verb' },
      { object: 'ClusterRole app', path: 'rules[0].resources[0]', message: 'applies to every resource' },
      { object: 'ClusterRole metrics-reader', path: 'rules[0].nonResourceURLs[0]', message: 'every non-resource URL' },
    ],
  },
  { check: 'rbac-secrets-access', fails: [{ object: 'Role shop/app', path: 'rules[0].resources[1]', message: 'grants get, list on secrets' }] },
  { check: 'rbac-pod-exec', fails: [{ object: 'Role shop/app', path: 'rules[0].resources[1]', message: 'on pods/exec' }] },
]);
