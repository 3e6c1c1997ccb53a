/**
 * A small hand-made SVG: on the left each goal as a bar of its headroom (1.0 = exactly the goal,
 * longer is better), on the right RSS and event-loop delay against the number of accounts.
 */
import type { AccountsPoint } from './measure-accounts.js';
import { figure, type Goal } from './report.js';

const WIDTH = 1040;
const BAR_HEIGHT = 18;
const BAR_GAP = 8;
const LABEL_WIDTH = 400;
const BAR_WIDTH = 200;
/** Headroom is drawn up to this many times the goal. */
const MAX_HEADROOM = 2;
const PANEL_X = 730;
const PANEL_WIDTH = 280;
const PANEL_HEIGHT = 110;
const MARGIN = 30;
const PASS = '#2e7d32';
const MISS = '#c62828';
const FONT = 'font-family="sans-serif" font-size="11"';

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** ≥ 1 when the goal is met: figure / limit for a floor, limit / figure for a ceiling (0 counts as met). */
function headroom(g: Goal & { value: number }): number {
  if (g.bound === 'min') return g.value / g.limit;
  if (g.value === 0) return MAX_HEADROOM;
  return g.limit === 0 ? 0 : g.limit / g.value;
}

function bars(list: Goal[]): string[] {
  const out: string[] = [];
  const goalX = LABEL_WIDTH + BAR_WIDTH / MAX_HEADROOM;
  list.forEach((g, i) => {
    const y = MARGIN + i * (BAR_HEIGHT + BAR_GAP);
    out.push(`<text x="${LABEL_WIDTH - 6}" y="${y + 13}" text-anchor="end" ${FONT}>${escape(g.label)}</text>`);
    if (g.value === undefined) {
      out.push(`<text x="${LABEL_WIDTH}" y="${y + 13}" ${FONT} fill="#777">not measured</text>`);
      return;
    }
    const share = Math.min(MAX_HEADROOM, headroom({ ...g, value: g.value })) / MAX_HEADROOM;
    out.push(`<rect x="${LABEL_WIDTH}" y="${y}" width="${(share * BAR_WIDTH).toFixed(1)}" height="${BAR_HEIGHT}" fill="${g.pass ? PASS : MISS}"/>`);
    out.push(`<text x="${LABEL_WIDTH + BAR_WIDTH + 6}" y="${y + 13}" ${FONT}>${escape(figure(g.value, g.unit))}</text>`);
  });
  const bottom = MARGIN + list.length * (BAR_HEIGHT + BAR_GAP);
  out.push(`<line x1="${goalX}" y1="${MARGIN - 6}" x2="${goalX}" y2="${bottom}" stroke="#000" stroke-dasharray="3,3"/>`);
  out.push(`<text x="${goalX}" y="${MARGIN - 10}" text-anchor="middle" ${FONT}>goal</text>`);
  return out;
}

/** One line chart of `value` over the curve's accounts, with its limit dashed. */
function panel(curve: AccountsPoint[], top: number, title: string, limit: number, value: (p: AccountsPoint) => number): string[] {
  const most = Math.max(limit, ...curve.map(value)) * 1.1;
  const maxAccounts = Math.max(...curve.map((p) => p.accounts));
  const x = (accounts: number) => PANEL_X + (accounts / maxAccounts) * PANEL_WIDTH;
  const y = (v: number) => top + PANEL_HEIGHT - (v / most) * PANEL_HEIGHT;
  const points = curve.map((p) => `${x(p.accounts).toFixed(1)},${y(value(p)).toFixed(1)}`).join(' ');
  return [
    `<text x="${PANEL_X}" y="${top - 6}" ${FONT} font-weight="bold">${escape(title)}</text>`,
    `<line x1="${PANEL_X}" y1="${top + PANEL_HEIGHT}" x2="${PANEL_X + PANEL_WIDTH}" y2="${top + PANEL_HEIGHT}" stroke="#999"/>`,
    `<line x1="${PANEL_X}" y1="${y(limit)}" x2="${PANEL_X + PANEL_WIDTH}" y2="${y(limit)}" stroke="${MISS}" stroke-dasharray="4,3"/>`,
    `<text x="${PANEL_X + 2}" y="${y(limit) - 3}" ${FONT} fill="${MISS}">limit ${limit}</text>`,
    `<polyline points="${points}" fill="none" stroke="#1565c0" stroke-width="2"/>`,
    ...curve.flatMap((p) => [
      `<circle cx="${x(p.accounts).toFixed(1)}" cy="${y(value(p)).toFixed(1)}" r="3" fill="#1565c0"/>`,
      `<text x="${x(p.accounts).toFixed(1)}" y="${top + PANEL_HEIGHT + 13}" text-anchor="middle" ${FONT}>${p.accounts}</text>`,
      `<text x="${x(p.accounts).toFixed(1)}" y="${(y(value(p)) - 6).toFixed(1)}" text-anchor="middle" ${FONT}>${value(p).toFixed(0)}</text>`,
    ]),
  ];
}

export function chart(list: Goal[], curve: AccountsPoint[], title: string): string {
  const height = Math.max(MARGIN * 2 + list.length * (BAR_HEIGHT + BAR_GAP), 2 * PANEL_HEIGHT + 4 * MARGIN);
  const parts = [`<text x="10" y="16" ${FONT} font-weight="bold">${escape(title)}</text>`, ...bars(list)];
  if (curve.length > 0) {
    parts.push(...panel(curve, MARGIN + 10, 'RSS peak (MB) by accounts', 400, (p) => p.rssPeakMb));
    parts.push(...panel(curve, 2 * MARGIN + PANEL_HEIGHT + 30, 'event-loop delay p99 (ms) by accounts', 50, (p) => p.lagP99Ms));
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}">\n`
    + `<rect width="100%" height="100%" fill="#fff"/>\n${parts.join('\n')}\n</svg>\n`;
}
