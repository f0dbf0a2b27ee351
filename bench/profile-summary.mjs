// Where a process's CPU went, from a V8 .cpuprofile (node --cpu-prof): self time by module and by function.
//   node bench/profile-summary.mjs FILE.cpuprofile [--from-us N --to-us N] [--requests N] [--top 25]
// --from-us/--to-us keep only the samples taken in that window (CLOCK_MONOTONIC µs, as process.hrtime and the
// profile's own timestamps on Linux); --requests divides the self times by the requests served in it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

const SPECIAL = { '(idle)': '(idle)', '(program)': '(program: native, outside JS)', '(garbage collector)': '(garbage collector)', '(root)': '(root)' };

/** The module a call frame belongs to: an npm package, a part of the service, a part of Node, or native code. */
export function moduleOf({ functionName, url }) {
  if (SPECIAL[functionName] && !url) return SPECIAL[functionName];
  if (!url) return '(native: bindings and builtins)';
  const file = url.replace(/^file:\/\//, '');
  const packaged = /.*\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  if (packaged) return packaged[1];
  if (file.startsWith('node:')) {
    const parts = file.slice('node:'.length).split('/');
    return `node:${parts[0] === 'internal' && parts.length > 1 ? parts[1].replace(/\.js$/, '') : parts[0]}`;
  }
  const dist = /\/dist\/(.+)$/.exec(file);
  if (dist) {
    const parts = dist[1].split('/');
    return `service: ${parts.length > 1 ? parts[0] : parts[0].replace(/\.js$/, '')}`;
  }
  return path.basename(file);
}

function shortLocation({ url, lineNumber }) {
  if (!url) return '';
  const file = url.replace(/^file:\/\//, '');
  const short = file.includes('/node_modules/') ? file.slice(file.lastIndexOf('/node_modules/') + '/node_modules/'.length) : file.includes('/dist/') ? file.slice(file.lastIndexOf('/dist/') + 1) : file;
  return `${short}:${lineNumber + 1}`;
}

/**
 * Self time per module and per function, in ms, over the samples in [fromUs, toUs]. Each sample weighs the time to
 * the next one. `busyMs` leaves idle out; shares are of busy time.
 */
export function summarize(profile, { fromUs = -Infinity, toUs = Infinity, requests, top = 25 } = {}) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const byModule = new Map();
  const byFunction = new Map();
  let totalUs = 0;
  let idleUs = 0;
  let t = profile.startTime;
  const times = profile.timeDeltas.map((delta) => (t += delta));
  for (let i = 0; i < profile.samples.length; i += 1) {
    const at = times[i];
    if (at < fromUs || at > toUs) continue;
    const weight = i + 1 < times.length ? times[i + 1] - at : 0;
    if (weight <= 0) continue;
    const frame = nodes.get(profile.samples[i]).callFrame;
    const module = moduleOf(frame);
    totalUs += weight;
    if (module === '(idle)') {
      idleUs += weight;
      continue;
    }
    byModule.set(module, (byModule.get(module) ?? 0) + weight);
    const key = `${frame.functionName || '(anonymous)'}\t${shortLocation(frame)}\t${module}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + weight);
  }
  const busyUs = totalUs - idleUs;
  const row = (us) => ({ ms: +(us / 1000).toFixed(1), share: busyUs ? +((100 * us) / busyUs).toFixed(1) : 0, msPerRequest: requests ? +(us / 1000 / requests).toFixed(4) : undefined });
  const sorted = (map) => [...map].sort((a, b) => b[1] - a[1]);
  return {
    windowMs: +(totalUs / 1000).toFixed(1),
    busyMs: +(busyUs / 1000).toFixed(1),
    idleShare: totalUs ? +((100 * idleUs) / totalUs).toFixed(1) : 0,
    requests,
    busyMsPerRequest: requests ? +(busyUs / 1000 / requests).toFixed(3) : undefined,
    byModule: sorted(byModule).slice(0, top).map(([module, us]) => ({ module, ...row(us) })),
    byFunction: sorted(byFunction)
      .slice(0, top)
      .map(([key, us]) => {
        const [fn, location, module] = key.split('\t');
        return { function: fn, location, module, ...row(us) };
      }),
  };
}

/** The summary as markdown: two tables of self time, shares of the busy (non-idle) time. */
export function toMarkdown(summary) {
  const perRequest = summary.requests !== undefined;
  const lines = [
    `Sampled ${summary.windowMs} ms of the service's main thread; busy ${summary.busyMs} ms (idle ${summary.idleShare} %)` +
      (perRequest ? `; ${summary.requests} requests, ${summary.busyMsPerRequest} ms busy per request.` : '.'),
    '',
    `| module (self time) | ms | % of busy |${perRequest ? ' ms per request |' : ''}`,
    `|---|---:|---:|${perRequest ? '---:|' : ''}`,
    ...summary.byModule.map((m) => `| ${m.module} | ${m.ms} | ${m.share} |${perRequest ? ` ${m.msPerRequest} |` : ''}`),
    '',
    '| function (self time) | where | ms | % of busy |',
    '|---|---|---:|---:|',
    ...summary.byFunction.map((f) => `| ${f.function} | ${f.location || f.module} | ${f.ms} | ${f.share} |`),
  ];
  return lines.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === new URL(import.meta.url).pathname) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { 'from-us': { type: 'string' }, 'to-us': { type: 'string' }, requests: { type: 'string' }, top: { type: 'string', default: '25' } },
  });
  if (positionals.length !== 1) {
    console.error('usage: node bench/profile-summary.mjs FILE.cpuprofile [--from-us N --to-us N] [--requests N] [--top 25]');
    process.exit(2);
  }
  const profile = JSON.parse(readFileSync(positionals[0], 'utf8'));
  const summary = summarize(profile, {
    fromUs: values['from-us'] ? Number(values['from-us']) : undefined,
    toUs: values['to-us'] ? Number(values['to-us']) : undefined,
    requests: values.requests ? Number(values.requests) : undefined,
    top: Number(values.top),
  });
  console.log(toMarkdown(summary));
}
