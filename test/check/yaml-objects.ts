/**
 * YAML text of small objects, for tests that write their input inline: each
 * object lives in namespace shop and has flow-style metadata, so a test only
 * spells out the spec it is about.
 */

/**
 * One object: apiVersion, kind, `metadata: {name, namespace: shop}`, then
 * `spec` written unindented (a leading newline is dropped) and placed under `spec:`.
 */
export function shopYaml(apiVersion: string, kind: string, name: string, spec: string): string {
  const lines = spec.replace(/^\n/, '').replace(/\n$/, '').split('\n');
  return [`apiVersion: ${apiVersion}`, `kind: ${kind}`, `metadata: {name: ${name}, namespace: shop}`, 'spec:', ...lines.map((line) => `  ${line}`), ''].join('\n');
}

/** A Deployment selecting `app: <name>`, whose one container is named like it. */
export function deploymentYaml(name: string, image = `${name}:1.0.0`): string {
  return shopYaml(
    'apps/v1',
    'Deployment',
    name,
    `
selector: {matchLabels: {app: ${name}}}
template:
  metadata: {labels: {app: ${name}}}
  spec:
    containers: [{name: ${name}, image: ${image}}]
`,
  );
}
