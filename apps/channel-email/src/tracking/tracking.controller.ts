import { Controller, Get, Headers, HttpCode, NotFoundException, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { RecordEngagement } from './record-engagement';
import { TrackingTokens, type TrackingClaim, type TrackingKind } from './tracking-token';

// The smallest transparent GIF.
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/**
 * What recipients' mail clients fetch: the open pixel, click redirects and the unsubscribe page
 * (RFC 8058 one-click: a POST to the List-Unsubscribe URL). A token that does not verify, or
 * that was minted for another route, gets 404 and counts nothing.
 */
@Controller('t')
export class TrackingController {
  constructor(
    private readonly tokens: TrackingTokens,
    private readonly recordEngagement: RecordEngagement,
  ) {}

  @Get('o/:file')
  async open(
    @Param('file') file: string,
    @Headers('user-agent') userAgent: string | undefined,
    @Res() response: Response,
  ): Promise<void> {
    await this.record(this.claimOf(file.replace(/\.gif$/, ''), 'open'), userAgent);
    response.set({ 'Content-Type': 'image/gif', 'Cache-Control': 'no-store, max-age=0' }).send(PIXEL);
  }

  @Get('c/:token')
  async click(
    @Param('token') token: string,
    @Headers('user-agent') userAgent: string | undefined,
    @Res() response: Response,
  ): Promise<void> {
    const claim = this.claimOf(token, 'click');
    if (!claim.url) throw new NotFoundException('unknown link');
    await this.record(claim, userAgent);
    response.redirect(302, claim.url);
  }

  /** Only shows the button: link scanners fetch every GET, and must not unsubscribe anyone. */
  @Get('u/:token')
  unsubscribePage(@Param('token') token: string, @Res() response: Response): void {
    this.claimOf(token, 'unsubscribe');
    response
      .type('html')
      .send(
        page(
          'Unsubscribe',
          `<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click">` +
            `<button type="submit">Unsubscribe from these emails</button></form>`,
        ),
      );
  }

  @Post('u/:token')
  @HttpCode(200)
  async unsubscribe(
    @Param('token') token: string,
    @Headers('user-agent') userAgent: string | undefined,
    @Res() response: Response,
  ): Promise<void> {
    await this.record(this.claimOf(token, 'unsubscribe'), userAgent);
    response.type('html').send(page('Unsubscribed', '<p>You will not receive these emails any more.</p>'));
  }

  private claimOf(token: string, kind: TrackingKind): TrackingClaim {
    const claim = this.tokens.verify(token);
    if (!claim || claim.kind !== kind) throw new NotFoundException('unknown link');
    return claim;
  }

  private async record(claim: TrackingClaim, userAgent: string | undefined): Promise<void> {
    if (!(await this.recordEngagement.execute(claim, { userAgent, at: new Date() })))
      throw new NotFoundException('unknown link');
  }
}

function page(title: string, content: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body>${content}</body></html>`;
}
