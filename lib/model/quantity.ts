/** Kubernetes quantities as numbers, for sizing sums (cpu in millicores, memory in bytes). */

const SUFFIX: Record<string, number> = {
  '': 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50,
};

export function quantityValue(quantity: string): number {
  const match = /^([0-9]+(?:\.[0-9]+)?)(m|k|M|G|T|P|Ki|Mi|Gi|Ti|Pi)?$/.exec(quantity);
  if (!match) throw new Error(`not a quantity: ${JSON.stringify(quantity)}`);
  return Number(match[1]) * SUFFIX[match[2] ?? ''];
}

export const millicores = (quantity: string) => Math.round(quantityValue(quantity) * 1000);
export const bytes = (quantity: string) => Math.round(quantityValue(quantity));
