// `npm ci` refuses a lock that names an optional dependency without an entry for it, even one
// for another platform (a lock made on a machine whose registry mirror lacked those packages
// once broke every fresh install). This reads the committed lock the way npm ci does.
import { readFileSync } from 'node:fs';
import path from 'node:path';

type LockEntry = {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
};
const lock = JSON.parse(readFileSync(path.join(__dirname, '../../package-lock.json'), 'utf8')) as {
  lockfileVersion: number;
  packages: Record<string, LockEntry>;
};
const pkg = JSON.parse(readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** Node's lookup: node_modules/<name> next to the dependent, then each folder above it. */
function resolveFrom(dependentKey: string, name: string): string | undefined {
  let base = dependentKey;
  for (;;) {
    const candidate = base ? `${base}/node_modules/${name}` : `node_modules/${name}`;
    if (lock.packages[candidate]) return candidate;
    if (!base) return undefined;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut < 0 ? '' : base.slice(0, cut);
  }
}

describe('package-lock.json', () => {
  it('is a version 3 lock that lists every direct dependency', () => {
    expect(lock.lockfileVersion).toBe(3);
    const missing = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).filter((name) => !lock.packages[`node_modules/${name}`]);
    expect(missing).toEqual([]);
  });

  it('has an entry for every dependency and optional dependency of every locked package', () => {
    const missing: string[] = [];
    for (const [key, entry] of Object.entries(lock.packages)) {
      if (key === '') continue;
      for (const name of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) {
        if (!resolveFrom(key, name)) missing.push(`${name} (needed by ${key})`);
      }
    }
    expect(missing).toEqual([]);
  });
});
