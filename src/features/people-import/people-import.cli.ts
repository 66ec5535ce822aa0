/** `wa-ticketing import people FILE [--apply]` (issue 16 part 1). */
export async function runPeopleImport(_argv: string[]): Promise<number> {
  console.error('import people: not built yet');
  return 1;
}
