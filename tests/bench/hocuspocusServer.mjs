// @hocuspocus/server as `pnpm bench` runs it: the stock Server with its
// defaults (documents batched per event-loop turn, flushDelay 0; unloaded
// when their last client leaves) and no extension, so, like
// @y/websocket-server, it keeps documents in memory only. Plain JavaScript,
// so node runs it without a loader that would count in its CPU and memory.
// SIGTERM: the Server stops itself (stopOnSignals) and exits 0, which lets
// --cpu-prof write its profile.
import { Server } from '@hocuspocus/server';

const server = new Server({
  port: 0,
  address: process.env.HOST ?? '127.0.0.1',
  quiet: true,
});
await server.listen();
console.log(`listening ${server.address.port}`);
