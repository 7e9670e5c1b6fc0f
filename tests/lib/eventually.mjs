// Waits for something the edge does after it answers (a webhook processed, a dispute opened),
// asking again every 200 ms instead of sleeping a fixed time.
import { setTimeout as sleep } from 'node:timers/promises';

export async function eventually(check, ms = 15_000) {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error('timed out waiting');
    await sleep(200);
  }
}
