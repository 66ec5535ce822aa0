import ExcelJS from 'exceljs';
import { COLUMNS, phoneOf } from '../../src/features/people-import/people-columns';
import { dataRows, matchHeaders, readSheet, sheetFormatOf } from '../../src/shared/spreadsheet';

const csv = (text: string) => readSheet(Buffer.from(text, 'utf8'), 'csv');

describe('readSheet and matchHeaders', () => {
  test('When a CSV uses ";", "," or tabs, quotes and a BOM, then each reads into the same cells', async () => {
    const expected = [
      ['Nama', 'No HP'],
      ['Budi; Santoso', '0812 "A"'],
    ];
    expect(await csv('\uFEFFNama;No HP\r\n"Budi; Santoso";"0812 ""A"""\r\n')).toEqual(expected);
    expect(await csv('Nama,No HP\n"Budi; Santoso","0812 ""A"""\n')).toEqual(expected);
    expect(await csv('Nama\tNo HP\n"Budi; Santoso"\t"0812 ""A"""\n')).toEqual(expected);
  });

  test('When blank lines sit between rows, then data rows keep their spreadsheet row numbers', async () => {
    const grid = await csv('\nnama,hp\n\nA,1\n,\nB,2\n');
    const { headerIndex } = matchHeaders(grid, COLUMNS.employees);
    expect(headerIndex).toBe(1);
    expect(dataRows(grid, headerIndex).map((r) => [r.row, r.cells[0]])).toEqual([
      [4, 'A'],
      [6, 'B'],
    ]);
  });

  test('When headers are written in Indonesian or English with any case, spacing or punctuation, then they name the same columns', () => {
    const m = matchHeaders([[' NAMA Lengkap ', 'No. HP', 'E-mail', 'Unit_Kerja', 'Jurusan', 'Keterangan', 'Lain-lain']], COLUMNS.employees);
    expect(m.at).toEqual({ name: 0, phone: 1, email: 2, unit: 3, department: 4, notes: 5 });
    expect(m.ignored).toEqual(['Lain-lain']);
    const s = matchHeaders([['Name', 'Role', 'User Name', 'WhatsApp', 'Jabatan']], COLUMNS.staff);
    expect(s.at).toEqual({ name: 0, level: 1, username: 2, phone: 3, description: 4 });
  });

  test('When an XLSX holds a phone typed as a number, then its cell reads as plain digits and the phone gets back its 0', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('x').addRow(['hp', 81234567890]);
    const content = Buffer.from(await wb.xlsx.writeBuffer());
    expect(sheetFormatOf(content, null)).toBe('xlsx');
    expect(sheetFormatOf(content, 'data.CSV')).toBe('csv');
    expect(await readSheet(content, 'xlsx')).toEqual([['hp', '81234567890']]);
    expect(phoneOf('81234567890')).toBe('6281234567890');
    expect(phoneOf('+1 555 0100 200')).toBe('15550100200');
    expect(phoneOf('12ab')).toBeUndefined();
  });
});
