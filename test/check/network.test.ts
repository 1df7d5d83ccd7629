/** Default deny, per-workload policies, and Services/Ingresses/ServiceMonitors that reach something. */
import { describe, it } from 'vitest';
import { checkYaml, describeCheckCases, expectFindings } from './helpers';
import { deploymentYaml } from './yaml-objects';

describeCheckCases({
  'namespace-default-deny': [['Namespace shop', undefined, 'no NetworkPolicy denies Egress by default']],
  'pod-network-policy': [['Deployment shop/web', 'spec.template.metadata.labels', 'no NetworkPolicy with allow rules selects its pods']],
  'networkpolicy-allow-all': [
    ['NetworkPolicy shop/allow-everything', 'spec.ingress[0]', 'ingress[0] allows all traffic from any source on every port to every pod of the namespace'],
    ['NetworkPolicy shop/allow-everything', 'spec.egress[0]', 'egress[0] allows all traffic to any destination on every port'],
    ['NetworkPolicy shop/web', 'spec.ingress[0].from[0]', 'namespaceSelector: {} (every pod of every namespace), on every port, for the pods it selects'],
    ['NetworkPolicy shop/web', 'spec.egress[0].to[0]', 'ipBlock 0.0.0.0/0 without except'],
  ],
  'networkpolicy-selector': [['NetworkPolicy shop/web', 'spec.podSelector', 'app.kubernetes.io/name=webapp matches no pod']],
  'service-selector': [['Service shop/web', 'spec.selector', 'matches no pod in namespace "shop"']],
  'service-target-port': [['Service shop/web', 'spec.ports[0].targetPort', 'targetPort 9090 of port "http" is not a containerPort']],
  'ingress-backend': [
    ['Ingress shop/shop', 'spec.rules[0].http.paths[0].backend.service.name', 'backend Service "frontend" does not exist'],
    ['Ingress shop/admin', 'spec.rules[0].http.paths[0].backend.service.port', 'backend port 8443 is not a port of Service web (it has 80 (http))'],
  ],
  'ingress-route-unique': [
    ['Ingress shop/shop-copy', 'spec.rules[0].http.paths[0].path', 'host "shop.example.com" path "/" (Prefix, class nginx) is already routed by Ingress shop/shop'],
    ['HTTPRoute shop/shop-copy', 'spec.rules[0].matches[0]', 'host "shop.example.com" path "/" (PathPrefix, Gateway shop/edge:https) is already routed by HTTPRoute shop/shop'],
  ],
  'ingress-tls': [
    ['Ingress shop/shop', 'spec.tls', 'no TLS section'],
    ['Ingress shop/admin', 'spec.rules[0].host', 'host "admin.example.com" is not covered by spec.tls'],
  ],
  'servicemonitor-target': [
    ['ServiceMonitor shop/webapp', 'spec.selector', 'matches no Service'],
    ['ServiceMonitor shop/web', 'spec.endpoints[0].port', 'endpoint port "metrics" is not a port name'],
  ],
  'exposed-service': [['Service shop/web', 'spec.type', 'LoadBalancer']],
});

describe('default deny without a Namespace object', () => {
  it('GIVEN pods in a namespace the set does not define WHEN checked THEN the finding lands on the first workload there', () => {
    const report = checkYaml(deploymentYaml('web', 'nginx:1.27.0'));
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
