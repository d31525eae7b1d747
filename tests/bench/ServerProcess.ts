import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

/** How to start one server under test and how to tell it is listening. */
export interface ServerLaunch {
  readonly label: string;
  readonly args: readonly string[];
  readonly env: Record<string, string>;
  /** The listening port if `line` (stdout or stderr) announces it. */
  readonly readyPort: (line: string) => number | undefined;
}

const clockTicksPerSecond = 100;

/**
 * A server under test, run as its own `node` child so its CPU time can be
 * read from /proc without counting the bench's clients.
 */
export class ServerProcess {
  readonly #child: ChildProcess;
  readonly #launch: ServerLaunch;
  readonly #output: string[];
  readonly port: number;

  private constructor(child: ChildProcess, launch: ServerLaunch, port: number, output: string[]) {
    this.#child = child;
    this.#launch = launch;
    this.port = port;
    this.#output = output;
  }

  static start(launch: ServerLaunch, timeoutMs = 15_000): Promise<ServerProcess> {
    const child = spawn(process.execPath, [...launch.args], {
      env: { ...process.env, ...launch.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    // Never leave a server behind when the bench ends early (Ctrl-C, an uncaught error).
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    child.once('exit', () => process.off('exit', killOnExit));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(
          new Error(`${launch.label} did not start in ${timeoutMs} ms:\n${output.join('\n')}`),
        );
      }, timeoutMs);
      const onLine = (line: string) => {
        output.push(line);
        if (output.length > 50) output.shift();
        const port = launch.readyPort(line);
        if (port !== undefined) {
          clearTimeout(timer);
          resolve(new ServerProcess(child, launch, port, output));
        }
      };
      // Always drained, so a chatty server never blocks on a full pipe.
      if (child.stdout) createInterface({ input: child.stdout }).on('line', onLine);
      if (child.stderr) createInterface({ input: child.stderr }).on('line', onLine);
      child.once('error', reject);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`${launch.label} exited (${code ?? signal}):\n${output.join('\n')}`));
      });
    });
  }

  get pid(): number {
    return this.#pid();
  }

  get label(): string {
    return this.#launch.label;
  }

  /** Last lines the server printed, for error reports. */
  recentOutput(): string {
    return this.#output.join('\n');
  }

  /**
   * CPU time the server process has used so far (ms), user and system. Read
   * from the scheduler's own accounting (`schedstat`, nanoseconds, summed over
   * the threads) where the kernel has it: `stat`'s utime and stime are
   * sampled at clock ticks, and a server busy for bursts of a fraction of a
   * millisecond gets only a few hundred samples in a measured window: a
   * sampling error of several percent on top of the machine's noise. Node's
   * threads live as long as the process, so none of them takes its time away
   * by exiting mid-window.
   */
  cpuTimeMs(): number {
    const pid = this.#pid();
    if (existsSync(`/proc/${pid}/schedstat`)) {
      let nanoseconds = 0;
      for (const thread of readdirSync(`/proc/${pid}/task`)) {
        nanoseconds += threadRuntimeNs(`/proc/${pid}/task/${thread}/schedstat`);
      }
      return nanoseconds / 1e6;
    }
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name, which may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return ((utime + stime) * 1000) / clockTicksPerSecond;
  }

  /** Peak resident memory of the server process since start or {@link resetPeakRss} (MiB). */
  peakRssMiB(): number {
    return this.#statusMiB('VmHWM');
  }

  /** Resident memory of the server process now (MiB). */
  rssMiB(): number {
    return this.#statusMiB('VmRSS');
  }

  /**
   * Starts a new peak (`VmHWM`) at the current resident size, so a
   * workload's peak is not an earlier one's: writing 5 to `clear_refs`
   * resets it (Linux ≥ 4.0). Left as is where the kernel refuses.
   */
  resetPeakRss(): void {
    try {
      writeFileSync(`/proc/${this.#pid()}/clear_refs`, '5');
    } catch {
      // The peak then covers the process's whole life, as before.
    }
  }

  /** SIGTERM (lets `--cpu-prof` write its profile), SIGKILL after 10 s. */
  async stop(): Promise<void> {
    const child = this.#child;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  #statusMiB(field: 'VmHWM' | 'VmRSS'): number {
    const status = readFileSync(`/proc/${this.#pid()}/status`, 'utf8');
    const kib = Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
    return kib / 1024;
  }

  #pid(): number {
    const pid = this.#child.pid;
    if (pid === undefined) throw new Error(`${this.#launch.label} has no pid`);
    return pid;
  }
}

/** Time a thread has run (ns), from its `schedstat`; 0 if it ended since the directory was listed. */
function threadRuntimeNs(path: string): number {
  try {
    return Number(readFileSync(path, 'utf8').split(' ')[0]);
  } catch {
    return 0;
  }
}
