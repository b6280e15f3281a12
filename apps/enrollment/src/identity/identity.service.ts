import { ConflictException, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { PrismaService } from '../database/prisma.service';
import { Prisma, type SenderIdentity } from '../generated/prisma/client';
import type { CreateIdentityBody } from './dto/create-identity.dto';

/** Sender identities: the mailboxes, numbers and social accounts steps are sent from. */
@Injectable()
export class IdentityService {
  constructor(private readonly prisma: PrismaService) {}

  async create(tenantId: string, body: CreateIdentityBody): Promise<SenderIdentity> {
    try {
      return await this.prisma.senderIdentity.create({
        data: { id: `idn_${randomUUID()}`, tenantId, ...body, workingHours: body.workingHours ?? Prisma.JsonNull },
      });
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
        throw new ConflictException(`a ${body.channel} identity with this address already exists`);
      }
      throw error;
    }
  }

  list(tenantId: string): Promise<SenderIdentity[]> {
    return this.prisma.senderIdentity.findMany({ where: { tenantId }, orderBy: { createdAt: 'asc' } });
  }
}
