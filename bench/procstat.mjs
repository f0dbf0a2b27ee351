// CPU time of process trees from /proc (Linux), to attribute each phase's cost per request to PostgreSQL, the
// service, the i'mport stand-in and the load generator. A tree's time is utime + stime + cutime + cstime of every
// live process under its root, so backends PostgreSQL has already reaped still count (in the postmaster's cutime).
import { readFileSync, readdirSync } from 'node:fs';

const HZ = 100; // getconf CLK_TCK on Linux x86-64 and arm64

function procTable() {
  const table = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      table.set(Number(entry), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]) });
    } catch {
      // the process ended while we listed it
    }
  }
  return table;
}

function treeTicks(table, root) {
  const children = new Map();
  for (const [pid, { ppid }] of table) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  let ticks = 0;
  const stack = [root];
  const seen = new Set();
  while (stack.length) {
    const pid = stack.pop();
    if (seen.has(pid)) continue;
    seen.add(pid);
    ticks += table.get(pid)?.ticks ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return ticks;
}

/** CPU seconds used so far by each named tree: `roots` maps a name to its root pid. */
export function cpuSeconds(roots) {
  const table = procTable();
  return Object.fromEntries(Object.entries(roots).map(([name, pid]) => [name, treeTicks(table, pid) / HZ]));
}

/** Ticks the whole machine spent busy and in all, to report how loaded it was during a phase. */
export function machineTicks() {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return { total: fields.reduce((a, b) => a + b, 0), idle: fields[3] + fields[4] };
}

/** Peak resident set size of a process (VmHWM), in MB. */
export function peakRssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/**
 * Milliseconds a process's main thread has been runnable but waiting for a CPU (schedstat's run_delay): the time the
 * event loop had work and the machine gave it no core.
 */
export function mainThreadRunDelayMs(pid) {
  const [, runDelayNs] = readFileSync(`/proc/${pid}/schedstat`, 'utf8').trim().split(' ').map(Number);
  return runDelayNs / 1e6;
}
