/** `wa-ticketing import legacy …` (issue 16 part 2). */
export async function runLegacyImport(_argv: string[]): Promise<number> {
  console.error('import legacy: not built yet');
  return 1;
}
