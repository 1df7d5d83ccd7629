/** RBAC that hands out too much. */
import { describeCheckCases } from './helpers';

describeCheckCases([
  { check: 'rbac-cluster-admin', fails: [{ object: 'ClusterRoleBinding ci-admin', path: 'roleRef.name', message: 'binds the cluster-admin ClusterRole' }] },
  {
    check: 'rbac-wildcard',
    fails: [
      { object: 'ClusterRole app', path: 'rules[0].verbs[0]', message: 'allows every verb' },
      { object: 'ClusterRole app', path: 'rules[0].resources[0]', message: 'applies to every resource' },
    ],
  },
  { check: 'rbac-secrets-access', fails: [{ object: 'Role shop/app', path: 'rules[0].resources[1]', message: 'grants get, list on secrets' }] },
  { check: 'rbac-pod-exec', fails: [{ object: 'Role shop/app', path: 'rules[0].resources[1]', message: 'on pods/exec' }] },
]);
