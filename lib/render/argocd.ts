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
import { App, Chart, type ApiObjectMetadata } from 'cdk8s';
import type { Static } from '@sinclair/typebox';
import { Application } from '../../imports/applications-argoproj.io';
import {
  AppProject,
  type AppProjectSpecClusterResourceWhitelist,
  type AppProjectSpecDestinations,
  type AppProjectSpecNamespaceResourceWhitelist,
  type AppProjectSpecSyncWindows,
} from '../../imports/appprojects-argoproj.io';
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
const sorted = <T>(m: Map<string, T>) => [...m].sort(([a], [b]) => byText(a, b)).map(([, v]) => v);

/** What every environment of the `argocd` folder must agree on: there is one AppProject. */
interface SharedSettings {
  readonly stackName: string;
  readonly project: string;
  readonly argocdNamespace: string;
  /** Extra labels of the stack (`stack.labels`, from the first environment). */
  readonly extraLabels: Readonly<Record<string, string>> | undefined;
}

/** What the environments render: the AppProject allows exactly this. */
interface RenderedScope {
  readonly destinations: AppProjectSpecDestinations[];
  readonly clusterKinds: AppProjectSpecClusterResourceWhitelist[];
  readonly namespacedKinds: AppProjectSpecNamespaceResourceWhitelist[];
}

const gitops = (r: RenderedOverlay) => r.overlay.stack.stack.gitops as GitOps;

/**
 * The files of the `argocd` folder, or none when no environment sets `stack.gitops`.
 * Throws RenderError when the environments disagree on what must be shared (project, namespace).
 */
export function renderArgoCd(rendered: readonly RenderedOverlay[]): RenderedFile[] {
  const envs = rendered.filter((r) => r.overlay.stack.stack.gitops);
  if (!envs.length) return [];
  const settings = sharedSettings(envs);
  const chart = new Chart(new App(), ARGOCD_FOLDER, { disableResourceNameHashes: true });
  appProject(chart, envs, settings);
  for (const r of envs) application(chart, r, settings);
  return (chart.toJson() as KubeObject[])
    .map((object) => ({ path: objectFile(object), content: toYaml(object), object }))
    .sort((a, b) => byText(a.path, b.path));
}

function sharedSettings(envs: readonly RenderedOverlay[]): SharedSettings {
  const shared = (what: string, value: (r: RenderedOverlay) => string) => {
    const values = [...new Set(envs.map(value))];
    if (values.length > 1) {
      throw new RenderError([`${ARGOCD_FOLDER}: environments ${envs.map((e) => e.overlay.environment).join(', ')} must share ${what} (one AppProject), got ${values.join(', ')}`]);
    }
    return values[0];
  };
  const project = shared('stack.gitops.project', (r) => gitops(r).project ?? r.overlay.stack.stack.name);
  const argocdNamespace = shared('stack.gitops.argocdNamespace', (r) => gitops(r).argocdNamespace);
  const stackName = shared('stack.name', (r) => r.overlay.stack.stack.name);
  return { stackName, project, argocdNamespace, extraLabels: envs[0].overlay.stack.stack.labels };
}

function gitOpsMetadata(settings: SharedSettings, environment: string, name: string): ApiObjectMetadata {
  const labelContext = { stack: settings.stackName, environment, extra: settings.extraLabels };
  return { name, namespace: settings.argocdNamespace, labels: recommendedLabels(labelContext, name, { component: 'gitops' }) };
}

function appProject(chart: Chart, envs: readonly RenderedOverlay[], settings: SharedSettings): AppProject {
  const scope = renderedScope(envs);
  const windows = syncWindows(envs);
  return new AppProject(chart, 'AppProject', {
    metadata: gitOpsMetadata(settings, ARGOCD_FOLDER, settings.project),
    spec: {
      description: `${settings.stackName}: rendered by cdk8s-stack; only this repository, these namespaces and these kinds`,
      sourceRepos: [...new Set(envs.map((r) => gitops(r).repoURL))].sort(byText),
      destinations: scope.destinations,
      clusterResourceWhitelist: scope.clusterKinds,
      namespaceResourceWhitelist: scope.namespacedKinds,
      syncWindows: windows.length ? windows : undefined,
    },
  });
}

/** Every namespace (on its environment's server) and every kind the environments render, sorted. */
function renderedScope(envs: readonly RenderedOverlay[]): RenderedScope {
  const destinations = new Map<string, AppProjectSpecDestinations>();
  const clusterKinds = new Map<string, AppProjectSpecClusterResourceWhitelist>();
  const namespacedKinds = new Map<string, AppProjectSpecNamespaceResourceWhitelist>();
  for (const r of envs) {
    const server = gitops(r).destination.server;
    for (const object of r.objects) {
      const kind = { group: groupOf(object.apiVersion), kind: object.kind };
      const key = `${kind.group}/${kind.kind}`;
      const namespace = object.metadata.namespace;
      if (namespace) {
        namespacedKinds.set(key, kind);
        destinations.set(`${server} ${namespace}`, { server, namespace });
      } else {
        clusterKinds.set(key, kind);
      }
    }
  }
  return { destinations: sorted(destinations), clusterKinds: sorted(clusterKinds), namespacedKinds: sorted(namespacedKinds) };
}

/** The sync windows of every environment, each applying to that environment's Application. */
function syncWindows(envs: readonly RenderedOverlay[]): AppProjectSpecSyncWindows[] {
  return envs.flatMap((r) =>
    (gitops(r).sync.windows ?? []).map((w) => ({
      kind: w.kind,
      schedule: w.schedule,
      duration: w.duration,
      manualSync: w.manualSync ?? false,
      applications: [applicationName(r.overlay)],
      timeZone: w.timeZone,
    })),
  );
}

function application(chart: Chart, r: RenderedOverlay, settings: SharedSettings): Application {
  const g = gitops(r);
  const environment = r.overlay.environment;
  return new Application(chart, `Application-${environment}`, {
    metadata: { ...gitOpsMetadata(settings, environment, applicationName(r.overlay)), finalizers: [RESOURCES_FINALIZER] },
    spec: {
      project: settings.project,
      source: { repoUrl: g.repoURL, targetRevision: g.targetRevision, path: `${g.path}/${environment}`, directory: { recurse: true } },
      destination: { server: g.destination.server, namespace: r.overlay.stack.stack.namespace },
      syncPolicy: {
        automated: g.sync.automated ? { prune: g.sync.prune, selfHeal: g.sync.selfHeal } : undefined,
        syncOptions: SYNC_OPTIONS,
        retry: RETRY,
      },
    },
  });
}
