/**
 * A TCP proxy on 127.0.0.1 (port 0) in front of a real server, that a test can break in the two ways
 * a database goes away: `cut` (every open connection reset, new ones refused: a restart, a crash) and
 * `freeze` (nothing forwarded, nothing closed, new connections accepted and left waiting: a network
 * partition, a stuck load balancer). `restore` and `thaw` undo them on the same port.
 */
import net from 'node:net';

export interface TcpProxy {
  readonly port: number;
  /** Resets every connection through it and refuses new ones until `restore`. */
  cut(): Promise<void>;
  restore(): Promise<void>;
  /** Stops forwarding in both directions without closing anything, until `thaw`. */
  freeze(): void;
  /** Forwards again, late but in order, what was held (as TCP delivers after a partition heals). */
  thaw(): void;
  close(): Promise<void>;
}

interface Pair {
  client: net.Socket;
  upstream: net.Socket | null;
}

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  const pairs = new Set<Pair>();
  let frozen = false;

  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  };
  const connectUpstream = (pair: Pair) => {
    const upstream = net.connect(targetPort, targetHost);
    track(upstream);
    pair.upstream = upstream;
    pair.client.pipe(upstream).pipe(pair.client);
    pair.client.resume();
    upstream.on('close', () => pair.client.destroy());
  };
  const server = net.createServer((client) => {
    track(client);
    const pair: Pair = { client, upstream: null };
    pairs.add(pair);
    client.on('close', () => {
      pairs.delete(pair);
      pair.upstream?.destroy();
    });
    if (frozen) client.pause();
    else connectUpstream(pair);
  });
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve((server.address() as net.AddressInfo).port);
      });
    });
  const port = await listen(0);
  const cut = async () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of sockets) socket.resetAndDestroy();
    await closed;
  };
  return {
    port,
    cut,
    restore: async () => {
      await listen(port);
    },
    freeze: () => {
      frozen = true;
      for (const { client, upstream } of pairs) {
        if (!upstream) continue;
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
      }
    },
    thaw: () => {
      frozen = false;
      for (const pair of pairs) {
        if (!pair.upstream) {
          connectUpstream(pair);
          continue;
        }
        pair.client.pipe(pair.upstream).pipe(pair.client);
        pair.client.resume();
        pair.upstream.resume();
      }
    },
    close: cut,
  };
}
