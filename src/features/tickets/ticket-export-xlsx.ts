import type { Writable } from 'node:stream';
import { excelStreamWriter } from '../../shared/heavy-modules';
import { drainOrClose, exportCells, exportHeaders, exportWidths, ready, type ExportContext } from './ticket-export';
import type { TicketSummary } from './ticket-query.repository';

/** exceljs's escaping (utils.xmlEncode): the five entities, and control characters XML 1.0 cannot hold dropped. */
// eslint-disable-next-line no-control-regex -- matching the control characters is the point
const XML_SPECIAL = /["&'<>\x7F\x00-\x08\x0B\x0C\x0E-\x1F]/g;
const XML_ENTITY: Record<string, string> = { '"': '&quot;', '&': '&amp;', "'": '&apos;', '<': '&lt;', '>': '&gt;' };
const xmlText = (text: string) => text.replace(XML_SPECIAL, (c) => XML_ENTITY[c] ?? '');

/** A, B, … for the export's columns (all within A–Z). */
const columnLetter = (i: number) => String.fromCharCode(65 + i);

/**
 * Row `n` of the sheet as exceljs's streaming writer renders a committed row of text cells with
 * no style: `t="str"` cells, `spans` over every column (an empty text is still a cell). Same
 * bytes, without its Row, Cell and model objects per cell, which made 100,000 rows cost ~11 s
 * of CPU and most of the export's garbage (issue 17 part 5).
 */
export function sheetRowXml(n: number, cells: readonly string[]): string {
  let xml = `<row r="${n}" spans="1:${cells.length}" x14ac:dyDescent="0.25">`;
  for (let i = 0; i < cells.length; i++) xml += `<c r="${columnLetter(i)}${n}" t="str"><v>${xmlText(cells[i]!)}</v></c>`;
  return `${xml}</row>`;
}

/** Under V8's large-object size even as a two-byte string: each written piece is then ordinary young garbage. */
const PIECE_CHARS = 32_000;

/** The stream exceljs's sheet writes into (its StreamBuf), and what that pipes to. */
interface SheetStream {
  write(xml: string): unknown;
  pipes?: Array<{
    _writableState?: { needDrain?: boolean };
    once(event: 'drain', f: () => void): unknown;
    off(event: 'drain', f: () => void): unknown;
  }>;
}

/**
 * Waits until the sheet's zip entry has compressed what it was given, or `out` closed. exceljs's
 * StreamBuf writes into the entry without ever waiting, so a fast producer piled up megabytes of
 * uncompressed XML there (and kept it alive long enough to reach the old generation); the
 * response's own backpressure (ready) only shows once the compressor's output is stuck too.
 */
async function entryDrained(sheet: SheetStream, out: Writable): Promise<void> {
  for (const pipe of sheet.pipes ?? []) {
    if (out.destroyed || !pipe._writableState?.needDrain) continue;
    await drainOrClose(pipe, out);
  }
}

/**
 * Writes an XLSX through exceljs's streaming writer: the workbook's parts, the columns and the
 * bold, frozen header row come from exceljs; the rows go into the sheet's zip entry as the XML
 * exceljs would have written for them (sheetRowXml), a batch at a time and no faster than the
 * entry compresses it, so memory holds one batch whatever the number of rows. No shared-string
 * table; every value is a text cell, neutralised like the CSV.
 */
export async function writeXlsx(out: Writable, batches: AsyncIterable<Iterable<TicketSummary>>, ctx: ExportContext): Promise<void> {
  const workbook = new (excelStreamWriter())({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.created = new Date(ctx.now);
  const sheet = workbook.addWorksheet('Tiket', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = exportHeaders(ctx.tz).map((header, i) => ({ header, width: exportWidths[i] }));
  sheet.getRow(1).font = { bold: true };
  // Committing the header writes the columns and opens <sheetData>; exceljs then holds no row,
  // so what goes into its stream now are the next rows, and sheet.commit() closes the sheet after them.
  sheet.getRow(1).commit();
  const sheetXml = (sheet as unknown as { stream: SheetStream }).stream;
  let n = 1;
  for await (const batch of batches) {
    let xml = '';
    for (const t of batch) {
      xml += sheetRowXml(++n, exportCells(t, ctx));
      if (xml.length >= PIECE_CHARS) {
        sheetXml.write(xml);
        xml = '';
      }
    }
    if (xml) sheetXml.write(xml);
    await entryDrained(sheetXml, out);
    if (!(await ready(out))) return;
  }
  if (!(await ready(out))) return;
  sheet.commit();
  // The writer resolves on the response's 'finish', which never comes if the reader left meanwhile.
  await Promise.race([workbook.commit(), new Promise((resolve) => out.once('close', resolve))]);
}
