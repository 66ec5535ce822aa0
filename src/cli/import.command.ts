/**
 * `wa-ticketing import people FILE [--apply]` and `wa-ticketing import legacy …`: each kind's
 * module is loaded only when it runs.
 */
export async function runImportCommand(argv: string[]): Promise<number> {
  const [kind, ...rest] = argv;
  if (kind === 'people') {
    const m = require('../features/people-import/people-import.cli') as typeof import('../features/people-import/people-import.cli');
    return m.runPeopleImport(rest);
  }
  if (kind === 'legacy') {
    const m = require('../features/legacy/legacy-import.cli') as typeof import('../features/legacy/legacy-import.cli');
    return m.runLegacyImport(rest);
  }
  console.error('usage: wa-ticketing import people FILE [--apply] | import legacy [options] (see wa-ticketing help)');
  return 2;
}
