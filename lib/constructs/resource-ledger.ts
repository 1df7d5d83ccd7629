/**
 * What an environment needs at its peak, recorded by every construct that creates pods,
 * volume claims or Services, so the namespace's ResourceQuota can admit all of it.
 * Recording the specs as they are built (instead of resolving every object a second
 * time at synth) keeps a large synth linear and cheap.
 */
import { Chart } from 'cdk8s';
import type { IConstruct } from 'constructs';
import type * as k8s from '../../imports/k8s';
import { bytes, millicores } from '../model/quantity';

export interface Peak {
  pods: number;
  cpu: number; // millicores
  memory: number; // bytes
  memoryLimit: number; // bytes
  claims: number;
  storage: number; // bytes
  services: number;
}

const ledgers = new WeakMap<Chart, ResourceLedger>();

type Pick = (c: k8s.Container) => k8s.Quantity | undefined;

export class ResourceLedger {
  /** The ledger of the chart `scope` belongs to. */
  static of(scope: IConstruct): ResourceLedger {
    const chart = Chart.of(scope);
    let ledger = ledgers.get(chart);
    if (!ledger) ledgers.set(chart, (ledger = new ResourceLedger()));
    return ledger;
  }

  private readonly total: Peak = { pods: 0, cpu: 0, memory: 0, memoryLimit: 0, claims: 0, storage: 0, services: 0 };

  /** `count` pods of this spec may run at once (replicas at the HPA maximum plus rolling-update surge). */
  addPods(count: number, pod: k8s.PodSpec): void {
    // A pod's effective request: the larger of its containers' sum and its largest init container.
    const effective = (pick: Pick, unit: (q: string) => number) => {
      const value = (c: k8s.Container) => {
        const q = pick(c);
        return q ? unit(String(q.value)) : 0;
      };
      const sum = pod.containers.reduce((s, c) => s + value(c), 0);
      return Math.max(sum, ...(pod.initContainers ?? []).map(value));
    };
    this.total.pods += count;
    this.total.cpu += count * effective((c) => c.resources?.requests?.cpu, millicores);
    this.total.memory += count * effective((c) => c.resources?.requests?.memory, bytes);
    this.total.memoryLimit += count * effective((c) => c.resources?.limits?.memory, bytes);
  }

  addClaims(count: number, size: string): void {
    this.total.claims += count;
    this.total.storage += count * bytes(size);
  }

  addService(): void {
    this.total.services++;
  }

  peak(): Readonly<Peak> {
    return { ...this.total };
  }
}
