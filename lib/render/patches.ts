/**
 * `patches`: the last resort. JSON patches (RFC 6902, applied with cdk8s `JsonPatch`) on the
 * rendered objects, after the stack is built and before sync waves and files, so the gate checks
 * what is applied. A target that matches nothing, or an operation that does not apply, is an
 * overlay error at the patch's `file:line:col`.
 */
import { JsonPatch } from 'cdk8s';
import type { Patch } from '../model/escape-hatches-schema';
import type { ResolvedOverlay } from '../overlay';
import { OverlayError, type KeyPath, type OverlayProblem } from '../overlay/errors';
import type { KubeObject } from './files';

type Operation = Patch['patch'][number];

function jsonPatch({ op, path, from, value }: Operation): JsonPatch {
  switch (op) {
    case 'add': return JsonPatch.add(path, value);
    case 'remove': return JsonPatch.remove(path);
    case 'replace': return JsonPatch.replace(path, value);
    case 'move': return JsonPatch.move(from ?? '', path);
    case 'copy': return JsonPatch.copy(from ?? '', path);
    case 'test': return JsonPatch.test(path, value);
  }
}

/** Whether `pointer` names a value in `document` (RFC 6901). */
function exists(document: unknown, pointer: string): boolean {
  let node = document;
  for (const token of pointer.split('/').slice(1).map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, token)) return false;
    node = (node as Record<string, unknown>)[token];
  }
  return true;
}

/** Why `operation` cannot apply to `document` (JsonPatch would silently do nothing or invent parents); `undefined` when it can. */
function unappliable(document: unknown, { op, path, from }: Operation): string | undefined {
  const parent = path.slice(0, path.lastIndexOf('/'));
  if (op === 'add' && !exists(document, parent)) return `\`${parent || '/'}\` does not exist`;
  if ((op === 'move' || op === 'copy') && !exists(document, from ?? '')) return `\`from\` \`${from}\` does not exist`;
  if (op !== 'add' && op !== 'move' && op !== 'copy' && !exists(document, path)) return `\`${path}\` does not exist`;
  return undefined;
}

const matches = ({ target }: Patch, object: KubeObject) =>
  object.kind === target.kind && object.metadata.name === target.name && (target.namespace === undefined || object.metadata.namespace === target.namespace);

/** `objects` with the overlay's patches applied, in order; throws OverlayError naming every patch that failed. */
export function applyPatches(objects: readonly KubeObject[], overlay: ResolvedOverlay): KubeObject[] {
  const patched = [...objects];
  const problems: { path: KeyPath; message: string }[] = [];
  (overlay.stack.patches ?? []).forEach((patch, i) => {
    const targets = patched.flatMap((object, index) => (matches(patch, object) ? [index] : []));
    if (!targets.length) {
      const { kind, name, namespace } = patch.target;
      problems.push({ path: ['patches', i, 'target'], message: `no rendered object is ${kind} ${namespace ? `${namespace}/` : ''}${name} in ${overlay.environment}` });
    }
    for (const index of targets) {
      const problem = applyEach(patched, index, patch.patch);
      if (problem) problems.push({ path: ['patches', i, 'patch', problem.op], message: `does not apply to ${patch.target.kind} ${patch.target.name} in ${overlay.environment}: ${problem.reason}` });
    }
  });
  if (problems.length) throw new OverlayError(problems.map((p) => located(overlay, p)));
  return patched;
}

/** Applies the operations one by one to `objects[index]`; the first that cannot apply stops it. */
function applyEach(objects: KubeObject[], index: number, operations: readonly Operation[]): { op: number; reason: string } | undefined {
  let object = structuredClone(objects[index]);
  for (const [op, operation] of operations.entries()) {
    const reason = unappliable(object, operation);
    if (reason) return { op, reason };
    try {
      object = JsonPatch.apply(object, jsonPatch(operation)) as KubeObject;
    } catch (error) {
      return { op, reason: (error as Error).message.split('\n')[0] };
    }
  }
  objects[index] = object;
  return undefined;
}

function located(overlay: ResolvedOverlay, { path, message }: { path: KeyPath; message: string }): OverlayProblem {
  const where = overlay.locate?.(path) ?? { file: overlay.environment, line: 0, col: 0 };
  return { file: where.file, line: where.line, col: where.col, path, message };
}
