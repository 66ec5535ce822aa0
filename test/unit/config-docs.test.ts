import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configVariables } from '../../src/config';
import { projectRoot } from '../../src/shared/paths';

// A variable the service reads but the operator cannot find is a setting nobody will ever use right.
const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');
const configSection = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('\n## ', readme.indexOf('## Configuration') + 5));
const envExample = readFileSync(join(projectRoot, '.env.example'), 'utf8');

describe('every configuration variable is documented', () => {
  test.each(configVariables)('%s is in the README configuration table', (name) => {
    expect(configSection).toMatch(new RegExp(`^\\|[^\\n]*\`${name}\``, 'm'));
  });

  test.each(configVariables)('%s is in .env.example', (name) => {
    expect(envExample).toMatch(new RegExp(`^#?\\s*${name}=`, 'm'));
  });
});
