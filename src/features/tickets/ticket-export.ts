import type { Writable } from 'node:stream';
import { zoneLabel } from '../../shared/time';
import { wallClockIn } from '../../shared/time';
import { ageInDays, durationOf, endOf } from './ticket.presenter';
import type { TicketSummary } from './ticket-query.repository';
import { priorityLabel } from '../texts/classification.texts';
import { finishedOnTime } from './ticket-due';
import { channelLabel } from './ticket.model';

/** What every export row is formatted with: the moment ages are measured at, and the zone. */
export interface ExportContext {
  now: number;
  tz: string;
}

/**
 * Spreadsheet programs run a cell that starts with = + - @ (and, after a tab or carriage
 * return, whatever follows) as a formula: a complaint sent by WhatsApp must never become
 * one (OWASP "CSV injection"). A leading single quote makes it plain text.
 */
export function neutralise(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** Column titles; the created and finished columns name the zone their times are in. */
export function exportHeaders(tz: string): string[] {
  const zone = zoneLabel(tz);
  return [
    'No. Tracking',
    `Dibuat (${zone})`,
    'Pelapor',
    'Unit',
    'Telepon',
    'Keluhan',
    'Status',
    'Teknisi',
    'Umur',
    `Selesai (${zone})`,
    'Durasi',
    'Saluran',
    'Kategori',
    'Tempat',
    'Prioritas',
    `Batas waktu (${zone})`,
    'Tepat waktu',
    'Nilai',
  ];
}

/** The XLSX's column widths, in characters, in the order of exportHeaders(). */
export const exportWidths = [14, 17, 24, 16, 16, 60, 10, 30, 7, 17, 20, 16, 18, 30, 10, 17, 11, 6];

const yesNo = (v: boolean | null) => (v === null ? '' : v ? 'Ya' : 'Tidak');

/** `2 hari 3 jam 5 menit`; under a minute is `0 menit`. */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  const parts: string[] = [];
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  if (days) parts.push(`${days} hari`);
  if (hours) parts.push(`${hours} jam`);
  if (minutes % 60 || parts.length === 0) parts.push(`${minutes % 60} menit`);
  return parts.join(' ');
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `tickets-2024-09-16.xlsx`: dated with today in the app's zone. */
export function exportFilename(format: 'xlsx' | 'csv', ctx: ExportContext): string {
  const d = wallClockIn(ctx.now, ctx.tz);
  return `tickets-${d.year}-${pad(d.month)}-${pad(d.day)}.${format}`;
}

/** `2024-09-16 18:26` in `tz`; empty for no time. */
function when(ms: number | null, tz: string): string {
  if (ms === null) return '';
  const d = wallClockIn(ms, tz);
  return `${d.year}-${pad(d.month)}-${pad(d.day)} ${pad(d.hour)}:${pad(d.minute)}`;
}

/** One ticket as export cells, in the order of exportHeaders(), every one neutralised. */
export function exportCells(t: TicketSummary, ctx: ExportContext): string[] {
  const duration = durationOf(t);
  return [
    t.trackingNo,
    when(t.createdAt, ctx.tz),
    t.reporter.name,
    t.reporter.workplace ?? '',
    t.reporter.phone ?? '',
    t.complaint,
    t.status,
    t.assignees.map((a) => a.name).join(', '),
    `H+${ageInDays(t, ctx.now, ctx.tz)}`,
    when(endOf(t), ctx.tz),
    duration === null ? '' : formatDuration(duration),
    channelLabel[t.channel],
    t.category?.name ?? '',
    t.place ? `${t.place.path} (${t.place.code})` : '',
    priorityLabel[t.priority],
    when(t.sla.finishAt, ctx.tz),
    yesNo(finishedOnTime(t.sla, t.finishedAt)),
    t.rating === null ? '' : String(t.rating),
  ].map(neutralise);
}

/** RFC 4180: every field quoted, quotes doubled, CRLF line ends. */
export const csvLine = (cells: readonly string[]) => `${cells.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')}\r\n`;

/** Resolves at `stream`'s next 'drain', or when the response `out` closes (the reader left). */
export function drainOrClose(
  stream: { once(event: 'drain', f: () => void): unknown; off(event: 'drain', f: () => void): unknown },
  out: Writable,
): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      out.off('close', done);
      resolve();
    };
    stream.once('drain', done);
    out.once('close', done);
  });
}

/**
 * Waits until `out` wants more data. False when the reader went away, so the caller
 * stops reading the database instead of buffering rows nobody will receive.
 */
export async function ready(out: Writable): Promise<boolean> {
  if (out.destroyed) return false;
  if (!out.writableNeedDrain) return true;
  await drainOrClose(out, out);
  return !out.destroyed;
}

/**
 * Writes a UTF-8 CSV (with a BOM, so Excel reads the accents right) batch by batch;
 * memory holds one batch whatever the number of rows.
 */
export async function writeCsv(out: Writable, batches: AsyncIterable<Iterable<TicketSummary>>, ctx: ExportContext): Promise<void> {
  out.write(`\uFEFF${csvLine(exportHeaders(ctx.tz))}`);
  for await (const batch of batches) {
    if (!(await ready(out))) return;
    let text = '';
    for (const t of batch) text += csvLine(exportCells(t, ctx));
    out.write(text);
  }
  if (!(await ready(out))) return;
  await new Promise<void>((resolve) => out.end(resolve));
}
