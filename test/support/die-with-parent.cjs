// Preloaded into the services the tests start as child processes: exit as soon as the test
// process that started us is gone, so a jest worker killed mid-test (its 'exit' handlers never
// run) cannot leave a service running after the suite.
'use strict';
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.exit(1);
}, 500).unref();
