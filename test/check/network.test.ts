/** Default deny, per-workload policies, and Services/Ingresses/ServiceMonitors that reach something. */
import { describe, it } from 'vitest';
import { checkYaml, describeCheckCases, expectFindings } from './helpers';

describeCheckCases([
  { check: 'namespace-default-deny', fails: [{ object: 'Namespace shop', message: 'no NetworkPolicy denies Egress by default' }] },
  { check: 'pod-network-policy', fails: [{ object: 'Deployment shop/web', path: 'spec.template.metadata.labels', message: 'no NetworkPolicy with allow rules selects its pods' }] },
  {
    check: 'networkpolicy-allow-all',
    fails: [
      { object: 'NetworkPolicy shop/allow-everything', path: 'spec.ingress[0]', message: 'ingress[0] allows all traffic from any source on every port to every pod of the namespace' },
      { object: 'NetworkPolicy shop/allow-everything', path: 'spec.egress[0]', message: 'egress[0] allows all traffic to any destination on every port' },
      { object: 'NetworkPolicy shop/web', path: 'spec.ingress[0].from[0]', message: 'namespaceSelector: {} (every pod of every namespace), on every port, for the pods it selects' },
      { object: 'NetworkPolicy shop/web', path: 'spec.egress[0].to[0]', message: 'ipBlock 0.0.0.0/0 without except' },
    ],
  },
  { check: 'networkpolicy-selector', fails: [{ object: 'NetworkPolicy shop/web', path: 'spec.podSelector', message: 'app.kubernetes.io/name=webapp matches no pod' }] },
  { check: 'service-selector', fails: [{ object: 'Service shop/web', path: 'spec.selector', message: 'matches no pod in namespace "shop"' }] },
  { check: 'service-target-port', fails: [{ object: 'Service shop/web', path: 'spec.ports[0].targetPort', message: 'targetPort 9090 of port "http" is not a containerPort' }] },
  {
    check: 'ingress-backend',
    fails: [
      { object: 'Ingress shop/shop', path: 'spec.rules[0].http.paths[0].backend.service.name', message: 'backend Service "frontend" does not exist' },
      { object: 'Ingress shop/admin', path: 'spec.rules[0].http.paths[0].backend.service.port', message: 'backend port 8443 is not a port of Service web (it has 80 (http))' },
    ],
  },
  {
    check: 'ingress-tls',
    fails: [
      { object: 'Ingress shop/shop', path: 'spec.tls', message: 'no TLS section' },
      { object: 'Ingress shop/admin', path: 'spec.rules[0].host', message: 'host "admin.example.com" is not covered by spec.tls' },
    ],
  },
  {
    check: 'servicemonitor-target',
    fails: [
      { object: 'ServiceMonitor shop/webapp', path: 'spec.selector', message: 'matches no Service' },
      { object: 'ServiceMonitor shop/web', path: 'spec.endpoints[0].port', message: 'endpoint port "metrics" is not a port name' },
    ],
  },
  { check: 'exposed-service', fails: [{ object: 'Service shop/web', path: 'spec.type', message: 'LoadBalancer' }] },
]);

describe('default deny without a Namespace object', () => {
  it('GIVEN pods in a namespace the set does not define WHEN checked THEN the finding lands on the first workload there', () => {
    const report = checkYaml(`apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: nginx:1.27.0}]
`);
    expectFindings(report, 'namespace-default-deny', [{ object: 'Deployment shop/web', message: 'no NetworkPolicy denies Ingress and Egress' }]);
  });

  it('GIVEN a ServiceMonitor in the monitoring namespace selecting Services in shop WHEN checked THEN namespaceSelector.matchNames is honoured', () => {
    const report = checkYaml(`apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop, labels: {app: api}}
spec:
  selector: {app: api}
  ports: [{name: http, port: 80}]
---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: api, namespace: monitoring}
spec:
  namespaceSelector: {matchNames: [shop]}
  selector: {matchLabels: {app: api}}
  endpoints: [{port: metrics}]
`);
    expectFindings(report, 'servicemonitor-target', [{ object: 'ServiceMonitor monitoring/api', path: 'spec.endpoints[0].port', message: '(api)' }]);
  });
});
