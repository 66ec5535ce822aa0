// Load generators: autocannon (closed loop, N connections) and a fixed-rate open loop.
import http from 'node:http';
import autocannon from 'autocannon';

let sequence = 0;

/** A private-chat payload shaped like a real Fonnte delivery (shared/fonnte-notes.md), unique by its text and timestamp. */
function fonntePayload(sender: string, text: string): string {
  sequence += 1;
  return JSON.stringify({
    quick: false,
    device: '6281100000000',
    pesan: text,
    pengirim: sender,
    member: '',
    message: text,
    text: 'non-button message',
    sender,
    name: 'Pelapor Bench',
    location: '',
    url: '',
    type: 'text',
    extension: '',
    filename: '',
    pollname: '',
    choices: [],
    inboxid: 0,
    isgroup: false,
    isforwarded: false,
    timestamp: 1_760_000_000 + sequence,
  });
}

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  /** 200 with {"status":"accepted"}: stored, to be processed. */
  accepted: number;
  /** The keys (`<tag>-<n>`) of the accepted messages. */
  ackedKeys: Set<string>;
  /** Requests started; those still in flight when the run stopped may be stored without an answer. */
  started: number;
  /** Anything else: other statuses, errors, timeouts. */
  failed: number;
  seconds: number;
}

/**
 * `connections` clients posting `#request <tag>-<n> …` webhooks for `seconds`, each request a
 * new message from one of `senders`. Counts the acknowledgements so the run can be verified.
 */
export async function webhookLoad(o: {
  baseUrl: string;
  tag: string;
  senders: string[];
  connections: number;
  seconds: number;
  command?: 'request' | 'cek';
}): Promise<LoadResult> {
  let n = 0;
  let other = 0;
  const ackedKeys = new Set<string>();
  const result = await autocannon({
    url: `${o.baseUrl}/webhooks/fonnte?secret=test-secret`,
    connections: o.connections,
    duration: o.seconds,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        // One request in flight per connection: the context autocannon keeps per connection tells which message an answer is for.
        setupRequest: (req, context) => {
          n += 1;
          (context as { key?: string }).key = `${o.tag}-${n}`;
          return {
            ...req,
            body: fonntePayload(o.senders[n % o.senders.length]!, `#${o.command ?? 'request'} ${o.tag}-${n} lampu kelas ${n % 97} mati`),
          };
        },
        onResponse: (status, body, context) => {
          if (status === 200 && body.includes('"accepted"')) ackedKeys.add((context as { key: string }).key);
          else other += 1;
        },
      },
    ],
  });
  return {
    rps: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    accepted: ackedKeys.size,
    ackedKeys,
    started: n,
    failed: other + result.errors + result.timeouts,
    seconds: result.duration,
  };
}

/**
 * Open loop: `rate` new messages per second for `seconds`, sent on schedule whether or not
 * earlier ones were answered (a burst of complaints does not wait for us). Returns when
 * each was sent and answered.
 */
export async function fixedRate(o: { baseUrl: string; tag: string; senders: string[]; rate: number; seconds: number }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const sent = new Map<string, { at: number; status?: number; ackMs?: number }>();
  const total = Math.round(o.rate * o.seconds);
  const start = performance.now() + 50;
  const posts: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / o.rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const key = `${o.tag}-${i}`;
    const body = fonntePayload(o.senders[i % o.senders.length]!, `#request ${key} kipas angin ${i % 13} rusak`);
    const entry: { at: number; status?: number; ackMs?: number } = { at: Date.now() };
    sent.set(key, entry);
    posts.push(
      post(`${o.baseUrl}/webhooks/fonnte?secret=test-secret`, body, agent).then((status) => {
        entry.status = status;
        entry.ackMs = Date.now() - entry.at;
      }),
    );
  }
  await Promise.all(posts);
  agent.destroy();
  return sent;
}

function post(url: string, body: string, agent: http.Agent): Promise<number> {
  return new Promise((resolve) => {
    const req = http.request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', () => resolve(0));
    req.end(body);
  });
}
