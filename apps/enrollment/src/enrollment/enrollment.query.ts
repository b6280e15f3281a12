import { Injectable, NotFoundException } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';
import { SequenceService } from '../sequence/sequence.service';
import type { RecipientStatus } from '@stepwise/contracts';
import type { ListEnrollmentsQuery } from './dto/list-enrollments.query';
import type { StepFacts } from '../recipient-core/enrollment-state';
import { reachOutState } from '../recipient-core/reach-out-state';

/**
 * Read side of enrollments: recipient lists with filters and one recipient's timeline. A deleted
 * sequence is gone from every read, its recipients with it: 404 naming the sequence.
 */
@Injectable()
export class EnrollmentQuery {
  constructor(
    private readonly prisma: PrismaService,
    private readonly sequences: SequenceService,
  ) {}

  async list(tenantId: string, sequenceId: string, query: ListEnrollmentsQuery) {
    await this.sequences.get(tenantId, sequenceId);
    const items = await this.prisma.enrollment.findMany({
      where: {
        tenantId,
        sequenceId,
        removed: false,
        ...(query.status ? { status: { in: query.status } } : {}),
        ...(query.stepId ? { currentNodeId: query.stepId } : {}),
        ...(query.updatedSince ? { updatedAt: { gte: query.updatedSince } } : {}),
        ...(query.cursor ? { id: { gt: query.cursor } } : {}),
      },
      orderBy: { id: 'asc' },
      take: query.limit,
      include: { recipient: { select: { email: true, phone: true, linkedinProfile: true } } },
    });
    const nextCursor = items.length === query.limit ? items[items.length - 1].id : null;
    return {
      items: items.map(({ facts, delayLeftMs, ...rest }) => ({
        ...rest,
        delayLeftMs: toMs(delayLeftMs),
        reachOutState: reachOutState(rest.status as RecipientStatus, rest.substatus, facts as StepFacts),
      })),
      nextCursor,
    };
  }

  async get(tenantId: string, enrollmentId: string) {
    const enrollment = await this.prisma.enrollment.findFirst({
      where: { id: enrollmentId, tenantId },
      include: { transitions: { orderBy: { id: 'asc' } }, recipient: true, sequence: { select: { status: true } } },
    });
    if (!enrollment) throw new NotFoundException(`enrollment ${enrollmentId} not found`);
    const { transitions, sequence, delayLeftMs, ...fields } = enrollment;
    const rest = {
      ...fields,
      delayLeftMs: toMs(delayLeftMs),
      reachOutState: reachOutState(fields.status as RecipientStatus, fields.substatus, fields.facts as StepFacts),
    };
    if (sequence.status === 'deleted') {
      throw new NotFoundException(`enrollment ${enrollmentId} not found: sequence ${rest.sequenceId} was deleted`);
    }
    return {
      ...rest,
      timeline: transitions.map((t) => ({
        fromStatus: t.fromStatus,
        toStatus: t.toStatus,
        substatus: t.substatus,
        stepId: t.nodeId,
        cause: t.cause,
        occurredAt: t.occurredAt,
      })),
    };
  }
}

/** Milliseconds fit a JSON number; Prisma reads the BIGINT column as a bigint, which JSON cannot carry. */
function toMs(value: bigint | null): number | null {
  return value === null ? null : Number(value);
}
