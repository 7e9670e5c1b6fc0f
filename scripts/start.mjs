// `npm start`: build everything and run the local system until Ctrl-C.
import { build } from './build.mjs';
import { banner, runEdge } from './edge.mjs';

build();
const running = await runEdge({ quiet: true });
console.log(banner(running));
console.log('Press Ctrl-C to stop.');
const stop = async () => { await running.edge.stop(); process.exit(0); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
