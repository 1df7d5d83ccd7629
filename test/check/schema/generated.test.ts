/**
 * The committed schema documents are exactly what scripts/build-schemas.ts
 * produces from the installed dependencies, and every schema compiles.
 */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { KUBERNETES_SCHEMA_FILE, renderKubernetesSchemas } from '../../../scripts/build-schemas';
import { fileCrdSchemas } from '../../../lib/check/schema/crds';
import { addKubernetesFormats } from '../../../lib/check/schema/formats';
import { OBJECT_META_DEFINITION, kubernetesDefinitionRef, kubernetesKinds, strictKubernetesSchema } from '../../../lib/check/schema/kubernetes';
import { AJV_OPTIONS, validatorFor } from '../../../lib/check/schema/registry';

describe('generated schema documents', () => {
  it('generated/kubernetes-1.28.json is fresh (npx tsx scripts/build-schemas.ts)', async () => {
    expect(readFileSync(KUBERNETES_SCHEMA_FILE, 'utf8')).toBe(await renderKubernetesSchemas());
  });

  it('covers the Kubernetes 1.28 workload kinds and, from imports/upstream-crds/, the required CRDs', () => {
    for (const kind of ['apps/v1/Deployment', 'apps/v1/StatefulSet', 'batch/v1/CronJob', 'v1/Service', 'networking.k8s.io/v1/Ingress', 'policy/v1/PodDisruptionBudget', 'autoscaling/v2/HorizontalPodAutoscaler']) {
      expect(kubernetesKinds.has(kind), kind).toBe(true);
    }
    const bundled = fileCrdSchemas(kubernetesDefinitionRef(OBJECT_META_DEFINITION)).map((crd) => `${crd.apiVersion}/${crd.kind}`);
    expect(bundled).toEqual(
      expect.arrayContaining([
        'monitoring.coreos.com/v1/ServiceMonitor',
        'monitoring.coreos.com/v1/PrometheusRule',
        'argoproj.io/v1alpha1/Application',
        'argoproj.io/v1alpha1/AppProject',
        'argoproj.io/v1alpha1/ApplicationSet',
        'external-secrets.io/v1/ExternalSecret',
        'external-secrets.io/v1/SecretStore',
        'external-secrets.io/v1/ClusterSecretStore',
        'autoscaling.k8s.io/v1/VerticalPodAutoscaler',
        'postgresql.cnpg.io/v1/Cluster',
      ]),
    );
  });

  it('applies the facts the d.ts cannot carry: base64 fields, float fields, kinds without status', () => {
    const doc = JSON.parse(readFileSync(KUBERNETES_SCHEMA_FILE, 'utf8'));
    const props = (name: string) => doc.definitions[name].properties;
    expect(props('io.k8s.api.core.v1.Secret').data.additionalProperties).toEqual({ type: 'string', format: 'byte' });
    expect(props('io.k8s.api.admissionregistration.v1.WebhookClientConfig').caBundle).toEqual({ type: 'string', format: 'byte' });
    expect(props('io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps').maximum).toEqual({ type: 'number' });
    expect(props('io.k8s.api.apps.v1.DeploymentSpec').replicas).toEqual({ type: 'integer' });
    expect(props('io.k8s.api.apps.v1.Deployment').status).toEqual({ type: 'object' });
    expect(props('io.k8s.api.coordination.v1.Lease').status).toBeUndefined();
  });

  it('every kind compiles under ajv strict mode against the meta-schema', () => {
    // GIVEN an ajv that validates schemas and refuses unknown keywords and formats
    const ajv = new Ajv({ ...AJV_OPTIONS, strict: true, strictTypes: false, validateSchema: true });
    addKubernetesFormats(ajv);
    ajv.addSchema(strictKubernetesSchema() as object);
    // WHEN every core kind and every bundled upstream CRD is compiled THEN none throws
    for (const definition of kubernetesKinds.values()) ajv.compile({ $ref: kubernetesDefinitionRef(definition) });
    const files = fileCrdSchemas(kubernetesDefinitionRef(OBJECT_META_DEFINITION));
    expect(files.map((f) => `${f.apiVersion}/${f.kind}`)).toContain('autoscaling.k8s.io/v1/VerticalPodAutoscaler');
    for (const crd of files) ajv.compile(crd.schema);
  });
});

describe('validator cache', () => {
  it('compiles a kind once and reuses it', () => {
    const first = validatorFor('apps/v1', 'Deployment');
    expect(first).toBeDefined();
    expect(validatorFor('apps/v1', 'Deployment')).toBe(first);
    expect(validatorFor('example.com/v1', 'Foo')).toBeUndefined();
  });
});
