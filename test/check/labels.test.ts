/** The recommended app.kubernetes.io labels. */
import { describeCheckCases } from './helpers';

describeCheckCases({
  'recommended-labels': [['ConfigMap shop/api-config', 'metadata.labels', 'missing labels app.kubernetes.io/part-of, app.kubernetes.io/managed-by']],
  'pod-template-labels': [['Deployment shop/web', 'spec.template.metadata.labels', 'no app.kubernetes.io/name label']],
});
