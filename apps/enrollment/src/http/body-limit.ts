import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

/**
 * The largest JSON body the API reads: a bulk enrollment of MAX_RECIPIENTS_PER_REQUEST ordinary rows
 * is well under it. Anything larger is refused before it is parsed, with 413 and the limit named.
 */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

interface BodyParserError {
  type?: string;
  status?: number;
  length?: number;
}

export function limitJsonBodies(app: NestExpressApplication): void {
  app.useBodyParser('json', { limit: MAX_BODY_BYTES });
  // An error handler placed after the parser: its errors come here, before any route runs.
  app.use((error: BodyParserError, _request: Request, response: Response, next: NextFunction) => {
    if (error?.type !== 'entity.too.large') return next(error);
    response.status(413).json({
      statusCode: 413,
      error: 'Payload Too Large',
      message: `request body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB: send a bulk enrollment in several requests`,
    });
  });
}
