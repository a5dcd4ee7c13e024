// Independent GPT-2 BPE reference for the tokenizer parity tests and benchmark: npm gpt-3-encoder@1.1.4.
// Reads JSON lines {"text": "..."} on stdin, writes one JSON line {"ids": [...]} per input line to stdout.
// With --stats, prints to stderr the UTF-8 bytes encoded per second of encode time, both as process CPU time
// (user + system, the fair figure on a shared machine) and wall-clock time.
// Install once: cd tools/reference && npm ci
'use strict';
const { encode } = require('gpt-3-encoder');
const readline = require('readline');

const stats = process.argv.includes('--stats');
const input = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
const out = [];
let bytes = 0;
let seconds = 0;
let cpuMicros = 0;
let lineNo = 0;

input.on('line', line => {
  lineNo++;
  if (line.trim().length === 0) return;
  let text;
  try {
    text = JSON.parse(line).text;
  } catch (e) {
    process.stderr.write(`stdin line ${lineNo}: not valid JSON: ${e.message}\n`);
    process.exit(2);
  }
  if (typeof text !== 'string') {
    process.stderr.write(`stdin line ${lineNo}: no string field "text"\n`);
    process.exit(2);
  }
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const ids = encode(text);
  const used = process.cpuUsage(cpu);
  cpuMicros += used.user + used.system;
  seconds += Number(process.hrtime.bigint() - start) / 1e9;
  bytes += Buffer.byteLength(text, 'utf8');
  out.push(JSON.stringify({ ids }));
});

input.on('close', () => {
  process.stdout.write(out.length ? out.join('\n') + '\n' : '');
  if (stats) {
    const cpuSeconds = cpuMicros / 1e6;
    const perCpu = bytes / 1e6 / Math.max(cpuSeconds, 1e-9);
    const perWall = bytes / 1e6 / Math.max(seconds, 1e-9);
    process.stderr.write(`reference: ${out.length} lines, ${(bytes / 1e6).toFixed(2)} MB; ` +
      `${cpuSeconds.toFixed(3)} s CPU = ${perCpu.toFixed(2)} MB/s, ${seconds.toFixed(3)} s wall = ${perWall.toFixed(2)} MB/s\n`);
  }
});
