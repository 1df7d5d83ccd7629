/**
 * Everything derived from the TypeBox model (lib/model/schema.ts). Run time never loads
 * TypeBox: it reads the generated JSON, which `npm run gen:schema` writes and a test keeps fresh.
 */
import { StackSchema } from './schema';
import { overlayFileSchema } from './file-schema';
import { overlayReference } from './reference-doc';

export function stackSchemaJson(): Record<string, unknown> {
  return JSON.parse(JSON.stringify(StackSchema));
}

export function generatedSchemaFiles(): [string, string][] {
  const stack = stackSchemaJson();
  return [
    ['lib/model/stack.schema.json', `${JSON.stringify(stack, null, 2)}\n`],
    ['schema/overlay.schema.json', `${JSON.stringify(overlayFileSchema(stack), null, 2)}\n`],
    ['docs/overlay-reference.md', overlayReference(stack)],
  ];
}
