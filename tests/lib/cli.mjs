// Drives `tessera-cli` (tessera-core over JSON lines) from JavaScript tests.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { repoRoot } from '../../scripts/lib/tools.mjs';

export const cliPath = join(repoRoot, 'target', 'debug', 'tessera-cli');

/** Starts one CLI process; `call(op, fields)` sends a request and resolves with its answer. */
export function startCli() {
  const child = spawn(cliPath, [], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const waiting = [];
  lines.on('line', (line) => waiting.shift()?.(JSON.parse(line)));
  return {
    call(op, fields = {}) {
      return new Promise((resolve) => {
        waiting.push(resolve);
        child.stdin.write(`${JSON.stringify({ op, ...fields })}\n`);
      });
    },
    /** Like `call`, but throws on an error answer. */
    async ok(op, fields = {}) {
      const answer = await this.call(op, fields);
      if (answer.error) throw new Error(`${op}: ${answer.error.code}`);
      return answer.ok;
    },
    close() {
      child.stdin.end();
    },
  };
}
