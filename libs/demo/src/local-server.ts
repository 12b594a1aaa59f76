import type http from 'node:http';

/** Listens on 127.0.0.1 only; a port in use is an error that says which port and what to do. */
export function listen(server: http.Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (error.code === 'EADDRINUSE')
        reject(
          new Error(`port ${port} on 127.0.0.1 is in use (is another demo running?); choose another port`),
        );
      else reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, '127.0.0.1');
  });
}

/** Stops a server now: open connections (keep-alive ones, and requests left unanswered) are dropped. */
export function stopServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
