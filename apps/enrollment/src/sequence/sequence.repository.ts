import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { PrismaService } from '../database/prisma.service';
import type { Prisma, Sequence as SequenceRow } from '../generated/prisma/client';
import { sequenceNodeSchema, type SequenceNode } from './sequence-definition';
import { enrollmentRuleSchema, type EnrollmentRule } from './dto/create-sequence.dto';
import type { SequenceStatus } from './sequence-catalog';

export interface Sequence {
  id: string;
  tenantId: string;
  name: string;
  status: SequenceStatus;
  definition: SequenceNode[];
  enrollmentRule: EnrollmentRule;
  openTrackingEnabled: boolean;
  launchedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const definitionSchema = z.array(sequenceNodeSchema);

/** Sequences of one tenant: every read is scoped by tenant, so another tenant's id is simply not found. */
@Injectable()
export class SequenceRepository {
  constructor(private readonly prisma: PrismaService) {}

  async create(data: Omit<Sequence, 'launchedAt' | 'createdAt' | 'updatedAt'>): Promise<Sequence> {
    const row = await this.prisma.sequence.create({
      data: {
        ...data,
        definition: data.definition as unknown as Prisma.InputJsonValue,
        enrollmentRule: data.enrollmentRule as Prisma.InputJsonValue,
      },
    });
    return toSequence(row);
  }

  async find(tenantId: string, id: string): Promise<Sequence | null> {
    const row = await this.prisma.sequence.findFirst({ where: { id, tenantId } });
    return row ? toSequence(row) : null;
  }

  async list(tenantId: string, status?: SequenceStatus): Promise<Sequence[]> {
    const rows = await this.prisma.sequence.findMany({
      where: { tenantId, status: status ?? { not: 'archived' } },
      orderBy: { createdAt: 'desc' },
      take: 500,
    });
    return rows.map(toSequence);
  }
}

export function toSequence(row: SequenceRow): Sequence {
  return {
    id: row.id,
    tenantId: row.tenantId,
    name: row.name,
    status: row.status as SequenceStatus,
    definition: definitionSchema.parse(row.definition),
    enrollmentRule: enrollmentRuleSchema.parse(row.enrollmentRule),
    openTrackingEnabled: row.openTrackingEnabled,
    launchedAt: row.launchedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
