/**
 * The traffic chart of REPORT.md as a picture (`traffic.svg` next to it), so a GitOps review shows
 * an image, not only Mermaid source. Mermaid lays a chart out only in a browser, so pictures are
 * drawn by `npm run pictures` in headless Chromium, never by synth. Each picture is stamped with a
 * hash of the chart it shows: synth keeps a picture whose chart is unchanged and drops a stale
 * one, so a picture in `dist/` never shows traffic the policies no longer allow.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const TRAFFIC_PICTURE_FILE = 'traffic.svg';

/** The Mermaid source of REPORT.md's traffic chart; `undefined` when the report has none. */
export function chartSource(report: string): string | undefined {
  return /^```mermaid\n([\s\S]*?)\n```$/m.exec(report)?.[1];
}

const stampOf = (chart: string) => `<!-- cdk8s-stack traffic picture of chart sha256:${createHash('sha256').update(chart).digest('hex')} (npm run pictures) -->`;

/** A picture file: the stamp on the first line, then the SVG. */
export const pictureFile = (chart: string, svg: string) => `${stampOf(chart)}\n${svg.trimEnd()}\n`;

/** Whether `picture` (a file's content) shows exactly `chart`. */
export const pictureShows = (picture: string, chart: string) => picture.startsWith(`${stampOf(chart)}\n`);

/** The picture at `path` if it shows the chart of `report` (synth keeps it); otherwise `undefined`. */
export function keptPicture(path: string, report: string): string | undefined {
  const chart = chartSource(report);
  if (chart === undefined || !existsSync(path)) return undefined;
  const picture = readFileSync(path, 'utf8');
  return pictureShows(picture, chart) ? picture : undefined;
}

export interface RenderedPicture {
  readonly svg: string;
  /** Labels measured (node and edge labels): what the overlap and clipping checks looked at. */
  readonly labels: number;
  /** Pairs of labels (node or edge) whose boxes overlap, as `"a" / "b"`. */
  readonly overlaps: readonly string[];
  /** Labels drawn (partly) outside the picture. */
  readonly clipped: readonly string[];
}

/** The Chromium command: Debian's `chromium` unless `CHROMIUM` names another. */
export const chromiumCommand = () => process.env.CHROMIUM ?? 'chromium';

/** Renders Mermaid charts (name → source) to SVG in one headless Chromium run (~3 s). */
export function renderCharts(charts: ReadonlyMap<string, string>): Map<string, RenderedPicture> {
  const dir = mkdtempSync(join(tmpdir(), 'cdk8s-stack-pictures-'));
  try {
    copyFileSync(mermaidScript(), join(dir, 'mermaid.min.js'));
    writeFileSync(join(dir, 'page.html'), page([...charts]));
    const run = spawnSync(chromiumCommand(), [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', `--user-data-dir=${join(dir, 'profile')}`, '--virtual-time-budget=3000',
      '--dump-dom', `file://${join(dir, 'page.html')}`,
    ], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 120_000 });
    if (run.error) throw new Error(`cannot run ${chromiumCommand()} (${run.error.message}): install Debian's chromium, or set CHROMIUM to a Chromium binary`);
    const encoded = /<pre id="result">([A-Za-z0-9+/=]*)<\/pre>/.exec(run.stdout)?.[1];
    if (!encoded) throw new Error(`${chromiumCommand()} rendered no chart (exit ${run.status}): ${run.stderr.split('\n').filter((l) => /error|fail/i.test(l)).slice(-3).join(' / ')}`);
    const result = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as Record<string, RenderedPicture | { error: string }>;
    return new Map([...charts.keys()].map((name) => {
      const picture = result[name];
      if (!picture || 'error' in picture) throw new Error(`Mermaid could not draw the ${name} chart: ${picture?.error ?? 'no result'}`);
      return [name, picture];
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function mermaidScript(): string {
  try {
    return createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js');
  } catch {
    throw new Error('the mermaid package is not installed: npm install --save-dev mermaid');
  }
}

/**
 * The page: renders each chart with stable ids and SVG text labels (an <img> of an SVG cannot show
 * HTML labels everywhere), measures every label box, and leaves the results base64 JSON in <pre>.
 */
function page(charts: readonly (readonly [string, string])[]): string {
  const script = `
const charts = ${JSON.stringify(Object.fromEntries(charts))};
mermaid.initialize({ startOnLoad: false, deterministicIds: true, securityLevel: 'strict', theme: 'default',
  flowchart: { htmlLabels: false, useMaxWidth: false, curve: 'basis' } });
const overlap = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
async function draw() {
  const result = {};
  for (const [name, source] of Object.entries(charts)) {
    try {
      const { svg } = await mermaid.render('traffic-' + name, source);
      const holder = document.createElement('div');
      holder.innerHTML = svg;
      document.body.appendChild(holder);
      const frame = holder.querySelector('svg').getBoundingClientRect();
      const labels = [...holder.querySelectorAll('g.node .label, g.edgeLabel .label')]
        .map((el) => ({ text: el.textContent.trim(), box: el.getBoundingClientRect() }))
        .filter((l) => l.text && l.box.width > 0);
      const overlaps = [];
      labels.forEach((a, i) => labels.slice(i + 1).forEach((b) => { if (overlap(a.box, b.box)) overlaps.push('"' + a.text + '" / "' + b.text + '"'); }));
      const clipped = labels.filter((l) => l.box.left < frame.left || l.box.right > frame.right || l.box.top < frame.top || l.box.bottom > frame.bottom).map((l) => l.text);
      result[name] = { svg, labels: labels.length, overlaps, clipped };
      holder.remove();
    } catch (err) {
      result[name] = { error: String(err && err.message || err) };
    }
  }
  const pre = document.createElement('pre');
  pre.id = 'result';
  pre.textContent = btoa(unescape(encodeURIComponent(JSON.stringify(result))));
  document.body.appendChild(pre);
}
draw();`;
  return `<!doctype html><html><head><meta charset="utf-8"><script src="mermaid.min.js"></script></head><body><script>${script}</script></body></html>\n`;
}
