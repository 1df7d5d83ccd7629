import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedSchemaFiles } from '../lib/model/generate';
import { DEFAULT_STACK, ROOT } from './helpers';

describe('files generated from the overlay model', () => {
  it.each(generatedSchemaFiles())('%s is current (run `npm run gen:schema` after changing lib/model/schema.ts)', (file, content) => {
    expect(readFileSync(join(ROOT, file), 'utf8')).toBe(content);
  });

  it.each([
    ['the default stack', DEFAULT_STACK],
    ['the paper-crawler example', join(ROOT, 'examples', 'paper-crawler')],
  ])('every overlay file of %s points editors at the published schema', (_label, dir) => {
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
      const schema = /^# yaml-language-server: \$schema=(\S+)\n/.exec(readFileSync(join(dir, file), 'utf8'))?.[1];
      expect(schema && resolve(dir, schema), file).toBe(join(ROOT, 'schema', 'overlay.schema.json'));
    }
  });
});
