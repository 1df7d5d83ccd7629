/** RBAC that hands out too much. */
import { describeCheckCases } from './helpers';

describeCheckCases({
  'rbac-cluster-admin': [['ClusterRoleBinding ci-admin', 'roleRef.name', 'binds the cluster-admin ClusterRole']],
  'rbac-admin-edit-binding': [
    ['RoleBinding shop/ci-edit', 'roleRef.name', 'binds the built-in ClusterRole edit'],
    ['ClusterRoleBinding ops-admin', 'roleRef.name', 'binds the built-in ClusterRole admin'],
  ],
  'rbac-aggregation': [
    ['ClusterRole monitoring-helper', 'aggregationRule.clusterRoleSelectors[0].matchLabels["rbac.authorization.k8s.io/aggregate-to-admin"]', 'copies every rule of the built-in admin role'],
    ['ClusterRole monitoring-helper', 'aggregationRule.clusterRoleSelectors[1].matchExpressions[0]', 'built-in edit role'],
  ],
  'rbac-escalation-verbs': [
    ['ClusterRole rbac-manager', 'rules[0].verbs[1]', 'grants escalate'],
    ['ClusterRole rbac-manager', 'rules[0].verbs[2]', 'grants bind'],
    ['ClusterRole rbac-manager', 'rules[1].verbs[0]', 'grants impersonate'],
  ],
  'rbac-create-pods': [['Role shop/runner', 'rules[0].verbs[2]', 'grants create on pods']],
  'rbac-wildcard': [
    ['ClusterRole app', 'rules[0].verbs[0]', 'allows every verb'],
    ['ClusterRole app', 'rules[0].resources[0]', 'applies to every resource'],
    ['ClusterRole metrics-reader', 'rules[0].nonResourceURLs[0]', 'every non-resource URL'],
  ],
  'rbac-secrets-access': [['Role shop/app', 'rules[0].resources[1]', 'grants get, list on secrets']],
  'rbac-pod-exec': [['Role shop/app', 'rules[0].resources[1]', 'on pods/exec']],
});
