import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedSchemaFiles } from '../lib/model/generate';
import { ROOT } from './helpers';

describe('files generated from the overlay model', () => {
  it.each(generatedSchemaFiles())('%s is current (run `npm run gen:schema` after changing lib/model/schema.ts)', (file, content) => {
    expect(readFileSync(join(ROOT, file), 'utf8')).toBe(content);
  });

  it('every overlay file points editors at the published schema', () => {
    for (const env of ['base', 'dev', 'staging', 'prod']) {
      expect(readFileSync(join(ROOT, 'overlays', `${env}.yaml`), 'utf8')).toMatch(
        /^# yaml-language-server: \$schema=\.\.\/schema\/overlay\.schema\.json\n/,
      );
    }
  });
});
