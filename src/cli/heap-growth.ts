import v8 from 'node:v8';

/**
 * Lets V8's old space grow to twice its live data between full collections, not the four times it
 * allows by default. The service keeps 40 MB alive, yet a burst of webhooks or an export of 100,000
 * rows left 290–320 MB resident, all of it garbage waiting for a collection; with this, 190–215 MB
 * (issue 17 part 5, bench/README.md). It costs more frequent full collections of a small heap during a
 * burst, far beyond a campus's traffic; a small VM's memory is the scarcer of the two. V8 reads the
 * flag at each full collection, so setting it at start works (NODE_OPTIONS does not accept it).
 */
export function boundHeapGrowth(): void {
  v8.setFlagsFromString('--heap-growing-percent=100');
}
