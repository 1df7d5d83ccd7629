/**
 * The backup jobs as an environment renders them, to run their containers outside Kubernetes:
 * each step is one container of the pod, in the order the kubelet runs them (init containers,
 * then the main ones), with its command, its literal environment and its Secret references.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadOverlays } from '../../lib/overlay';
import { renderOverlay } from '../../lib/render/render';
import { S3_BACKUPS_STACK } from '../helpers';

export interface JobStep {
  /** Container name. */
  readonly name: string;
  readonly image: string;
  readonly command: readonly string[];
  /** Variables with a literal `value`. */
  readonly env: Readonly<Record<string, string>>;
  /** Variables read from a Secret: name → `<secret>/<key>`. */
  readonly secretEnv: Readonly<Record<string, string>>;
}

export interface RenderedBackup {
  /** Containers of `<store>-backup`, init containers first. */
  readonly backup: readonly JobStep[];
  /** Containers of `<store>-restore-verify`, when rendered. */
  readonly restoreVerify?: readonly JobStep[];
  /** The `<store>-backup-scripts` ConfigMap's data (file name → script). */
  readonly scripts: Readonly<Record<string, string>>;
}

/** The rendered backup of every store of `environment` of test/fixtures/s3-backups/ (dump engines to S3), by store name. */
export function renderedBackups(environment: string): Record<string, RenderedBackup> {
  const objects = renderOverlay(loadOverlays(S3_BACKUPS_STACK, [environment])[0]!).map((f) => f.object as any);
  const cronJob = (name: string) => objects.find((o) => o.kind === 'CronJob' && o.metadata.name === name);
  const stores = objects.filter((o) => o.kind === 'ConfigMap' && o.metadata.name.endsWith('-backup-scripts'));
  return Object.fromEntries(
    stores.map((cm) => {
      const store = (cm.metadata.name as string).slice(0, -'-backup-scripts'.length);
      const verify = cronJob(`${store}-restore-verify`);
      return [store, { backup: steps(cronJob(`${store}-backup`)), restoreVerify: verify && steps(verify), scripts: cm.data }];
    }),
  );
}

function steps(cronJob: any): JobStep[] {
  const pod = cronJob.spec.jobTemplate.spec.template.spec;
  return [...(pod.initContainers ?? []), ...pod.containers].map((c: any) => ({
    name: c.name,
    image: c.image,
    command: c.command,
    env: Object.fromEntries((c.env ?? []).filter((e: any) => e.value !== undefined).map((e: any) => [e.name, e.value])),
    secretEnv: Object.fromEntries(
      (c.env ?? []).filter((e: any) => e.valueFrom?.secretKeyRef).map((e: any) => [e.name, `${e.valueFrom.secretKeyRef.name}/${e.valueFrom.secretKeyRef.key}`]),
    ),
  }));
}

/** Writes the scripts where the test keeps its /opt/ops and returns the command with that path. */
export function installScripts(scripts: Readonly<Record<string, string>>, opsDir: string): (command: readonly string[]) => string[] {
  mkdirSync(opsDir, { recursive: true });
  for (const [file, content] of Object.entries(scripts)) {
    writeFileSync(join(opsDir, file), content);
    chmodSync(join(opsDir, file), 0o555);
  }
  return (command) => command.map((part) => part.replaceAll('/opt/ops', opsDir));
}
