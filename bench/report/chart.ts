import type { Results } from "../results";
import type { Cell } from "../sections/matrix";
import { latencyLimit, sequentialLimit, thousands } from "../lib/util";

/**
 * bench/chart.svg: median wall time against repository count, one line per contender, one panel per
 * latency (the tie-reordering server in a panel of its own), log–log. Each panel with latency draws
 * the latency limit, `ceil(pages / concurrency) × latency` (the round trips alone at the client's
 * concurrency, nothing transferred or parsed), and dashed the sequential pager's `pages × latency`.
 */

const COLORS: Record<string, string> = {
  library: "#1f77b4",
  legacy: "#17becf",
  plugin: "#9467bd",
  cli: "#2ca02c",
  official: "#d62728",
  fetch: "#ff7f0e",
};

const NAMES: Record<string, string> = {
  library: "pulumi-swr library",
  legacy: "library, old route",
  plugin: "plugin Invoke",
  cli: "swr-repos CLI (whole process)",
  official: "official SDK, sequential",
  fetch: "fetch loop, sequential",
};

interface Panel {
  readonly title: string;
  readonly latencyMs: number;
  readonly concurrency: number;
  readonly cells: Cell[];
}

function panels(results: Results): Panel[] {
  const cells = [
    ...(results.sections.matrix?.data.cells ?? []),
    ...(results.sections.ties?.data.cells ?? []),
  ];
  const byKey = new Map<string, Panel>();
  for (const cell of cells) {
    const key = `${cell.latencyMs}|${cell.unstableTies}`;
    const title = `${cell.latencyMs} ms latency${cell.unstableTies ? ", ties reordered" : ""}`;
    const panel = byKey.get(key) ?? {
      title,
      latencyMs: cell.latencyMs,
      concurrency: cell.concurrency,
      cells: [],
    };
    panel.cells.push(cell);
    byKey.set(key, panel);
  }
  return [...byKey.values()].sort((a, b) => a.latencyMs - b.latencyMs || a.title.length - b.title.length);
}

const esc = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function msLabel(ms: number): string {
  return ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`;
}

/** The SVG text, or undefined when no section with listings has run. */
export function chartSvg(results: Results): string | undefined {
  const all = panels(results);
  if (all.length === 0) return undefined;
  const sizes = all.flatMap((p) => p.cells.map((c) => c.n));
  const values = all.flatMap((p) =>
    p.cells.flatMap((c) => [
      ...c.results.map((r) => r.ms.median),
      ...(p.latencyMs > 0
        ? [latencyLimit(c.n, p.latencyMs, p.concurrency), sequentialLimit(c.n, p.latencyMs)]
        : []),
    ]),
  );
  const [xMin, xMax] = [Math.min(...sizes), Math.max(...sizes)];
  const yMin = 10 ** Math.floor(Math.log10(Math.min(...values)));
  const yMax = 10 ** Math.ceil(Math.log10(Math.max(...values)));
  const [pw, ph, left, top, gap] = [300, 260, 60, 40, 40];
  const width = left + all.length * (pw + gap) + 10;
  const height = top + ph + 56 + 20 * Math.ceil((Object.keys(COLORS).length + 2) / 3) + 10;
  const x = (n: number) =>
    xMax === xMin
      ? pw / 2
      : ((Math.log10(n) - Math.log10(xMin)) / (Math.log10(xMax) - Math.log10(xMin))) * pw;
  const y = (ms: number) =>
    ph - ((Math.log10(ms) - Math.log10(yMin)) / (Math.log10(yMax) - Math.log10(yMin))) * ph;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${left}" y="18" font-size="14" font-weight="bold">Wall time (median) against repositories listed</text>`,
  ];
  const seen = new Set<string>();
  all.forEach((panel, i) => {
    const ox = left + i * (pw + gap);
    out.push(`<g transform="translate(${ox},${top})">`);
    out.push(`<text x="${pw / 2}" y="-8" text-anchor="middle" font-weight="bold">${esc(panel.title)}</text>`);
    out.push(`<rect width="${pw}" height="${ph}" fill="none" stroke="#999"/>`);
    for (let decade = yMin; decade <= yMax; decade *= 10) {
      for (const m of [1, 2, 5]) {
        const v = decade * m;
        if (v > yMax) break;
        out.push(`<line x1="0" x2="${pw}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#eee"/>`);
        if (i === 0)
          out.push(`<text x="-6" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${msLabel(v)}</text>`);
      }
    }
    const panelSizes = [...new Set(sizes)].sort((a, b) => a - b);
    for (const n of panelSizes)
      out.push(
        `<line x1="${x(n).toFixed(1)}" x2="${x(n).toFixed(1)}" y1="0" y2="${ph}" stroke="#eee"/>`,
        `<text x="${x(n).toFixed(1)}" y="${ph + 14}" text-anchor="middle">${thousands(n)}</text>`,
      );
    // A series of one point is drawn as a short level stroke (its dot is drawn separately).
    const line = (points: Array<[number, number]>, style: string) => {
      if (points.length === 1) {
        const [px, py] = [x(points[0][0]), y(points[0][1])];
        return `<line x1="${(px - 8).toFixed(1)}" x2="${(px + 8).toFixed(1)}" y1="${py.toFixed(1)}" y2="${py.toFixed(1)}" ${style}/>`;
      }
      const coords = points.map(([n, ms]) => `${x(n).toFixed(1)},${y(ms).toFixed(1)}`).join(" ");
      return `<polyline fill="none" ${style} points="${coords}"/>`;
    };
    const cells = [...panel.cells].sort((a, b) => a.n - b.n);
    if (panel.latencyMs > 0) {
      const limit = cells.map((c): [number, number] => [
        c.n,
        latencyLimit(c.n, panel.latencyMs, panel.concurrency),
      ]);
      const sequential = cells.map((c): [number, number] => [c.n, sequentialLimit(c.n, panel.latencyMs)]);
      out.push(line(limit, `stroke="#000" stroke-width="2.5" opacity="0.35"`));
      out.push(line(sequential, `stroke="#000" stroke-width="1.5" stroke-dasharray="5,4" opacity="0.35"`));
      const last = limit[limit.length - 1];
      out.push(
        `<text x="${(x(last[0]) - 4).toFixed(1)}" y="${(y(last[1]) + 14).toFixed(1)}" text-anchor="end" fill="#555">latency limit (concurrency ${panel.concurrency})</text>`,
      );
    } else {
      out.push(
        `<text x="${pw / 2}" y="${ph - 8}" text-anchor="middle" fill="#777">no latency limit at 0 ms</text>`,
      );
    }
    for (const id of Object.keys(COLORS)) {
      const points = cells.flatMap((c): Array<[number, number]> => {
        const r = c.results.find((r) => r.contender === id);
        return r ? [[c.n, r.ms.median]] : [];
      });
      if (points.length === 0) continue;
      seen.add(id);
      out.push(line(points, `stroke="${COLORS[id]}" stroke-width="2"`));
      for (const [n, ms] of points)
        out.push(`<circle cx="${x(n).toFixed(1)}" cy="${y(ms).toFixed(1)}" r="2.5" fill="${COLORS[id]}"/>`);
    }
    out.push(`</g>`);
  });
  out.push(
    `<text x="${left + ((pw + gap) * all.length - gap) / 2}" y="${top + ph + 32}" text-anchor="middle">repositories (log scale); wall time on a log scale</text>`,
  );
  const legend = [...seen].map((id) => [NAMES[id], `stroke="${COLORS[id]}" stroke-width="2"`]);
  legend.push([
    "latency limit: ceil(pages / concurrency) × latency",
    `stroke="#000" stroke-width="2.5" opacity="0.35"`,
  ]);
  legend.push([
    "sequential pages × latency",
    `stroke="#000" stroke-width="1.5" stroke-dasharray="5,4" opacity="0.35"`,
  ]);
  legend.forEach(([name, style], i) => {
    const lx = left + (i % 3) * 260;
    const ly = top + ph + 56 + Math.floor(i / 3) * 20;
    out.push(`<line x1="${lx}" x2="${lx + 24}" y1="${ly - 4}" y2="${ly - 4}" ${style}/>`);
    out.push(`<text x="${lx + 30}" y="${ly}">${esc(name)}</text>`);
  });
  out.push(`</svg>`);
  return out.join("\n") + "\n";
}
