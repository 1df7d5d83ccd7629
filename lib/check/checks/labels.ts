/**
 * The recommended app.kubernetes.io labels, which dashboards, cost reports and
 * `kubectl get -l` rely on to tell which app and stack an object belongs to.
 */
import type { Check } from '../check';
import { asRecord, asStringMap } from '../../shared/values';

const group = 'labels';
const NAME = 'app.kubernetes.io/name';
const RECOMMENDED = [NAME, 'app.kubernetes.io/part-of', 'app.kubernetes.io/managed-by'] as const;

export const labelChecks: readonly Check[] = [
  {
    id: 'recommended-labels',
    group,
    severity: 'error',
    class: 'policy',
    description: `Every object carries the labels ${RECOMMENDED.join(', ')}.`,
    hint: `add the missing labels under metadata.labels (${RECOMMENDED.join(', ')})`,
    rationale: 'Without them, tools cannot tell which application and stack an object belongs to, or who manages it. Polaris metadataAndInstanceMismatched; kube-linter required-label-owner (custom).',
    run(inventory, report) {
      for (const manifest of inventory.manifests) {
        const labels = asStringMap(asRecord(manifest.object.metadata)?.labels);
        const missing = RECOMMENDED.filter((key) => (labels[key] ?? '') === '');
        if (missing.length > 0) {
          report(manifest, ['metadata', 'labels'], `missing label${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`, `add ${missing.join(', ')} under metadata.labels`);
        }
      }
    },
  },
  {
    id: 'pod-template-labels',
    group,
    severity: 'error',
    class: 'policy',
    description: `Every pod template carries at least the ${NAME} label.`,
    hint: `add ${NAME} (and ideally the other recommended labels) to the pod template's metadata.labels`,
    rationale: 'Pods are what metrics, logs and policies select on; without the name label they cannot be traced back to their app.',
    run(inventory, report) {
      for (const pod of inventory.podTemplates) {
        if (pod.kind === 'Pod') continue; // the object itself, covered by recommended-labels
        if ((pod.labels[NAME] ?? '') === '') {
          report(pod.manifest, [...pod.metaPath, 'labels'], `the pod template has no ${NAME} label`);
        }
      }
    },
  },
];
