/** Names and labels shared by every object of one store's backup. */
import { recommendedLabels, type LabelContext } from '../../constructs/labels';
import type * as k8s from '../../../imports/k8s';

/** Where the backup's objects live and how they are labelled. */
export interface BackupObjectContext {
  /** Name of the store the backup belongs to. */
  readonly store: string;
  readonly namespace: string;
  readonly labels: LabelContext;
}

/** Metadata of one backup object: its name, namespace and recommended labels. */
export function backupMetadata(ctx: BackupObjectContext, name: string, component: string, version?: string): k8s.ObjectMeta {
  return { name, namespace: ctx.namespace, labels: recommendedLabels(ctx.labels, name, { component, version }) };
}
