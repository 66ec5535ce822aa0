/**
 * Libraries a process may never need, loaded on first use instead of at start: exceljs keeps about
 * 29 MB resident once required, qrcode and jszip about 8 MB each, while most processes (the worker, a quiet web
 * process) never export, import or print a QR sheet. Node caches a module after its first require, so
 * each call after that costs a map look-up.
 */
export const excel = (): typeof import('exceljs') => require('exceljs') as typeof import('exceljs');

/**
 * exceljs's streaming XLSX writer alone (the ticket export): its module and what it requires keep
 * about 17 MB resident against 29 MB for the whole library, whose readers, CSV and unzip code an
 * export never runs. A process that also reads spreadsheets shares these modules with excel().
 */
export const excelStreamWriter = (): typeof import('exceljs').stream.xlsx.WorkbookWriter =>
  require('exceljs/lib/stream/xlsx/workbook-writer') as typeof import('exceljs').stream.xlsx.WorkbookWriter;

export const qrcode = (): typeof import('qrcode') => require('qrcode') as typeof import('qrcode');

export const jszip = (): typeof import('jszip') => require('jszip') as typeof import('jszip');
