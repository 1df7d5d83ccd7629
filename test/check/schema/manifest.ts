/**
 * Test helper: builds a Manifest from YAML text. The gate's real loader
 * (lib/check/load.ts) is not used, so these tests depend on the schema module only.
 */
import { parse } from 'yaml';
import { validateSchema } from '../../../lib/check/schema/index';
import type { Manifest, Violation } from '../../../lib/check/types';

export function manifest(yaml: string): Manifest {
  return fromObject(parse(yaml));
}

export function fromObject(object: unknown): Manifest {
  return { file: 'test.yaml', docIndex: 0, line: 1, object: object as Record<string, any>, lineOf: () => 1 };
}

/** Validates one YAML document. */
export function check(yaml: string): Violation[] {
  return validateSchema(manifest(yaml));
}

/** A fresh copy of DEPLOYMENT as an object, to change one field in a test. */
export function deployment(): Record<string, any> {
  return parse(DEPLOYMENT);
}

export function checkObject(object: unknown): Violation[] {
  return validateSchema(fromObject(object));
}

/** The first container of a Deployment object. */
export function container(object: Record<string, any>): Record<string, any> {
  return object.spec.template.spec.containers[0];
}

/** A valid Deployment, with the fields a production service uses, for mutating in tests. */
export const DEPLOYMENT = `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  labels: {app.kubernetes.io/name: web}
  annotations: {team: payments}
spec:
  replicas: 3
  revisionHistoryLimit: 5
  strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 25%, maxUnavailable: 0}}
  selector:
    matchLabels: {app.kubernetes.io/name: web}
  template:
    metadata:
      labels: {app.kubernetes.io/name: web}
    spec:
      serviceAccountName: web
      automountServiceAccountToken: false
      securityContext: {runAsNonRoot: true, runAsUser: 10001, fsGroup: 10001, seccompProfile: {type: RuntimeDefault}}
      topologySpreadConstraints:
        - {maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: ScheduleAnyway, labelSelector: {matchLabels: {app.kubernetes.io/name: web}}}
      containers:
        - name: web
          image: registry.example.com/web:1.4.2
          imagePullPolicy: IfNotPresent
          ports: [{name: http, containerPort: 8080, protocol: TCP}]
          env:
            - {name: LOG_LEVEL, value: info}
            - name: DB_PASSWORD
              valueFrom: {secretKeyRef: {name: web-db, key: password}}
          resources:
            requests: {cpu: 250m, memory: 256Mi}
            limits: {cpu: "1", memory: 512Mi}
          readinessProbe: {httpGet: {path: /ready, port: http}, periodSeconds: 5}
          livenessProbe: {httpGet: {path: /live, port: 8080}, initialDelaySeconds: 10}
          securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}
          volumeMounts: [{name: tmp, mountPath: /tmp}]
      volumes:
        - {name: tmp, emptyDir: {sizeLimit: 64Mi}}
`;
