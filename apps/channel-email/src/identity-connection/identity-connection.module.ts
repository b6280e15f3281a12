import { Module } from '@nestjs/common';
import { IdentityHealthRepository } from '../identity-health/identity-health.repository';
import { RecordLogin } from '../identity-health/record-login';
import { IdentityConnectionConsumer } from './identity-connection.consumer';
import { IdentityConnectionRepository } from './identity-connection.repository';
import { IdentityConnections } from './identity-connections';
import { VerifyConnectionUseCase } from './verify-connection.use-case';

/** Each sender identity's own SMTP/IMAP connection, from enrollment's compacted topic. */
@Module({
  providers: [
    IdentityConnectionRepository,
    IdentityConnections,
    IdentityHealthRepository,
    RecordLogin,
    VerifyConnectionUseCase,
    IdentityConnectionConsumer,
  ],
  exports: [IdentityConnectionRepository, IdentityConnections, RecordLogin],
})
export class IdentityConnectionModule {}
