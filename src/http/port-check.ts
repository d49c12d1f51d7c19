import { createServer } from 'node:net';

/** The port the service is to listen on is taken (or not ours to take). */
export class PortUnavailableError extends Error {}

/** Binds HOST:PORT once and lets it go, so a taken port is refused before anything is started or
 * copied (a new embedded database, migrations). PORT=0 asks for any free port: nothing to check. */
export async function assertPortFree(host: string, port: number): Promise<void> {
  if (port === 0) return;
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', (error: NodeJS.ErrnoException) => reject(portError(error, host, port)));
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve()));
  });
}

/** One line that says what to do, for the errors listen() gives on a port we cannot have. */
export function portError(error: NodeJS.ErrnoException, host: string, port: number): Error {
  if (error.code === 'EADDRINUSE') return new PortUnavailableError(`Port ${port} on ${host} is in use: stop the process that holds it, or set PORT to another port.`);
  if (error.code === 'EACCES') return new PortUnavailableError(`Port ${port} on ${host} needs privileges this process lacks: set PORT to a port above 1023.`);
  if (error.code === 'EADDRNOTAVAIL') return new PortUnavailableError(`HOST ${host} is not an address of this machine: set HOST to one of its addresses (e.g. 127.0.0.1).`);
  return error;
}
