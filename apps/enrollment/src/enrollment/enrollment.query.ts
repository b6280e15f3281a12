import { Injectable, NotFoundException } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';
import type { ListEnrollmentsQuery } from './dto/list-enrollments.query';

/** Read side of enrollments: recipient lists with filters and one recipient's timeline. */
@Injectable()
export class EnrollmentQuery {
  constructor(private readonly prisma: PrismaService) {}

  async list(tenantId: string, sequenceId: string, query: ListEnrollmentsQuery) {
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
    return { items: items.map(({ facts: _facts, ...rest }) => rest), nextCursor };
  }

  async get(tenantId: string, enrollmentId: string) {
    const enrollment = await this.prisma.enrollment.findFirst({
      where: { id: enrollmentId, tenantId },
      include: { transitions: { orderBy: { id: 'asc' } }, recipient: true },
    });
    if (!enrollment) throw new NotFoundException(`enrollment ${enrollmentId} not found`);
    const { transitions, ...rest } = enrollment;
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
