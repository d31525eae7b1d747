import { type AttackConfig, emptyAttackStats, runAttacks } from './hostileAttacks.js';

/**
 * The fuzz scenario's attacker process: `node --import tsx fuzzAttacker.ts`
 * with `CHAOS_ATTACK_CONFIG` (an `AttackConfig` as JSON). Once loaded it
 * prints `ready` and waits for a first line on stdin (so its start-up is
 * not part of the fuzzed window); then it attacks until a second line
 * arrives or stdin closes, printing its running totals as a JSON line every
 * 250 ms, and a last line with `final: true` before it exits.
 */

const config = JSON.parse(process.env.CHAOS_ATTACK_CONFIG ?? 'null') as AttackConfig | null;
if (config === null) throw new Error('CHAOS_ATTACK_CONFIG is not set');
let stop = false;
let lines = 0;
let go: () => void = () => {};
const started = new Promise<void>((resolve) => {
  go = resolve;
});
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk: string) => {
  lines += chunk.split('\n').length - 1;
  if (lines >= 1) go();
  if (lines >= 2) stop = true;
});
process.stdin.on('end', () => {
  go();
  stop = true;
});
process.stdout.write('ready\n');
await started;
const stats = emptyAttackStats();
const report = () => process.stdout.write(`${JSON.stringify(stats)}\n`);
const progress = setInterval(report, 250);
await runAttacks(config, () => stop, stats);
clearInterval(progress);
process.stdout.write(`${JSON.stringify({ ...stats, final: true })}\n`, () => process.exit(0));
