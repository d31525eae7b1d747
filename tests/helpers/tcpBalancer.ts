import { connect, createServer, type Server, type Socket } from 'node:net';

/** A stand-in for a cluster's load balancer; see {@link startTcpBalancer}. */
export interface TcpBalancer {
  readonly port: number;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** `ws://127.0.0.1:<port>/sync` */
  readonly wsUrl: string;
  /** Cuts every relayed connection at once (as a network failure would). */
  dropConnections(): void;
  /** Closes the listener and every relayed connection. */
  close(): Promise<void>;
}

/**
 * A TCP load balancer for tests: each incoming connection is relayed to the
 * next backend port in turn; a backend that refuses the connection (a killed
 * instance) is skipped for the next one. Like a real balancer with health
 * checks, it is how clients of a dead instance reach a live one when they
 * reconnect. With no backends (an empty list) every connection is refused,
 * which with {@link TcpBalancer.dropConnections} also makes a cuttable link
 * to one service (a database).
 */
export async function startTcpBalancer(
  backendPorts: () => readonly number[],
): Promise<TcpBalancer> {
  const sockets = new Set<Socket>();
  let next = 0;
  const relay = (client: Socket, attempt: number) => {
    const ports = backendPorts();
    if (attempt >= ports.length) {
      client.destroy();
      return;
    }
    const port = ports[next++ % ports.length] as number;
    const backend = connect({ host: '127.0.0.1', port });
    sockets.add(backend);
    let connected = false;
    backend.once('connect', () => {
      connected = true;
      backend.on('error', () => client.destroy());
      client.on('error', () => backend.destroy());
      client.pipe(backend);
      backend.pipe(client);
      backend.on('close', () => client.destroy());
      client.on('close', () => backend.destroy());
    });
    backend.once('error', () => {
      sockets.delete(backend);
      if (!connected) relay(client, attempt + 1);
    });
  };
  const server: Server = createServer((client) => {
    sockets.add(client);
    // Held until a backend takes it; piping resumes it.
    client.pause();
    relay(client, 0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('balancer did not listen');
  const { port } = address;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/sync`,
    dropConnections() {
      for (const socket of sockets) socket.destroy();
      sockets.clear();
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
