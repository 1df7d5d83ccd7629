/**
 * The whole set of objects under check, indexed once so that every
 * cross-object check (does a Service select pods? does a PDB cover this
 * Deployment?) is a lookup, never a scan of every object.
 */
import { knownKind, namespaceOf, nameOf } from './objects';
import { podTemplateOf, type PodTemplate } from './pod-template';
import { LabelIndex, type Selector } from '../shared/selector';
import type { Manifest } from './types';
import { asRecord, asStringMap } from '../shared/values';
import { appendTo } from '../shared/collections';

export class Inventory {
  readonly manifests: readonly Manifest[];
  readonly podTemplates: readonly PodTemplate[];
  private readonly byKind = new Map<string, Manifest[]>();
  private readonly byName = new Map<string, Manifest>();
  private readonly templates = new Map<Manifest, PodTemplate>();
  private readonly podsByNamespace = new Map<string, LabelIndex<PodTemplate>>();
  private readonly podListByNamespace = new Map<string, PodTemplate[]>();
  private readonly servicesByNamespace = new Map<string, LabelIndex<Manifest>>();
  private readonly allServices = new LabelIndex<Manifest>();

  constructor(manifests: readonly Manifest[]) {
    this.manifests = manifests;
    const podTemplates: PodTemplate[] = [];
    for (const manifest of manifests) {
      const kind = knownKind(manifest.object);
      if (kind === undefined) continue;
      appendTo(this.byKind, kind, manifest);
      const key = nameKey(kind, namespaceOf(manifest.object), nameOf(manifest.object));
      if (!this.byName.has(key)) this.byName.set(key, manifest); // first one wins; deterministic

      const template = podTemplateOf(manifest);
      if (template) {
        podTemplates.push(template);
        this.templates.set(manifest, template);
        indexIn(this.podsByNamespace, template.namespace).add(template.labels, template);
        appendTo(this.podListByNamespace, template.namespace, template);
      }
      if (kind === 'Service') {
        const labels = asStringMap(asRecord(manifest.object.metadata)?.labels);
        indexIn(this.servicesByNamespace, namespaceOf(manifest.object) ?? '').add(labels, manifest);
        this.allServices.add(labels, manifest);
      }
    }
    this.podTemplates = podTemplates;
  }

  /** Objects of a kind the checks know (see objects.ts), in input order. */
  ofKind(kind: string): readonly Manifest[] {
    return this.byKind.get(kind) ?? [];
  }

  /** The object of that kind and name; `namespace` undefined for cluster-scoped kinds. */
  find(kind: string, namespace: string | undefined, name: string): Manifest | undefined {
    return this.byName.get(nameKey(kind, namespace, name));
  }

  podTemplate(manifest: Manifest): PodTemplate | undefined {
    return this.templates.get(manifest);
  }

  /** Namespaces that run pods, sorted. */
  podNamespaces(): string[] {
    return [...this.podListByNamespace.keys()].sort();
  }

  podsIn(namespace: string): readonly PodTemplate[] {
    return this.podListByNamespace.get(namespace) ?? [];
  }

  podsSelectedBy(namespace: string, selector: Selector): PodTemplate[] {
    return this.podsByNamespace.get(namespace)?.select(selector) ?? [];
  }

  /** True when the input holds at least one Service in `namespace`. */
  hasServicesIn(namespace: string): boolean {
    return this.servicesByNamespace.has(namespace);
  }

  /** Services whose own labels match; `namespaces` undefined means every namespace. */
  servicesSelectedBy(namespaces: readonly string[] | undefined, selector: Selector): Manifest[] {
    if (namespaces === undefined) return this.allServices.select(selector);
    return namespaces.flatMap((namespace) => this.servicesByNamespace.get(namespace)?.select(selector) ?? []);
  }
}

function nameKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}\u0000${namespace ?? ''}\u0000${name}`;
}

function indexIn<T>(map: Map<string, LabelIndex<T>>, key: string): LabelIndex<T> {
  let index = map.get(key);
  if (!index) map.set(key, (index = new LabelIndex<T>()));
  return index;
}
