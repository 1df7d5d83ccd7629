/**
 * GitOps delivery: the `argocd` folder of the output. From every environment that sets
 * `stack.gitops`, and from the objects it renders:
 *
 *  - one AppProject, restricted to exactly this repository, exactly the namespaces the
 *    environments render (on their destination servers) and exactly the kinds they render
 *    (group + kind, no wildcards); sync windows of every environment;
 *  - one Application per environment, syncing `<path>/<environment>` recursively, with its
 *    own sync policy (automated + prune + self-heal, or manual), retries with backoff and
 *    the resources finalizer (deleting the Application deletes what it deployed).
 *
 * These objects are applied once by hand (`kubectl apply -R -f dist/argocd/`); no Application
 * syncs them, so the AppProject never has to allow ArgoCD's own kinds.
 */
import { ApiObject, App, Chart } from 'cdk8s';
import type { Static } from '@sinclair/typebox';
import { recommendedLabels } from '../constructs/labels';
import type { GitOpsSchema } from '../model/schema';
import type { ResolvedOverlay } from '../overlay';
import { objectFile, type KubeObject } from './files';
import { RenderError, type RenderedFile } from './render';
import { toYaml } from './yaml';

export type GitOps = Static<typeof GitOpsSchema>;

/** The output folder of the ArgoCD objects (a reserved overlay name). */
export const ARGOCD_FOLDER = 'argocd';
export const SYNC_OPTIONS = ['ServerSideApply=true', 'CreateNamespace=false', 'PruneLast=true'];
export const RETRY = { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '3m' } };
export const RESOURCES_FINALIZER = 'resources-finalizer.argocd.argoproj.io';

export interface RenderedOverlay {
  readonly overlay: ResolvedOverlay;
  readonly objects: readonly KubeObject[];
}

/** Name of the Application of an environment. */
export const applicationName = (overlay: ResolvedOverlay) => `${overlay.stack.stack.name}-${overlay.environment}`;

const groupOf = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.split('/')[0] : '');
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The files of the `argocd` folder, or none when no environment sets `stack.gitops`.
 * Throws RenderError when the environments disagree on what must be shared (project, namespace).
 */
export function renderArgoCd(rendered: readonly RenderedOverlay[]): RenderedFile[] {
  const envs = rendered.filter((r) => r.overlay.stack.stack.gitops);
  if (!envs.length) return [];
  const gitops = (r: RenderedOverlay) => r.overlay.stack.stack.gitops as GitOps;
  const stackName = envs[0].overlay.stack.stack.name;
  const shared = (what: string, value: (r: RenderedOverlay) => string) => {
    const values = [...new Set(envs.map(value))];
    if (values.length > 1) {
      throw new RenderError([`${ARGOCD_FOLDER}: environments ${envs.map((e) => e.overlay.environment).join(', ')} must share ${what} (one AppProject), got ${values.join(', ')}`]);
    }
    return values[0];
  };
  const project = shared('stack.gitops.project', (r) => gitops(r).project ?? r.overlay.stack.stack.name);
  const argocdNamespace = shared('stack.gitops.argocdNamespace', (r) => gitops(r).argocdNamespace);
  shared('stack.name', (r) => r.overlay.stack.stack.name);

  const labelCtx = (env: string) => ({ stack: stackName, environment: env, extra: envs[0].overlay.stack.stack.labels });
  const app = new App();
  const chart = new Chart(app, ARGOCD_FOLDER, { disableResourceNameHashes: true });

  const sourceRepos = [...new Set(envs.map((r) => gitops(r).repoURL))].sort(byText);
  const destinations = new Map<string, { server: string; namespace: string }>();
  const clusterKinds = new Map<string, { group: string; kind: string }>();
  const namespacedKinds = new Map<string, { group: string; kind: string }>();
  for (const r of envs) {
    const server = gitops(r).destination.server;
    for (const object of r.objects) {
      const kind = { group: groupOf(object.apiVersion), kind: object.kind };
      const key = `${kind.group}/${kind.kind}`;
      if (object.metadata.namespace) {
        namespacedKinds.set(key, kind);
        destinations.set(`${server} ${object.metadata.namespace}`, { server, namespace: object.metadata.namespace });
      } else {
        clusterKinds.set(key, kind);
      }
    }
  }
  const sorted = <T>(m: Map<string, T>) => [...m].sort(([a], [b]) => byText(a, b)).map(([, v]) => v);

  const syncWindows = envs.flatMap((r) =>
    (gitops(r).sync.windows ?? []).map((w) => ({
      kind: w.kind,
      schedule: w.schedule,
      duration: w.duration,
      manualSync: w.manualSync ?? false,
      applications: [applicationName(r.overlay)],
      ...(w.timeZone ? { timeZone: w.timeZone } : {}),
    })),
  );

  new ApiObject(chart, 'AppProject', {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    metadata: {
      name: project,
      namespace: argocdNamespace,
      labels: recommendedLabels(labelCtx(ARGOCD_FOLDER), project, { component: 'gitops' }),
    },
    spec: {
      description: `${stackName}: rendered by cdk8s-stack; only this repository, these namespaces and these kinds`,
      sourceRepos,
      destinations: sorted(destinations),
      clusterResourceWhitelist: sorted(clusterKinds),
      namespaceResourceWhitelist: sorted(namespacedKinds),
      ...(syncWindows.length ? { syncWindows } : {}),
    },
  });

  for (const r of envs) {
    const g = gitops(r);
    const name = applicationName(r.overlay);
    new ApiObject(chart, `Application-${r.overlay.environment}`, {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: {
        name,
        namespace: argocdNamespace,
        labels: recommendedLabels(labelCtx(r.overlay.environment), name, { component: 'gitops' }),
        finalizers: [RESOURCES_FINALIZER],
      },
      spec: {
        project,
        source: {
          repoURL: g.repoURL,
          targetRevision: g.targetRevision,
          path: `${g.path}/${r.overlay.environment}`,
          directory: { recurse: true },
        },
        destination: { server: g.destination.server, namespace: r.overlay.stack.stack.namespace },
        syncPolicy: {
          ...(g.sync.automated ? { automated: { prune: g.sync.prune, selfHeal: g.sync.selfHeal } } : {}),
          syncOptions: SYNC_OPTIONS,
          retry: RETRY,
        },
      },
    });
  }

  return (chart.toJson() as KubeObject[])
    .map((object) => ({ path: objectFile(object), content: toYaml(object), object }))
    .sort((a, b) => byText(a.path, b.path));
}
