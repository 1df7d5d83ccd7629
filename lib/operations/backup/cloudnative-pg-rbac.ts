/**
 * What the restore verification of a CloudNativePG store may do, and nothing more:
 *
 *   clusters.postgresql.cnpg.io   create                      (create cannot be limited to a name)
 *   clusters.postgresql.cnpg.io   get, delete                 only `<store>-restore-verify`
 *   pods                          get                         only `<store>-restore-verify-1` (kubectl exec reads the pod first)
 *   pods/exec                     create, get                 only `<store>-restore-verify-1` (get: the WebSocket upgrade)
 *
 * The script polls with `get` rather than `kubectl wait` (a list/watch). The exec grant is
 * waived on the Role (gate check rbac-pod-exec): it names the throwaway pod only.
 */
import type { Construct } from 'constructs';
import * as k8s from '../../../imports/k8s';
import { backupMetadata, type BackupObjectContext } from './metadata';

export function restoreVerifyRbac(scope: Construct, objects: BackupObjectContext, name: string): k8s.KubeServiceAccount {
  const metadata = backupMetadata(objects, name, 'backup');
  const account = new k8s.KubeServiceAccount(scope, 'Account', { metadata, automountServiceAccountToken: false });
  const pod = `${name}-1`;
  new k8s.KubeRole(scope, 'Role', {
    metadata: {
      ...metadata,
      annotations: {
        'cdk8s-stack.dev/waive.rbac-pod-exec': `exec only into the throwaway restore-verification pod ${pod} (resourceNames), to run the check queries`,
      },
    },
    rules: [
      { apiGroups: ['postgresql.cnpg.io'], resources: ['clusters'], verbs: ['create'] },
      { apiGroups: ['postgresql.cnpg.io'], resources: ['clusters'], resourceNames: [name], verbs: ['get', 'delete'] },
      { apiGroups: [''], resources: ['pods'], resourceNames: [pod], verbs: ['get'] },
      { apiGroups: [''], resources: ['pods/exec'], resourceNames: [pod], verbs: ['create', 'get'] },
    ],
  });
  new k8s.KubeRoleBinding(scope, 'Binding', {
    metadata,
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
    subjects: [{ kind: 'ServiceAccount', name, namespace: objects.namespace }],
  });
  return account;
}
