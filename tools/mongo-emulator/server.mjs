// Starts CongoDB, the in-memory MongoDB wire-protocol emulator shipped in @push.rocks/smartmongo@2.2.0,
// because no real mongod can be installed on CI. Port: ESM_MONGO_EMULATOR_PORT (default 27017),
// bound to 127.0.0.1 unless ESM_MONGO_EMULATOR_HOST says otherwise (the image .ci/test-stack.sh
// builds listens on 0.0.0.0 of its own container network). The package is unpacked by .ci/install-mongo-emulator.sh (npm cannot
// install it: one of its dependencies is missing from the registry).
import { CongoServer } from './node_modules/@push.rocks/smartmongo/dist_ts/congodb/index.js';

const port = Number.parseInt(process.env.ESM_MONGO_EMULATOR_PORT ?? '27017', 10);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error(`mongo-emulator: invalid ESM_MONGO_EMULATOR_PORT: ${process.env.ESM_MONGO_EMULATOR_PORT}`);
  process.exit(2);
}

const host = process.env.ESM_MONGO_EMULATOR_HOST ?? '127.0.0.1';
const server = new CongoServer({ port, host });
await server.start();
console.log(`mongo-emulator: CongoDB listening on mongodb://${host}:${port} (pid ${process.pid})`);

let stopping = false;
async function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`mongo-emulator: ${signal} received, stopping`);
  // Do not hang on a stuck client: exit anyway after 5 s.
  setTimeout(() => process.exit(1), 5000).unref();
  try {
    await server.stop();
    process.exit(0);
  } catch (err) {
    console.error('mongo-emulator: error while stopping:', err);
    process.exit(1);
  }
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
