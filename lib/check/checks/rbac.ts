/**
 * RBAC that hands out more than a workload should ever have: cluster-admin,
 * wildcards, reading secrets, and exec/attach into other pods.
 */
import type { Check, Reporter } from '../check';
import type { Inventory } from '../inventory';
import type { Manifest } from '../types';
import { asArray, asRecord } from '../values';

const group = 'rbac';

interface Rule {
  readonly manifest: Manifest;
  readonly index: number;
  readonly apiGroups: readonly unknown[];
  readonly resources: readonly unknown[];
  readonly verbs: readonly unknown[];
}

function eachRule(inventory: Inventory, fn: (rule: Rule) => void): void {
  for (const kind of ['Role', 'ClusterRole']) {
    for (const manifest of inventory.ofKind(kind)) {
      asArray(manifest.object.rules).forEach((value, index) => {
        const rule = asRecord(value);
        if (!rule) return;
        fn({ manifest, index, apiGroups: asArray(rule.apiGroups), resources: asArray(rule.resources), verbs: asArray(rule.verbs) });
      });
    }
  }
}

/** True when the rule applies to the core API group ("" or "*"), where secrets and pods live. */
const inCoreGroup = (rule: Rule) => rule.apiGroups.length === 0 || rule.apiGroups.includes('') || rule.apiGroups.includes('*');

function reportResource(rule: Rule, resource: string, report: Reporter, message: string): void {
  report(rule.manifest, ['rules', rule.index, 'resources', rule.resources.indexOf(resource)], message);
}

export const rbacChecks: readonly Check[] = [
  {
    id: 'rbac-cluster-admin',
    group,
    severity: 'error',
    description: 'No RoleBinding or ClusterRoleBinding grants the cluster-admin ClusterRole.',
    hint: 'bind a Role with only the verbs and resources the subject needs',
    rationale: 'cluster-admin is every permission on every resource: one leaked token owns the cluster. kube-linter cluster-admin-role-binding; Polaris clusterrolebindingClusterAdmin.',
    run(inventory, report) {
      for (const kind of ['RoleBinding', 'ClusterRoleBinding']) {
        for (const binding of inventory.ofKind(kind)) {
          const roleRef = asRecord(binding.object.roleRef);
          if (roleRef?.kind === 'ClusterRole' && roleRef.name === 'cluster-admin') {
            report(binding, ['roleRef', 'name'], 'binds the cluster-admin ClusterRole');
          }
        }
      }
    },
  },
  {
    id: 'rbac-wildcard',
    group,
    severity: 'error',
    description: 'No Role or ClusterRole rule uses "*" for verbs or resources.',
    hint: 'list the exact verbs and resources the subject needs',
    rationale: 'Wildcards grant everything that exists now and everything added later, including subresources like pods/exec. kube-linter wildcard-in-rules; Polaris clusterrolePodExecAttach (related).',
    run(inventory, report) {
      eachRule(inventory, (rule) => {
        if (rule.verbs.includes('*')) {
          report(rule.manifest, ['rules', rule.index, 'verbs', rule.verbs.indexOf('*')], `rules[${rule.index}] allows every verb ("*")`);
        }
        if (rule.resources.includes('*')) {
          reportResource(rule, '*', report, `rules[${rule.index}] applies to every resource ("*")`);
        }
      });
    },
  },
  {
    id: 'rbac-secrets-access',
    group,
    severity: 'error',
    description: 'No Role or ClusterRole grants access to secrets.',
    hint: 'mount the one Secret the pod needs instead of granting API access to secrets; waive with a reason for controllers that must read them',
    rationale: 'Access to secrets is access to every credential in the namespace (or cluster). kube-linter access-to-secrets.',
    run(inventory, report) {
      eachRule(inventory, (rule) => {
        if (inCoreGroup(rule) && rule.resources.includes('secrets') && rule.verbs.length > 0) {
          reportResource(rule, 'secrets', report, `rules[${rule.index}] grants ${rule.verbs.join(', ')} on secrets`);
        }
      });
    },
  },
  {
    id: 'rbac-pod-exec',
    group,
    severity: 'error',
    description: 'No Role or ClusterRole grants pods/exec or pods/attach.',
    hint: 'remove pods/exec and pods/attach; use a break-glass role bound only when needed',
    rationale: 'exec and attach run commands inside other pods, with their service account and secrets. kube-linter access-to-create-pods (related); Polaris clusterrolePodExecAttach, rolePodExecAttach.',
    run(inventory, report) {
      eachRule(inventory, (rule) => {
        if (!inCoreGroup(rule) || rule.verbs.length === 0) return;
        for (const resource of ['pods/exec', 'pods/attach', 'pods/*']) {
          if (rule.resources.includes(resource)) {
            reportResource(rule, resource, report, `rules[${rule.index}] grants ${rule.verbs.join(', ')} on ${resource}`);
          }
        }
      });
    },
  },
];
