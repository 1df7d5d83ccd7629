/**
 * RBAC that hands out more than a workload should ever have: cluster-admin,
 * admin and edit, aggregation into admin/edit, wildcards, the privilege
 * escalation verbs, reading secrets, creating pods, and exec/attach into other pods.
 */
import type { Check, Reporter } from '../check';
import type { Inventory } from '../inventory';
import type { Manifest } from '../types';
import { asArray, asRecord } from '../../shared/values';

const group = 'rbac';

interface Rule {
  readonly manifest: Manifest;
  readonly index: number;
  readonly apiGroups: readonly unknown[];
  readonly resources: readonly unknown[];
  readonly verbs: readonly unknown[];
  readonly nonResourceURLs: readonly unknown[];
}

/** Built-in ClusterRoles that are too broad to bind to a workload or a CI identity. */
const BROAD_BUILTIN_ROLES: Readonly<Record<string, string>> = {
  admin: 'admin (read/write on everything in a namespace, including secrets, pods/exec and RoleBindings)',
  edit: 'edit (read/write on most of a namespace, including secrets, pods/exec and running pods as any ServiceAccount)',
};

/**
 * Aggregation labels whose selection copies a broad built-in role. `view` is
 * deliberately absent: it is read-only and excludes secrets, so a ClusterRole
 * aggregating it grants nothing dangerous.
 */
const BROAD_AGGREGATION_LABELS = ['rbac.authorization.k8s.io/aggregate-to-admin', 'rbac.authorization.k8s.io/aggregate-to-edit'];

/** Verbs that let a subject grant itself more than it has (escalate, bind) or act as someone else (impersonate). */
const ESCALATION_VERBS: Readonly<Record<string, string>> = {
  escalate: 'escalate (create or update Roles with permissions it does not hold)',
  bind: 'bind (bind Roles with permissions it does not hold)',
  impersonate: 'impersonate (act as any user, group or ServiceAccount)',
};

function eachRule(inventory: Inventory, fn: (rule: Rule) => void): void {
  for (const kind of ['Role', 'ClusterRole']) {
    for (const manifest of inventory.ofKind(kind)) {
      asArray(manifest.object.rules).forEach((value, index) => {
        const rule = asRecord(value);
        if (!rule) return;
        fn({
          manifest,
          index,
          apiGroups: asArray(rule.apiGroups),
          resources: asArray(rule.resources),
          verbs: asArray(rule.verbs),
          nonResourceURLs: asArray(rule.nonResourceURLs),
        });
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
    class: 'policy',
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
    id: 'rbac-admin-edit-binding',
    group,
    severity: 'error',
    class: 'policy',
    description: 'No RoleBinding or ClusterRoleBinding grants the built-in admin or edit ClusterRole.',
    hint: 'bind a Role with only the verbs and resources the subject needs',
    rationale:
      'admin and edit include secrets, pods/exec and creating pods with any ServiceAccount of the namespace; admin also manages RoleBindings. A workload or CI token bound to them owns the namespace. kube-linter (cluster-admin-role-binding, related).',
    run(inventory, report) {
      for (const kind of ['RoleBinding', 'ClusterRoleBinding']) {
        for (const binding of inventory.ofKind(kind)) {
          const roleRef = asRecord(binding.object.roleRef);
          const what = roleRef?.kind === 'ClusterRole' && typeof roleRef.name === 'string' ? BROAD_BUILTIN_ROLES[roleRef.name] : undefined;
          if (what) report(binding, ['roleRef', 'name'], `binds the built-in ClusterRole ${what}`);
        }
      }
    },
  },
  {
    id: 'rbac-aggregation',
    group,
    severity: 'error',
    class: 'policy',
    description: 'No ClusterRole aggregationRule selects the aggregate-to-admin or aggregate-to-edit labels (aggregate-to-view is allowed: read-only, no secrets).',
    hint: 'list the rules the role needs instead of aggregating the admin or edit roles',
    rationale:
      'A ClusterRole that selects aggregate-to-admin or aggregate-to-edit is a copy of admin or edit that grows with every operator installed, and hides that behind a harmless name. aggregate-to-view only copies read access without secrets, so it is not flagged.',
    run(inventory, report) {
      for (const manifest of inventory.ofKind('ClusterRole')) {
        asArray(asRecord(manifest.object.aggregationRule)?.clusterRoleSelectors).forEach((value, index) => {
          const selector = asRecord(value);
          const path = ['aggregationRule', 'clusterRoleSelectors', index];
          const matchLabels = asRecord(selector?.matchLabels) ?? {};
          for (const label of BROAD_AGGREGATION_LABELS) {
            if (String(matchLabels[label]) === 'true') report(manifest, [...path, 'matchLabels', label], `aggregationRule selects ${label}: "true", so this role copies every rule of the built-in ${label.split('-').pop()} role`);
          }
          asArray(selector?.matchExpressions).forEach((expression, expressionIndex) => {
            const requirement = asRecord(expression);
            const key = requirement?.key;
            if (typeof key !== 'string' || !BROAD_AGGREGATION_LABELS.includes(key)) return;
            const values = asArray(requirement?.values).map(String);
            const selects = requirement?.operator === 'Exists' || (requirement?.operator === 'In' && values.includes('true'));
            if (selects) report(manifest, [...path, 'matchExpressions', expressionIndex], `aggregationRule selects ${key}, so this role copies every rule of the built-in ${key.split('-').pop()} role`);
          });
        });
      }
    },
  },
  {
    id: 'rbac-escalation-verbs',
    group,
    severity: 'error',
    class: 'policy',
    description: 'No Role or ClusterRole grants the verbs escalate, bind or impersonate.',
    hint: 'remove the verb; a controller that manages RBAC needs a reviewed exception (waive with the reason)',
    rationale:
      'escalate and bind let a subject create or bind roles with permissions it does not have; impersonate lets it act as any user or ServiceAccount: each is a path to cluster-admin. Kubernetes RBAC good practices (privilege escalation risks).',
    run(inventory, report) {
      eachRule(inventory, (rule) => {
        rule.verbs.forEach((verb, index) => {
          const what = typeof verb === 'string' ? ESCALATION_VERBS[verb] : undefined;
          if (what) report(rule.manifest, ['rules', rule.index, 'verbs', index], `rules[${rule.index}] grants ${what}`);
        });
      });
    },
  },
  {
    id: 'rbac-create-pods',
    group,
    severity: 'error',
    class: 'policy',
    description: 'No Role or ClusterRole grants create on pods.',
    hint: 'let a Deployment, Job or CronJob create the pods; grant create on those instead, or waive with the reason for a controller that must',
    rationale:
      'Creating a pod lets a subject run it as any ServiceAccount of the namespace and mount any Secret there: the union of every permission in the namespace. kube-linter access-to-create-pods.',
    run(inventory, report) {
      eachRule(inventory, (rule) => {
        if (!inCoreGroup(rule) || !rule.resources.includes('pods')) return;
        if (rule.verbs.includes('create')) report(rule.manifest, ['rules', rule.index, 'verbs', rule.verbs.indexOf('create')], `rules[${rule.index}] grants create on pods`);
        else if (rule.verbs.includes('*')) report(rule.manifest, ['rules', rule.index, 'verbs', rule.verbs.indexOf('*')], `rules[${rule.index}] grants every verb, including create, on pods`);
      });
    },
  },
  {
    id: 'rbac-wildcard',
    group,
    severity: 'error',
    class: 'policy',
    description: 'No Role or ClusterRole rule uses "*" for verbs, resources or nonResourceURLs.',
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
        if (rule.nonResourceURLs.includes('*')) {
          report(rule.manifest, ['rules', rule.index, 'nonResourceURLs', rule.nonResourceURLs.indexOf('*')], `rules[${rule.index}] applies to every non-resource URL ("*")`);
        }
      });
    },
  },
  {
    id: 'rbac-secrets-access',
    group,
    severity: 'error',
    class: 'policy',
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
    class: 'policy',
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
