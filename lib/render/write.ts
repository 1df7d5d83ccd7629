/**
 * Writing rendered overlays to disk atomically. Every overlay is first written in full to
 * a staging folder inside the output folder (same filesystem, so renames are atomic);
 * only then is each overlay's folder swapped in whole. Whatever fails before or during
 * the swap, the previous folders are put back: a failed synth leaves the output as it was.
 * Files of objects that no longer exist disappear with the old folder.
 */
import { existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

export interface FolderOutput {
  /** Folder name inside the output folder (an environment, or `argocd`). */
  readonly folder: string;
  /** Relative path (`/`-separated) → file content. */
  readonly files: ReadonlyMap<string, string>;
}

export interface FolderChanges {
  readonly folder: string;
  readonly files: number;
  readonly added: readonly string[];
  readonly changed: readonly string[];
  readonly removed: readonly string[];
}

export interface WriteOptions {
  /** Called after staging, before the swap (tests use it to simulate a crash at the worst moment). */
  readonly beforeSwap?: () => void;
}

/** Every file under a folder, relative, `/`-separated, sorted. */
export function readTree(root: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!existsSync(root)) return out;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) out.set(relative(root, full).split(sep).join('/'), readFileSync(full, 'utf8'));
    }
  };
  walk(root);
  return out;
}

export function compareTrees(folder: string, before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): FolderChanges {
  const added: string[] = [];
  const changed: string[] = [];
  const removed: string[] = [];
  for (const [path, content] of after) {
    const old = before.get(path);
    if (old === undefined) added.push(path);
    else if (old !== content) changed.push(path);
  }
  for (const path of before.keys()) if (!after.has(path)) removed.push(path);
  const sorted = (paths: string[]) => paths.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { folder, files: after.size, added: sorted(added), changed: sorted(changed), removed: sorted(removed) };
}

/** Staging folders older than this were left by a synth that was killed; remove them. */
const STALE_STAGING_MS = 10 * 60_000;

function removeStaleStaging(outDir: string): void {
  for (const entry of readdirSync(outDir)) {
    if (!entry.startsWith('.synth-tmp-')) continue;
    const path = join(outDir, entry);
    if (Date.now() - statSync(path).mtimeMs > STALE_STAGING_MS) rmSync(path, { recursive: true, force: true });
  }
}

export function writeFolders(outDir: string, outputs: readonly FolderOutput[], options: WriteOptions = {}): FolderChanges[] {
  mkdirSync(outDir, { recursive: true });
  removeStaleStaging(outDir);
  const staging = mkdtempSync(join(outDir, '.synth-tmp-'));
  const swapped: { target: string; backup?: string }[] = [];
  try {
    const changes = outputs.map(({ folder, files }) => {
      const before = readTree(join(outDir, folder));
      for (const [path, content] of files) {
        const file = join(staging, 'new', folder, path);
        mkdirSync(dirname(file), { recursive: true });
        // An unchanged file is hard-linked, not rewritten: creating files dominates a large synth.
        if (before.get(path) === content) linkSync(join(outDir, folder, path), file);
        else writeFileSync(file, content);
      }
      mkdirSync(join(staging, 'new', folder), { recursive: true });
      return compareTrees(folder, before, files);
    });
    options.beforeSwap?.();
    mkdirSync(join(staging, 'old'));
    for (const { folder } of outputs) {
      const target = join(outDir, folder);
      const backup = existsSync(target) ? join(staging, 'old', folder) : undefined;
      if (backup) renameSync(target, backup);
      swapped.push({ target, backup });
      renameSync(join(staging, 'new', folder), target);
    }
    return changes;
  } catch (err) {
    // Put back what was already swapped, newest first.
    for (const { target, backup } of swapped.reverse()) {
      rmSync(target, { recursive: true, force: true });
      if (backup && existsSync(backup)) renameSync(backup, target);
    }
    throw err;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
