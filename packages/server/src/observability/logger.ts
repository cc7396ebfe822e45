import pino, { type Logger } from 'pino';
import { redactPhi, redactUrl, scrubText } from './phi-redaction.ts';

export type { Logger };

interface RequestLike {
  method?: string;
  url?: string;
  id?: string;
  routeOptions?: { url?: string };
}

/**
 * The structured logger (pino) with PHI redaction built in: every log object is passed through
 * `redactPhi`, messages are scrubbed, and request URLs lose their query values.
 */
export function createLogger(options: {
  level: string;
  destination?: pino.DestinationStream;
  pretty?: boolean;
}): Logger {
  const settings: pino.LoggerOptions = {
    level: options.level,
    base: { service: 'patientdesk' },
    formatters: { log: (object) => redactPhi(object) as Record<string, unknown> },
    hooks: {
      logMethod(args, method) {
        method.apply(
          this,
          args.map((argument) =>
            typeof argument === 'string' ? scrubText(argument) : argument,
          ) as Parameters<typeof method>,
        );
      },
    },
    serializers: {
      req: (request: RequestLike) => ({
        method: request.method,
        url: request.url ? redactUrl(request.url) : undefined,
        route: request.routeOptions?.url,
      }),
      res: (reply: { statusCode?: number }) => ({ statusCode: reply.statusCode }),
      err: (error: Error) => redactPhi(error),
    },
  };
  if (options.destination) return pino(settings, options.destination);
  if (options.pretty) {
    return pino({
      ...settings,
      transport: {
        target: 'pino-pretty',
        options: { translateTime: 'HH:MM:ss', ignore: 'pid,hostname,service' },
      },
    });
  }
  return pino(settings);
}
