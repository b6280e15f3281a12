import { z } from 'zod';
import { stepTypeSchema } from '@stepwise/contracts';

const nodeId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ or -, at most 64')
  .describe('Stable id of the node inside its sequence');

export const delaySchema = z.object({
  amount: z.number().int().min(0).max(10_000),
  unit: z.enum(['minutes', 'hours', 'days', 'business_days']),
});
export type Delay = z.infer<typeof delaySchema>;

export const stepNodeSchema = z.object({
  kind: z.literal('step'),
  id: nodeId,
  type: stepTypeSchema,
  name: z.string().min(1).max(200),
  delay: delaySchema.default({ amount: 0, unit: 'minutes' }),
  identityId: z.string().min(1).max(64).optional().describe('Sender identity; required for channel steps'),
  subject: z.string().max(998).optional(),
  body: z.string().max(200_000).default(''),
  sameThreadAsPrevious: z.boolean().default(false),
  taskDueAfter: delaySchema.optional(),
  skipTaskWhenOverdue: z.boolean().default(false),
  waitForConnection: z
    .boolean()
    .optional()
    .describe('LinkedIn message to someone not connected yet: wait for the acceptance (default) or fail at once'),
  waitForConnectionDays: z
    .number()
    .int()
    .min(1)
    .max(90)
    .optional()
    .describe('LinkedIn message: days it waits for the connection request to be accepted before it fails'),
});
export type StepNode = z.infer<typeof stepNodeSchema>;

export const branchConditionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.enum(['opened', 'clicked', 'replied']), stepId: nodeId }),
  z.object({ kind: z.literal('accepted_connection'), stepId: nodeId }),
  z.object({ kind: z.enum(['has_email', 'has_phone', 'has_linkedin_profile']) }),
]);
export type BranchCondition = z.infer<typeof branchConditionSchema>;

export interface BranchNode {
  kind: 'branch';
  id: string;
  name: string;
  delay: Delay;
  condition: BranchCondition;
  yes: SequenceNode[];
  no: SequenceNode[];
}
export type SequenceNode = StepNode | BranchNode;

export const branchNodeSchema: z.ZodType<BranchNode, z.input<z.ZodType>> = z.lazy(() =>
  z.object({
    kind: z.literal('branch'),
    id: nodeId,
    name: z.string().min(1).max(200),
    delay: delaySchema.default({ amount: 0, unit: 'minutes' }),
    condition: branchConditionSchema,
    yes: z.array(sequenceNodeSchema).max(100),
    no: z.array(sequenceNodeSchema).max(100),
  }),
);

export const sequenceNodeSchema: z.ZodType<SequenceNode, z.input<z.ZodType>> = z.lazy(() =>
  z.discriminatedUnion('kind', [stepNodeSchema, branchNodeSchema as never]),
);

/** Every node in depth-first order, with where it sits: the order steps appear in reports. */
export interface PlacedNode {
  node: SequenceNode;
  position: number;
  branchId?: string;
  branchPath?: 'yes' | 'no';
}

export function flattenNodes(nodes: readonly SequenceNode[]): PlacedNode[] {
  const placed: PlacedNode[] = [];
  const walk = (list: readonly SequenceNode[], branchId?: string, branchPath?: 'yes' | 'no') => {
    for (const node of list) {
      placed.push({ node, position: placed.length, branchId, branchPath });
      if (node.kind === 'branch') {
        walk(node.yes, node.id, 'yes');
        walk(node.no, node.id, 'no');
      }
    }
  };
  walk(nodes);
  return placed;
}

/** Checks what the schema cannot: unique ids, conditions naming earlier steps, content where needed. */
export function definitionProblems(nodes: readonly SequenceNode[]): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  const seen = new Set<string>();
  for (const { node } of flattenNodes(nodes)) {
    if (seen.has(node.id)) problems.push({ path: `steps.${node.id}`, message: `duplicate node id ${node.id}` });
    seen.add(node.id);
    if (node.kind === 'branch' && 'stepId' in node.condition && !seen.has(node.condition.stepId)) {
      problems.push({
        path: `steps.${node.id}.condition.stepId`,
        message: `condition refers to ${node.condition.stepId}, which is not an earlier step`,
      });
    }
    if (
      node.kind === 'step' &&
      node.type !== 'linkedin_message' &&
      (node.waitForConnection !== undefined || node.waitForConnectionDays !== undefined)
    ) {
      problems.push({
        path: `steps.${node.id}.waitForConnectionDays`,
        message: 'only a linkedin_message step waits for a connection',
      });
    }
    if (node.kind === 'step' && isEmailStep(node) && !node.subject && !node.sameThreadAsPrevious) {
      problems.push({ path: `steps.${node.id}.subject`, message: 'an email step needs a subject' });
    }
  }
  if (seen.size === 0) problems.push({ path: 'steps', message: 'a sequence needs at least one step' });
  return problems;
}

function isEmailStep(node: StepNode): boolean {
  return node.type === 'automated_email' || node.type === 'manual_email' || node.type === 'marketing_email';
}

/**
 * The ids in structural order, with each step's type (a step that changes channel is a different
 * step to readers): launched sequences must keep exactly this list.
 */
export function structureSignature(nodes: readonly SequenceNode[]): string {
  return flattenNodes(nodes)
    .map(({ node, branchId, branchPath }) => {
      const kind = node.kind === 'step' ? `step(${node.type})` : node.kind;
      return `${branchId ?? ''}/${branchPath ?? ''}/${kind}:${node.id}`;
    })
    .join('|');
}
