import { Module } from '@nestjs/common';
import { EmailModule } from '../email/email.module';
import { InboundSmtpServer } from './inbound-smtp.server';
import { RecordInbound } from './record-inbound';

/** Replies and bounces received over SMTP, published as the outcomes of the attempts they answer. */
@Module({ imports: [EmailModule], providers: [RecordInbound, InboundSmtpServer], exports: [RecordInbound] })
export class InboundModule {}
