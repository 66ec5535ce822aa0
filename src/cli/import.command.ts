import { EXIT_USAGE } from '../shared/exit-codes';

/**
 * `wa-ticketing import people FILE …` and `wa-ticketing import legacy …`: each kind's module is
 * loaded only when it runs.
 * @public loaded lazily by commands.ts with require().
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
  console.error(
    'usage: wa-ticketing import people FILE [--kind employees|staff] [--apply] [--new-units]\n' +
      '       wa-ticketing import legacy (--from-db URL | --from-csv DIR) [--dry-run] [options]',
  );
  return EXIT_USAGE;
}
