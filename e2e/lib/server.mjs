// The server under test: `chaperone serve` built from this checkout and
// started on a free port with a fresh SQLite database full of demo data.

import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createWriteStream, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root: e2e/ sits in it. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

// go is on PATH on a developer's machine; CI's PATH may lack the default
// install directory.
function goBinary() {
  if (process.env.GO) return process.env.GO;
  for (const dir of (process.env.PATH || '').split(':')) {
    if (dir && existsSync(join(dir, 'go'))) return join(dir, 'go');
  }
  return existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : 'go';
}

function run(cmd, args, opts) {
  return new Promise((ok, fail) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], ...opts });
    p.on('error', fail);
    p.on('exit', (code, signal) =>
      code === 0 ? ok() : fail(new Error(`${cmd} ${args.join(' ')}: exit ${code ?? signal}`)));
  });
}

/**
 * startServer builds ./cmd/chaperone into a temporary directory, starts
 * `chaperone serve --addr 127.0.0.1:0` on a new database there, and
 * resolves once the server's "listening" line gives its address.
 * The server's log goes to server.log beside the database; stop() kills
 * the server and removes the directory (with keep, only the binary, so
 * that a failed run's log and screenshots can be read).
 */
export async function startServer({ startTimeoutMs = 60_000 } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'chaperone-e2e-'));
  const bin = join(dir, 'chaperone');
  const started = Date.now();
  await run(goBinary(), ['build', '-o', bin, './cmd/chaperone'], { cwd: repoRoot });
  const buildMs = Date.now() - started;

  const logPath = join(dir, 'server.log');
  const log = createWriteStream(logPath);
  const lines = [];
  const warnings = []; // every WARN and ERROR line

  const child = spawn(bin, ['serve', '--addr', '127.0.0.1:0', '--db', join(dir, 'e2e.db'), '--demo=true'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    // The environment's CHAPERONE_* settings (a policy, a database URL)
    // would change the server under test.
    env: Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CHAPERONE_'))),
  });
  const remember = (chunk) => {
    log.write(chunk);
    for (const line of chunk.toString().split('\n')) {
      if (!line) continue;
      lines.push(line);
      if (/ level=(WARN|ERROR) /.test(line)) warnings.push(line);
    }
    if (lines.length > 400) lines.splice(0, lines.length - 400);
  };
  child.stdout.on('data', remember);

  let exited = false;
  const exit = new Promise((ok) => child.on('exit', (code, signal) => { exited = true; ok(code ?? signal); }));
  // A test run that dies must not leave the server behind.
  const killOnExit = () => { if (!exited) child.kill('SIGKILL'); };
  process.on('exit', killOnExit);

  const url = await new Promise((ok, fail) => {
    let buf = '';
    const timer = setTimeout(() => fail(new Error(`server did not say "listening" within ${startTimeoutMs} ms:\n${lines.slice(-20).join('\n')}`)), startTimeoutMs);
    child.stderr.on('data', (chunk) => {
      remember(chunk);
      buf += chunk.toString();
      // slog's text handler: msg=listening addr=http://127.0.0.1:PORT ...
      const m = /msg=listening addr=(http:\/\/127\.0\.0\.1:\d+)/.exec(buf);
      if (m) { clearTimeout(timer); ok(m[1]); }
    });
    exit.then((code) => { clearTimeout(timer); fail(new Error(`server exited (${code}) before listening:\n${lines.slice(-20).join('\n')}`)); });
  });

  return {
    url,
    dir,
    logPath,
    buildMs,
    /** The WARN and ERROR lines the server has logged so far. */
    warnings: () => warnings.slice(),
    /** The server's last log lines, for a failure message. */
    tail: (n = 30) => lines.slice(-n).join('\n'),
    async stop({ keep = false } = {}) {
      if (!exited) {
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exit;
        clearTimeout(t);
      }
      process.off('exit', killOnExit);
      await new Promise((ok) => log.end(ok));
      await rm(keep ? bin : dir, { recursive: true, force: true });
    },
  };
}
