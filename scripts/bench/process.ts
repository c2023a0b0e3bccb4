/**
 * Runs a child process and measures it: wall time, peak resident memory, and a memory timeline with the
 * child's stderr lines placed on it (so a log line such as "file X: n observations" shows what the memory
 * was when that file was done).
 *
 * Peak memory is the kernel's own high-water mark, not a sample: `/usr/bin/time` (GNU time, `%M`, the
 * largest resident set of the process tree) when it is installed, otherwise VmHWM read from
 * `/proc/<pid>/status` every `sampleMs` (which can miss a spike in the last interval before exit).
 * CPU time (user + system, all threads and waited-for children) comes from GNU time too, and is null
 * without it; on a shared machine it varies much less with the load than wall time does.
 * Linux only, which is what the project runs on.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const GNU_TIME = '/usr/bin/time';

export interface MemorySample {
  /** ms since the child was started. */
  atMs: number;
  rssMb: number;
}

export interface LogLine {
  atMs: number;
  /** Resident memory of the child at the last sample before this line, MB. */
  rssMb: number;
  text: string;
}

export interface ProcessMeasure {
  command: string;
  exitCode: number | null;
  wallMs: number;
  /** User + system CPU time, ms; null when GNU time is not installed. */
  cpuMs: number | null;
  /** Peak resident set size, MB (see the module note for how it is read). */
  peakRssMb: number;
  /** How the peak was read: "gnu-time" or "proc-vmhwm". */
  peakFrom: 'gnu-time' | 'proc-vmhwm';
  samples: MemorySample[];
  stderr: LogLine[];
  stdout: string;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Sampling interval of the memory timeline, ms (default 100). */
  sampleMs?: number;
  /** Called with each stderr line as it arrives (e.g. to echo progress). */
  onLine?: (line: string) => void;
}

/** Runs a TypeScript file with Node and tsx in one process (no tsx CLI wrapper), measured. */
export function runTs(script: string, args: string[], options: RunOptions = {}): Promise<ProcessMeasure> {
  return runMeasured(process.execPath, ['--import', 'tsx', script, ...args], options);
}

/** Status fields of a live process in kB, or null when it has gone. */
function procStatus(pid: number): { rssKb: number; hwmKb: number } | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0);
    return { rssKb: field('VmRSS'), hwmKb: field('VmHWM') };
  } catch {
    return null;
  }
}

/** Direct children of a process (needs a kernel with /proc/<pid>/task/<pid>/children). */
function childrenOf(pid: number): number[] {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** Runs `command args`, measured as described in the module note. Never throws on a non-zero exit. */
export function runMeasured(command: string, args: string[], options: RunOptions = {}): Promise<ProcessMeasure> {
  const sampleMs = options.sampleMs ?? 100;
  const useTime = fs.existsSync(GNU_TIME);
  const timeOut = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-time-')), 'time.txt');
  const [cmd, argv] = useTime ? [GNU_TIME, ['-f', '%M %U %S', '-o', timeOut, command, ...args]] : [command, args];
  const started = performance.now();
  const child = spawn(cmd, argv, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const samples: MemorySample[] = [];
  const stderr: LogLine[] = [];
  let stdout = '';
  let hwmKb = 0;
  const now = () => performance.now() - started;
  const lastRss = () => samples.at(-1)?.rssMb ?? 0;

  // With GNU time the measured program is time's child; sample that one.
  const target = (): number | null => {
    if (child.pid === undefined) return null;
    return useTime ? childrenOf(child.pid)[0] ?? null : child.pid;
  };
  const sample = () => {
    const pid = target();
    const s = pid === null ? null : procStatus(pid);
    if (!s) return;
    hwmKb = Math.max(hwmKb, s.hwmKb);
    samples.push({ atMs: now(), rssMb: s.rssKb / 1024 });
  };
  const timer = setInterval(sample, sampleMs);

  let pending = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    sample();
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const text of lines) {
      stderr.push({ atMs: now(), rssMb: lastRss(), text });
      options.onLine?.(text);
    }
  });
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => (stdout += chunk));

  return new Promise((resolve, reject) => {
    child.on('error', (e) => {
      clearInterval(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearInterval(timer);
      const wallMs = now();
      if (pending) stderr.push({ atMs: wallMs, rssMb: lastRss(), text: pending });
      let peakKb = hwmKb;
      let peakFrom: ProcessMeasure['peakFrom'] = 'proc-vmhwm';
      let cpuMs: number | null = null;
      if (useTime) {
        // GNU time writes "Command exited with non-zero status N" before the figures on failure.
        const [maxKb, user, system] = (fs.readFileSync(timeOut, 'utf8').trim().split('\n').at(-1) ?? '').split(' ').map(Number);
        if (maxKb !== undefined && Number.isFinite(maxKb) && maxKb > 0) {
          peakKb = maxKb;
          peakFrom = 'gnu-time';
        }
        if (user !== undefined && system !== undefined && Number.isFinite(user + system)) cpuMs = (user + system) * 1000;
        fs.rmSync(path.dirname(timeOut), { recursive: true, force: true });
      }
      resolve({ command: [command, ...args].join(' '), exitCode: code, wallMs, cpuMs, peakRssMb: peakKb / 1024, peakFrom, samples, stderr, stdout });
    });
  });
}
