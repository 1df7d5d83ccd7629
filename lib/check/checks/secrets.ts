/**
 * Secrets never live in Git: no Secret object with literal data, and no
 * ConfigMap that smuggles a credential under another name.
 */
import type { Check } from '../check';
import { isPlaceholder, isSecretLikeName, secretAssignmentsIn, secretInValue } from '../../shared/sensitive';
import { asRecord, show } from '../../shared/values';

const group = 'secrets';

export const secretChecks: readonly Check[] = [
  {
    id: 'secret-literal-data',
    group,
    severity: 'error',
    class: 'policy',
    description: 'No Secret object carries literal data or stringData.',
    hint: 'deliver the value with an ExternalSecret (or another secret store) and reference the Secret by name',
    rationale: 'base64 is an encoding, not encryption: a Secret with data in Git is a published credential. The product rule: secrets only by reference. kube-linter env-var-secret (same spirit); Polaris sensitiveConfigmapContent.',
    run(inventory, report) {
      for (const secret of inventory.ofKind('Secret')) {
        for (const field of ['data', 'stringData']) {
          const keys = Object.keys(asRecord(secret.object[field]) ?? {});
          if (keys.length > 0) {
            // Name the keys, never the values: findings end up in CI logs.
            report(secret, [field], `the Secret has literal ${field} (keys: ${keys.sort().join(', ')})`);
          }
        }
      }
    },
  },
  {
    id: 'configmap-secret-content',
    group,
    severity: 'error',
    class: 'policy',
    description: 'No ConfigMap holds secret-looking keys or values (passwords, tokens, private keys, URLs with credentials).',
    hint: 'move the value to a Secret delivered by an ExternalSecret and reference it (secretKeyRef or a secret volume)',
    rationale: 'ConfigMaps are readable by anyone with read access to the namespace and are printed in full by kubectl describe. Polaris sensitiveConfigmapContent.',
    run(inventory, report) {
      for (const configMap of inventory.ofKind('ConfigMap')) {
        for (const [key, value] of Object.entries(asRecord(configMap.object.data) ?? {})) {
          if (typeof value !== 'string' || isPlaceholder(value)) continue;
          const path = ['data', key];
          const found = secretInValue(value);
          if (found !== undefined) {
            report(configMap, path, `key ${show(key)} holds ${found}`);
          } else if (isSecretLikeName(key)) {
            report(configMap, path, `key ${show(key)} looks like a secret and has a literal value`);
          } else {
            const hits = secretAssignmentsIn(value);
            if (hits.length > 0) report(configMap, path, `key ${show(key)} is a config file in which ${hits.slice(0, 3).join(', ')}`);
          }
        }
        for (const key of Object.keys(asRecord(configMap.object.binaryData) ?? {})) {
          if (isSecretLikeName(key)) report(configMap, ['binaryData', key], `binaryData key ${show(key)} looks like a secret`);
        }
      }
    },
  },
];
