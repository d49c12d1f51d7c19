// What a process still holds, measured the way a heap snapshot would be: a service started with
// `--inspect=127.0.0.1:0` is asked over the DevTools protocol to collect garbage fully, then for
// its heap usage. RSS also moves with the allocator and V8's heap sizing, and V8's own full
// collections come too rarely (one per ~3,000 removals) to show a trend.
import WebSocket from 'ws';

const LISTENING = /Debugger listening on (ws:\/\/127\.0\.0\.1:\d+\/[\w-]+)/;

export class HeapProbe {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (result: unknown) => void; reject: (error: Error) => void }>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { id?: number; result?: unknown; error?: { message: string } };
      const waiter = message.id === undefined ? undefined : this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id!);
      if (message.error) waiter.reject(new Error(message.error.message));
      else waiter.resolve(message.result);
    });
  }

  /** Connects to the inspector whose address the process printed in `output`. */
  static async connect(output: string): Promise<HeapProbe> {
    const url = LISTENING.exec(output)?.[1];
    if (!url) throw new Error('the process printed no inspector address (was it started with --inspect=127.0.0.1:0?)');
    const socket = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    return new HeapProbe(socket);
  }

  /** MiB of JavaScript heap in use right after a full collection. */
  async liveHeapMiB(): Promise<number> {
    await this.call('HeapProfiler.collectGarbage');
    const { usedSize } = (await this.call('Runtime.getHeapUsage')) as { usedSize: number };
    return usedSize / 2 ** 20;
  }

  close(): void {
    this.socket.close();
  }

  private call(method: string): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.socket.send(JSON.stringify({ id, method }));
    });
  }
}
