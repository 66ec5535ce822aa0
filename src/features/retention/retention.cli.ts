/** `wa-ticketing retention [--dry-run]` (issue 16 part 3). */
export async function runRetentionCommand(_argv: string[]): Promise<number> {
  console.error('retention: not built yet');
  return 1;
}
