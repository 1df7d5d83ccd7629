/**
 * Reads a recipe out of README.md, so the README and the test that follows it cannot drift
 * (scripts/ci/readme-recipes.sh):
 *   readme-recipe.ts sh "<section>"           prints the ```sh block of `### <section>`
 *   readme-recipe.ts merge "<section>" FILE   adds the ```yaml block's entries to the overlay FILE,
 *                                             as "add a few lines to overlays/base.yaml" means
 * Exit 2 when the section, its block or the file is missing, or an entry already exists.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseDocument } from 'yaml';
import { EXIT_CLEAN, EXIT_UNUSABLE } from '../../lib/shared/exit-codes';

const README = join(import.meta.dirname, '..', '..', 'README.md');

/** The first fenced block in `lang` under the heading `### <title>`. */
function recipeBlock(markdown: string, title: string, lang: string): string {
  const start = markdown.indexOf(`\n### ${title}\n`);
  if (start < 0) throw new Error(`README.md has no section "### ${title}"`);
  const rest = markdown.slice(start + title.length + 6);
  const section = rest.slice(0, rest.search(/\n#{2,3} |$/));
  const block = new RegExp(`^\`\`\`${lang}\\n([\\s\\S]*?)^\`\`\`$`, 'm').exec(section)?.[1];
  if (block === undefined) throw new Error(`README.md's "${title}" has no \`\`\`${lang} block`);
  return block;
}

/** Adds each `<top>.<key>` of the recipe to the overlay text (comments and layout kept); a key already there is an error. */
function mergeRecipe(overlay: string, recipe: string): string {
  const doc = parseDocument(overlay);
  for (const [top, entries] of Object.entries(parse(recipe) as Record<string, Record<string, unknown>>)) {
    for (const [key, value] of Object.entries(entries)) {
      if (doc.hasIn([top, key])) throw new Error(`${top}.${key} already exists: the recipe would replace it`);
      doc.setIn([top, key], value);
    }
  }
  return doc.toString();
}

function main([action, title, file]: string[]): number {
  const markdown = readFileSync(README, 'utf8');
  if (action === 'sh' && title) {
    process.stdout.write(recipeBlock(markdown, title, 'sh'));
    return EXIT_CLEAN;
  }
  if (action === 'merge' && title && file) {
    writeFileSync(file, mergeRecipe(readFileSync(file, 'utf8'), recipeBlock(markdown, title, 'yaml')));
    return EXIT_CLEAN;
  }
  process.stderr.write('usage: readme-recipe.ts sh "<section>" | merge "<section>" FILE\n');
  return EXIT_UNUSABLE;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`readme-recipe: ${(error as Error).message}\n`);
  process.exitCode = EXIT_UNUSABLE;
}
