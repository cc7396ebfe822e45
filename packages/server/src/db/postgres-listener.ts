import pg from 'pg';

type Handler = (payload: string) => void;

/**
 * LISTEN needs one connection that stays open (a pooled one would be handed to someone else).
 * This keeps that connection, re-connects after a failure and listens again on every channel,
 * so a restarted PostgreSQL only pauses realtime events instead of ending them.
 */
export class PostgresListener {
  private client: pg.Client | undefined;
  private connecting: Promise<pg.Client> | undefined;
  private readonly handlers = new Map<string, Set<Handler>>();
  private closed = false;
  private retryDelayMs = 250;

  constructor(private readonly url: string) {}

  async listen(channel: string, handler: Handler): Promise<() => Promise<void>> {
    let set = this.handlers.get(channel);
    if (!set) {
      set = new Set();
      this.handlers.set(channel, set);
      const client = await this.connection();
      await client.query(`listen ${pg.escapeIdentifier(channel)}`);
    }
    set.add(handler);
    return async () => {
      set.delete(handler);
      if (set.size === 0 && this.handlers.get(channel) === set) {
        this.handlers.delete(channel);
        await this.client?.query(`unlisten ${pg.escapeIdentifier(channel)}`).catch(() => {});
      }
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => {});
  }

  private connection(): Promise<pg.Client> {
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= this.connect().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async connect(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.url, application_name: 'patientdesk-listener' });
    client.on('notification', (message) => {
      for (const handler of this.handlers.get(message.channel) ?? []) handler(message.payload ?? '');
    });
    client.on('error', () => this.reconnectLater(client));
    client.on('end', () => this.reconnectLater(client));
    await client.connect();
    this.client = client;
    this.retryDelayMs = 250;
    return client;
  }

  private reconnectLater(lost: pg.Client): void {
    if (this.closed || this.client !== lost) return;
    this.client = undefined;
    this.retry();
  }

  private retry(): void {
    const delay = this.retryDelayMs;
    this.retryDelayMs = Math.min(delay * 2, 10_000);
    setTimeout(() => {
      if (this.closed) return;
      this.connection()
        .then(async (client) => {
          for (const channel of this.handlers.keys())
            await client.query(`listen ${pg.escapeIdentifier(channel)}`);
        })
        .catch(() => {
          this.client = undefined;
          this.retry();
        });
    }, delay).unref();
  }
}
