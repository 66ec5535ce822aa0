#!/usr/bin/env node
// Gate on jest's --json output: the exit code alone misses skipped suites and empty runs.
// Always ends with the line "N passed, N failed, N skipped".
'use strict';
const fs = require('fs');

const file = process.argv[2];
const problems = [];
let results = null;
if (!file) {
  problems.push('usage: node .ci/check-jest-results.js <jest --json output file>');
} else {
  try {
    results = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    problems.push(`jest results ${file} missing or unreadable (did tsc or jest fail to start?): ${err.message}`);
  }
}

let passed = 0;
let failed = 0;
let skipped = 0;
if (results) {
  passed = results.numPassedTests || 0;
  failed = results.numFailedTests || 0;
  skipped = (results.numPendingTests || 0) + (results.numTodoTests || 0);
  for (const suite of results.testResults || []) {
    if (suite.status === 'failed' && !(suite.assertionResults || []).some((a) => a.status === 'failed')) {
      // The suite did not run at all (syntax error, throw at import, failing beforeAll...).
      // Strip the terminal colour codes jest puts in its messages.
      // eslint-disable-next-line no-control-regex
      const plain = String(suite.message || '').replace(/\x1b\[[0-9;]*m/g, '');
      const firstLines = plain.split('\n').slice(0, 8).join('\n');
      problems.push(`suite failed to run: ${suite.name}\n${firstLines}`);
    }
    for (const test of suite.assertionResults || []) {
      if (test.status === 'failed') problems.push(`failed: ${test.fullName} (${suite.name})`);
      else if (test.status !== 'passed') problems.push(`${test.status}: ${test.fullName} (${suite.name}); CI must not skip tests`);
    }
  }
  if (failed > 0) problems.push(`${failed} test(s) failed`);
  if (skipped > 0) problems.push(`${skipped} test(s) skipped, pending or todo`);
  if (results.numFailedTestSuites > 0) problems.push(`${results.numFailedTestSuites} test suite(s) failed`);
  if (results.numRuntimeErrorTestSuites > 0) {
    problems.push(`${results.numRuntimeErrorTestSuites} test suite(s) failed to run`);
  }
  if (!results.numTotalTests) problems.push('no tests ran (numTotalTests is 0)');
  if (results.wasInterrupted) problems.push('the jest run was interrupted');
  if (results.success === false && problems.length === 0) problems.push('jest reported success: false');
}

const shown = problems.slice(0, 40);
if (problems.length > shown.length) shown.push(`... and ${problems.length - shown.length} more`);
for (const problem of shown) console.error(`check-jest-results: ${problem}`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exitCode = problems.length > 0 ? 1 : 0;
