/**
 * A picture of a dashboard's layout for REPORT.md: each panel as a labelled box on Grafana's
 * 24-column grid, placed by its `gridPos`, rows as full-width bands. Read from the dashboard
 * JSON of the sidecar ConfigMaps (what Grafana will load), so the picture shows what ships.
 * Deterministic SVG: same dashboard, same bytes.
 */
import type { KubeObject } from './files';

type Obj = Record<string, any>;

/** The component label of the dashboard ConfigMaps (lib/operations/dashboards: DASHBOARD_COMPONENT). */
const COMPONENT = 'dashboard';

export interface DashboardFile {
  /** `system-health`, from the ConfigMap name `dashboard-<name>`. */
  readonly name: string;
  readonly title: string;
  readonly uid: string;
  readonly configMap: string;
  readonly dashboard: Obj;
}

/** Where REPORT.md lists a dashboard: System Health first, then the SLOs, then the rest by name. */
const rank = (name: string) => (name === 'system-health' ? 0 : name === 'slo' ? 1 : 2);

/** The dashboards among the objects, System Health first. */
export function dashboardsOf(objects: readonly KubeObject[]): DashboardFile[] {
  const files = objects.flatMap((o) => {
    const labels = (o.metadata.labels ?? {}) as Record<string, string>;
    if (o.kind !== 'ConfigMap' || labels['app.kubernetes.io/component'] !== COMPONENT) return [];
    return Object.entries((o.data ?? {}) as Record<string, string>)
      .filter(([key]) => key.endsWith('.json'))
      .map(([, text]) => {
        const dashboard = JSON.parse(text) as Obj;
        return { name: o.metadata.name.replace(/^dashboard-/, ''), title: String(dashboard.title), uid: String(dashboard.uid), configMap: o.metadata.name, dashboard };
      });
  });
  return files.sort((a, b) => rank(a.name) - rank(b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

const COLUMN = 40; // px per grid column: 24 columns = 960 px
const ROW = 16; // px per grid row (Grafana: 30; squeezed so a dashboard fits a screen)
const PAD = 10;
const TITLE = 34;

const esc = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Splits a label into lines of at most `width` characters (by words; a longer word is cut). */
function wrap(text: string, width: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const piece = word.length > width ? `${word.slice(0, width - 1)}…` : word;
    if (!line) line = piece;
    else if (line.length + 1 + piece.length <= width) line += ` ${piece}`;
    else {
      lines.push(line);
      line = piece;
    }
  }
  if (line) lines.push(line);
  if (lines.length > maxLines) {
    const kept = lines.slice(0, maxLines);
    kept[maxLines - 1] = `${kept[maxLines - 1]!.slice(0, Math.max(1, width - 1))}…`;
    return kept;
  }
  return lines;
}

export function dashboardSvg(file: DashboardFile): string {
  const panels = (file.dashboard.panels ?? []) as Obj[];
  const bottom = Math.max(1, ...panels.map((p) => (p.gridPos?.y ?? 0) + (p.gridPos?.h ?? 0)));
  const width = 24 * COLUMN + 2 * PAD;
  const height = TITLE + bottom * ROW + 2 * PAD;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Arial, sans-serif">`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#111217"/>`,
    `<text x="${PAD}" y="${PAD + 16}" font-size="16" font-weight="bold" fill="#e6e6e6">${esc(file.title)}</text>`,
    `<text x="${width - PAD}" y="${PAD + 16}" font-size="11" fill="#8e8e8e" text-anchor="end">uid ${esc(file.uid)} · 24-column grid</text>`,
  ];
  for (const panel of panels) {
    const g = panel.gridPos ?? { x: 0, y: 0, w: 12, h: 8 };
    const x = PAD + g.x * COLUMN;
    const y = PAD + TITLE + g.y * ROW;
    const w = g.w * COLUMN;
    const h = g.h * ROW;
    if (panel.type === 'row') {
      out.push(
        `<rect x="${x}" y="${y + 2}" width="${w}" height="${h - 4}" fill="#22252b"/>`,
        `<text x="${x + 8}" y="${y + h / 2 + 5}" font-size="13" font-weight="bold" fill="#d8d9da">▾ ${esc(String(panel.title))}</text>`,
      );
      continue;
    }
    const chars = Math.max(6, Math.floor((w - 16) / 7.2));
    const lines = wrap(String(panel.title), chars, Math.max(1, Math.floor((h - 30) / 16)));
    const kind = `${panel.type} · #${panel.id}`;
    out.push(
      `<rect x="${x + 3}" y="${y + 3}" width="${w - 6}" height="${h - 6}" rx="3" fill="#181b1f" stroke="#3b82f6" stroke-width="1"/>`,
      ...lines.map((line, i) => `<text x="${x + 10}" y="${y + 22 + i * 16}" font-size="12" fill="#e6e6e6">${esc(line)}</text>`),
      `<text x="${x + 10}" y="${y + h - 12}" font-size="10" fill="#8e8e8e">${esc(kind)}</text>`,
    );
  }
  out.push('</svg>', '');
  return out.join('\n');
}

/** Where the picture goes inside the environment's folder (next to REPORT.md). */
export const dashboardPicture = (file: DashboardFile) => `dashboards/${file.name}.svg`;

/** The REPORT.md section: each dashboard, its ConfigMap and its picture. */
export function dashboardsSection(objects: readonly KubeObject[]): string[] {
  const files = dashboardsOf(objects);
  if (!files.length) return [];
  const out = [
    '## Dashboards',
    '',
    'Grafana dashboards as code (lib/operations/dashboards/, built with @grafana/grafana-foundation-sdk), one sidecar ConfigMap each.',
    'The pictures show each layout on Grafana\'s 24-column grid (panel title, type and id); alerts link to their panel by id.',
    '',
  ];
  const probes = objects.filter((o) => o.kind === 'Probe') as Obj[];
  if (probes.length) {
    const urls = probes.flatMap((p) => (p.spec?.targets?.staticConfig?.static ?? []) as string[]).map((u) => `\`${u}\``);
    out.push(`Uptime from outside: the blackbox exporter probes ${urls.join(', ')} (module \`${probes[0]!.spec.module}\`, every ${probes[0]!.spec.interval}); see the System Health row *Uptime from outside*.`, '');
  }
  for (const file of files) {
    const panels = ((file.dashboard.panels ?? []) as Obj[]).filter((p) => p.type !== 'row').length;
    out.push(`### ${file.title}`, '', `uid \`${file.uid}\`, ConfigMap \`${file.configMap}\`, ${panels} panels.`, '', `![${file.title}](${dashboardPicture(file)})`, '');
  }
  return out;
}
