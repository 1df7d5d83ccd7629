/**
 * npm run gen:schema — writes the JSON Schemas derived from lib/model/schema.ts:
 *   lib/model/stack.schema.json   the merged stack (required keys, defaults), used at run time
 *   schema/overlay.schema.json    one overlay file (published for editors)
 *   docs/overlay-reference.md     the key reference
 * A test fails when any of them is stale.
 */
import { writeFileSync } from 'node:fs';
import { generatedSchemaFiles } from '../lib/model/generate';

for (const [file, content] of generatedSchemaFiles()) {
  writeFileSync(file, content);
  console.log(`wrote ${file}`);
}
