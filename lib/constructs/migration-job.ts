/**
 * The schema migration of a release (`services.<name>.migrations`): one Job `<service>-migrate`
 * that ArgoCD runs as a hook of every sync, instead of an init container in every pod (where ten
 * pods race to migrate and a failed migration crash-loops the whole rollout).
 *
 *   argocd.argoproj.io/hook: Sync, sync-wave -1
 *       a hook of the Sync phase in the stores' wave: after the namespace, the network policies,
 *       the ServiceAccount (-3) and the ConfigMap and secrets (-2) it needs exist, beside the
 *       database it migrates (-1; its wait-for-dependencies init container waits until the
 *       database accepts connections), and before any Deployment rolls (0). ArgoCD waits for the
 *       Job to complete before wave 0: a failed migration stops the sync and the running pods,
 *       still the old release, keep serving. A PreSync hook would run before wave -3, so on the
 *       first sync of an environment (no ServiceAccount, no Secret, no database yet) it could
 *       never succeed — and every later sync would retry it in vain.
 *   argocd.argoproj.io/hook-delete-policy: BeforeHookCreation
 *       the Job of the last release, failed or not, stays with its pod and logs until the next
 *       sync replaces it (HookSucceeded would delete the evidence of a good run at once,
 *       HookFailed that of a bad one); the fixed name never collides, since the old Job goes first.
 *
 * The pod is the service's own (podTemplate): same image, ServiceAccount, ConfigMap, secrets
 * and restricted security context, the migration command instead of the app's, no probes, no
 * ports, no sidecars. Its name label is `<service>-migrate`: the service's Service and PDB never
 * select it, and the NetworkPolicy `allow-<service>-migrate` gives it the service's egress.
 */
import { Construct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { durationSeconds } from '../model/duration';
import type { Migrations } from '../model/migrations-schema';

/** ArgoCD's hook annotations, as the migration Job carries them. */
export const MIGRATION_HOOK = {
  'argocd.argoproj.io/hook': 'Sync',
  'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation',
  // The stores' wave (lib/render/sync-waves.ts): after configuration, before the apps.
  'argocd.argoproj.io/sync-wave': '-1',
} as const;

export interface MigrationJobProps {
  /** Name, namespace and labels of the Job (`<service>-migrate`). */
  readonly metadata: k8s.ObjectMeta;
  /** The migration pod: the service's pod template with the migration command (restartPolicy Never). */
  readonly template: k8s.PodTemplateSpec;
  /** The service's `migrations` block (schema defaults filled in). */
  readonly migrations: Migrations;
}

export class MigrationJob extends Construct {
  readonly resource: k8s.KubeJob;

  constructor(scope: Construct, id: string, props: MigrationJobProps) {
    super(scope, id);
    const { migrations } = props;
    this.resource = new k8s.KubeJob(this, 'Resource', {
      metadata: { ...props.metadata, annotations: { ...props.metadata.annotations, ...MIGRATION_HOOK } },
      spec: {
        backoffLimit: migrations.backoffLimit,
        activeDeadlineSeconds: durationSeconds(migrations.activeDeadline),
        ttlSecondsAfterFinished: durationSeconds(migrations.ttlAfterFinished),
        template: props.template,
      },
    });
  }
}
