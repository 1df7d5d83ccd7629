/** The recommended app.kubernetes.io labels. */
import { describeCheckCases } from './helpers';

describeCheckCases([
  {
    check: 'recommended-labels',
    fails: [{ object: 'ConfigMap shop/api-config', path: 'metadata.labels', message: 'missing labels app.kubernetes.io/part-of, app.kubernetes.io/managed-by' }],
  },
  { check: 'pod-template-labels', fails: [{ object: 'Deployment shop/web', path: 'spec.template.metadata.labels', message: 'no app.kubernetes.io/name label' }] },
]);
