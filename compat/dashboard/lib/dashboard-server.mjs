// Starts the npm parse-dashboard (its own CLI, as an operator runs it) against a Parsec node, with one
// dashboard user, on a free port; resolves once it listens.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export async function startDashboard({ serverURL, appId, masterKey, user, pass, appName }) {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'parsec-dashboard-'));
  const config = join(dir, 'parse-dashboard-config.json');
  writeFileSync(config, JSON.stringify({
    apps: [{ serverURL, appId, masterKey, appName }],
    users: [{ user, pass }],
    trustProxy: 1,
  }));
  const bin = join(here, '..', 'node_modules', 'parse-dashboard', 'bin', 'parse-dashboard');
  const child = spawn(process.execPath, [bin, '--config', config, '--host', '127.0.0.1', '--port', String(port),
    '--allowInsecureHTTP', 'true', '--cookieSessionSecret', 'parsec-dashboard-test-secret'],
  { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', d => { output += d; });
  child.stderr.on('data', d => { output += d; });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`parse-dashboard exited with ${child.exitCode}:\n${output}`);
    }
    try {
      const res = await fetch(`${url}/login`);
      if (res.status < 500) {
        return { url, output: () => output, stop: () => child.kill('SIGTERM') };
      }
    } catch {
      // not listening yet
    }
    await new Promise(r => setTimeout(r, 200));
  }
  child.kill('SIGKILL');
  throw new Error(`parse-dashboard did not start in 30 s:\n${output}`);
}
