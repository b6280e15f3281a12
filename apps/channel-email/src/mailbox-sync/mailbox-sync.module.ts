import { Module } from '@nestjs/common';
import { EmailModule } from '../email/email.module';
import { IdentityConnectionModule } from '../identity-connection/identity-connection.module';
import { InboundModule } from '../inbound/inbound.module';
import { MailboxCheckpointRepository } from './mailbox-checkpoint.repository';
import { MailboxLeaseRepository } from './mailbox-lease.repository';
import { MailboxSyncService } from './mailbox-sync.service';
import { RecordSyncedMail } from './record-synced-mail';

/** Replies read from connected identities' own mailboxes over IMAP. */
@Module({
  imports: [EmailModule, InboundModule, IdentityConnectionModule],
  providers: [MailboxLeaseRepository, MailboxCheckpointRepository, RecordSyncedMail, MailboxSyncService],
})
export class MailboxSyncModule {}
